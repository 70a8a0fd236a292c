// "Add as related link" on a suggestion adds a row to the related links on this form, kept with
// the rest of the form until it is saved: nothing typed is lost and nothing reloads. Without
// this script the button saves the link at once (see _link_suggestions.html).
"use strict";
(function () {
    function start() {
        const panel = document.querySelector(".link-suggestions");
        const group = document.getElementById("related_links-group");
        if (!panel || !group) {
            return;
        }
        const status = document.createElement("p");
        status.className = "link-suggestions__status";
        status.setAttribute("role", "status");
        panel.prepend(status);
        // Suggestions added to the form, by article id: their button comes back if the row goes.
        const added = new Map();
        function targets() {
            return Array.from(group.querySelectorAll("tr.form-row:not(.empty-form) select[name$='-target']"));
        }
        function inForm(id) {
            return targets().some((select) => select.value === id);
        }
        function sync() {
            for (const [id, entry] of added) {
                if (inForm(id)) {
                    continue;
                }
                added.delete(id);
                entry.note.replaceWith(entry.button);
                if (entry.item) {
                    entry.item.classList.remove("link-suggestions__item--added");
                }
                status.textContent =
                    "“" + entry.button.dataset.targetTitle + "” is no longer in the related links; " +
                    "it can be added again.";
            }
        }
        document.addEventListener("formset:removed", function (event) {
            if (event.detail && event.detail.formsetName === "related_links") {
                sync();
            }
        });
        // Another article picked in the row: the picker (select2) says so through jQuery only.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(group).on("change", "select", sync);
        } else {
            group.addEventListener("change", sync);
        }

        panel.addEventListener("click", function (event) {
            const button = event.target.closest && event.target.closest("button[data-target-id]");
            const add = group.querySelector(".add-row a");
            // Hidden by Django once the form holds as many links as it takes: the button then
            // saves the link as it does without this script.
            if (!button || !add || !add.offsetParent) {
                return;
            }
            event.preventDefault();
            const id = button.dataset.targetId;
            const picked = targets().find((select) => select.value === id);
            if (picked) {
                // Already picked by hand in a row not yet saved: a second row would be refused.
                status.textContent = "“" + button.dataset.targetTitle + "” is already in the related links.";
                const there = picked.closest("tr").querySelector("input[name$='-after_paragraph']");
                (there || picked).focus();
                return;
            }
            add.click(); // Django's inlines.js adds the row and its article picker
            const rows = group.querySelectorAll("tr.form-row:not(.empty-form)");
            const row = rows[rows.length - 1];
            const select = row && row.querySelector("select[name$='-target']");
            if (!select) {
                return;
            }
            select.append(new Option(button.dataset.targetTitle, button.dataset.targetId, true, true));
            // The picker (select2) and the checks panel listen through jQuery.
            if (window.django && window.django.jQuery) {
                window.django.jQuery(select).trigger("change");
            } else {
                select.dispatchEvent(new Event("change", { bubbles: true }));
            }
            const item = button.closest("li");
            const note = document.createElement("span");
            note.className = "link-suggestions__added";
            note.textContent = "Added to the related links";
            button.replaceWith(note);
            added.set(button.dataset.targetId, { button: button, note: note, item: item });
            status.textContent =
                "“" + button.dataset.targetTitle + "” added to the related links, at the end of the " +
                "article. Pick a paragraph to place it in the text; it is saved with the article.";
            const place = row.querySelector("input[name$='-after_paragraph']");
            (place || select).focus();
            if (item) {
                item.classList.add("link-suggestions__item--added");
            }
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
