// The article change form's layout helpers: keeps the body editor's toolbar just under the
// sticky action bar (its height can change as its buttons wrap), and runs the share panel
// (create and revoke by fetch, so the article form and what is typed in it stay as they are;
// copy to the clipboard). Served from this site (CSP 'self'); without it the panel's buttons
// post the form to their own address and come back.
"use strict";
function bylineFormLayout() {
    const form = document.getElementById("article_form");
    if (!form) {
        return;
    }

    // --- The action bar's height, for what sticks under it. ---
    const bar = form.querySelector(".action-bar");
    if (bar && window.ResizeObserver) {
        new ResizeObserver(function () {
            form.style.setProperty("--action-bar-height", bar.offsetHeight + "px");
        }).observe(bar);
    }
    // The "More" menu closes with Escape (back on its button) and on a click elsewhere.
    const more = form.querySelector(".action-bar-more");
    if (more) {
        more.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && more.open) {
                more.open = false;
                more.querySelector("summary").focus();
            }
        });
        document.addEventListener("click", function (event) {
            if (more.open && !more.contains(event.target)) {
                more.open = false;
            }
        });
    }

    // --- Publish says "Schedule" while the publication time is in the future (as WordPress). ---
    // Both times are the site's (the field is typed in it; the bar brings the site's "now").
    const publish = form.querySelector("button[name=_continue][value=publish][data-site-now]");
    const day = form.querySelector("[name=published_at_0]");
    const hour = form.querySelector("[name=published_at_1]");
    if (publish && day && hour && String.prototype.strptime && window.get_format) {
        const publishLabel = publish.textContent;
        const opened = Date.now();
        const [datePart, timePart] = publish.dataset.siteNow.split("T");
        const siteNow = Date.parse(datePart + "T" + timePart + "Z");
        const typed = function () {
            // The format the admin's own calendar writes and reads.
            const date = day.value.trim() ? day.value.trim().strptime(window.get_format("DATE_INPUT_FORMATS")[0]) : null;
            if (!date || isNaN(date)) {
                return null;
            }
            const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(hour.value.trim()) || [0, 0, 0, 0];
            return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), +clock[1], +clock[2], +(clock[3] || 0));
        };
        const relabel = function () {
            const when = typed();
            const future = when !== null && when > siteNow + (Date.now() - opened);
            const label = future ? publish.dataset.scheduleLabel : publishLabel;
            if (publish.textContent !== label) {
                publish.textContent = label;
            }
        };
        form.addEventListener("input", relabel);
        form.addEventListener("change", relabel);
        // The admin's calendar and clock fill the fields without an event; time passes too.
        window.setInterval(relabel, 1000);
        relabel();
    }

    // --- The side column's search-as-you-type pickers (select2), named for screen readers. ---
    // select2 names its box by the choice shown (nothing while empty) and adds an unnamed search
    // field; each is named by the field's own label instead. A tag list's "clear all" cross is
    // left out: it sat inside the list of tags, and each tag keeps its own remove cross.
    form.querySelectorAll(".form-column-side select.admin-autocomplete[multiple]").forEach(
        function (select) {
            select.setAttribute("data-allow-clear", "false"); // read when select2 starts, after this
        },
    );
    function nameAutocompletes() {
        form.querySelectorAll(".form-column-side select.admin-autocomplete").forEach(
            function (select) {
                const label = form.querySelector('label[for="' + select.id + '"]');
                const box = select.parentElement.querySelector(".select2-selection");
                if (!label || !box) {
                    return;
                }
                label.id = label.id || select.id + "_label";
                const shown = box.querySelector(".select2-selection__rendered[id]");
                const names = shown ? label.id + " " + shown.id : label.id;
                box.setAttribute("aria-labelledby", names);
                if (shown && shown.getAttribute("role") === "textbox") {
                    shown.setAttribute("aria-labelledby", names);
                }
                const search = box.querySelector(".select2-search__field");
                if (search) {
                    search.setAttribute("aria-labelledby", label.id);
                }
            },
        );
    }
    // select2 starts on jQuery's "ready", after this script: name its parts once it has.
    window.addEventListener("load", nameAutocompletes);
    window.setTimeout(nameAutocompletes, 0);

    // --- The share panel. ---
    const panel = document.getElementById("share-panel");
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!panel || !token) {
        return;
    }
    const status = panel.querySelector(".share-status");
    function say(text) {
        // Emptied first, so saying the same thing twice is announced twice.
        status.textContent = "";
        window.setTimeout(function () {
            status.textContent = text;
        }, 50);
    }
    function enhance() {
        panel.querySelectorAll(".share-copy").forEach(function (button) {
            button.hidden = false;
        });
        // With this script a new link goes to the clipboard as it is made: one click, not two.
        const create = panel.querySelector(".share-create");
        if (create) {
            create.textContent = "Create a share link and copy it";
        }
    }
    function shown() {
        return new Set(Array.from(panel.querySelectorAll(".share-url"), (input) => input.id));
    }
    enhance();

    function copy(input) {
        const text = input.value;
        const fallback = function () {
            input.focus();
            input.select();
            return document.execCommand("copy");
        };
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text).then(
                function () {
                    return true;
                },
                function () {
                    return fallback();
                },
            );
        }
        return Promise.resolve(fallback());
    }

    panel.addEventListener("click", function (event) {
        const button = event.target.closest("button");
        if (!button || !panel.contains(button)) {
            return;
        }
        if (button.classList.contains("share-copy")) {
            const input = document.getElementById(button.dataset.copy);
            copy(input).then(function (copied) {
                say(copied ? "Copied to the clipboard." : "Select the address and copy it.");
            });
            return;
        }
        const url = button.getAttribute("formaction");
        if (!url) {
            return;
        }
        event.preventDefault(); // not the article form: only this panel changes
        const revoking = button.classList.contains("share-revoke");
        const before = shown();
        const body = new FormData();
        body.append("fragment", "1");
        button.disabled = true;
        fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": token.value },
        })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                return response.text();
            })
            .then(function (html) {
                const answer = new DOMParser().parseFromString(html, "text/html");
                const links = answer.querySelector(".share-links");
                if (!links) {
                    throw new Error("no panel"); // the login page, after the session ran out
                }
                panel.querySelector(".share-links").replaceWith(links);
                enhance();
                const done = links.querySelector(".share-done");
                const told = done ? done.textContent : "";
                const made = Array.from(panel.querySelectorAll(".share-url")).find((input) => !before.has(input.id));
                // Focus stays in the panel: on the new link's Copy, or on Create after a revoke.
                const next = revoking
                    ? panel.querySelector(".share-create")
                    : panel.querySelector(made ? "[data-copy='" + made.id + "']" : ".share-copy");
                if (next) {
                    next.focus();
                }
                if (!made) {
                    say(told);
                    return;
                }
                // The link is made whatever the clipboard does: a failed copy only says so.
                return copy(made)
                    .catch(function () {
                        return false;
                    })
                    .then(function (copied) {
                        say(told + " " + (copied ? "Copied to the clipboard." : "Copy it with its Copy button."));
                        if (next) {
                            next.focus(); // the copy's fallback selects the address to copy it
                        }
                    });
            })
            .catch(function () {
                button.disabled = false;
                say("That did not work (offline, or signed out?). Nothing changed; try again.");
            });
    });
}
// Loaded in the page's head with the admin's form media: start once the form is there.
if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bylineFormLayout);
} else {
    bylineFormLayout();
}
