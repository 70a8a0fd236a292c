// Writing aids on the article change form: a live word count and reading time, length
// counters for the title and description, the search-result preview, and the checks panel
// asked again as the editor writes. Served from this site (CSP 'self').
"use strict";
(function () {
    function start() {
        const form = document.getElementById("article_form");
        if (!form) {
            return;
        }
        const WORDS_PER_MINUTE = 220; // as articles/richtext.py counts them
        const TITLE_MAX = 60;
        const DESCRIPTION_MAX = 160;
        const field = function (name) {
            return form.querySelector("[name=" + name + "]");
        };
        const panel = document.getElementById("checks-panel");

        function textOf(html) {
            // An inert document: nothing in it loads or runs. As articles/richtext.py reads it,
            // every element but those inside a run of text ends a word ("</p><p>", "<img>").
            const spaced = (html || "").replace(/<(\/?)(?!(?:a|abbr|b|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)\b)([a-z])/gi, " <$1$2");
            const doc = new DOMParser().parseFromString(spaced, "text/html");
            return doc.body.textContent || "";
        }
        function countWords(text) {
            // As articles/richtext.py counts them: a dash or a lone comma is no word; a letter's
            // marks and the invisible joiners stay inside its word ("नमस्ते" is one).
            const whole = text.replace(/[\p{M}\u00AD\u200C\u200D\u2060]/gu, "");
            return (whole.match(/[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu) || []).length;
        }
        function cut(text, limit) {
            if (text.length <= limit) {
                return text;
            }
            const head = text.slice(0, limit - 1);
            const space = head.lastIndexOf(" ");
            return (space > 0 ? head.slice(0, space) : head).replace(/[ ,;:]+$/, "") + " …";
        }

        // --- Word count and reading time, under the body and in the checks panel ---
        const body = field("body");
        let wordLine = null;
        if (body) {
            wordLine = document.createElement("p");
            wordLine.className = "writing-words";
            wordLine.id = "id_body_words";
            const row = body.closest(".form-row") || body.parentNode;
            row.appendChild(wordLine);
        }
        function updateWords() {
            if (!body) {
                return;
            }
            const words = countWords(textOf(body.value));
            const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
            const minutesText = minutes === 1 ? "1 minute" : minutes + " minutes";
            wordLine.textContent = words + (words === 1 ? " word" : " words") + " · " + minutesText + " to read";
            if (panel) {
                const wordsFact = panel.querySelector("[data-fact=words]");
                const minutesFact = panel.querySelector("[data-fact=minutes]");
                if (wordsFact) {
                    wordsFact.textContent = String(words);
                }
                if (minutesFact) {
                    minutesFact.textContent = minutesText;
                }
            }
        }

        // --- Length counters: "57 of about 60 characters" ---
        const counters = [];
        function addCounter(name, limit) {
            const input = field(name);
            if (!input) {
                return;
            }
            const note = document.createElement("p");
            note.className = "writing-count";
            note.id = input.id + "_count";
            input.insertAdjacentElement("afterend", note);
            const described = input.getAttribute("aria-describedby");
            input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
            counters.push(function () {
                const length = input.value.trim().length;
                const over = length > limit;
                note.textContent =
                    length + " of about " + limit + " characters" + (over ? ": search results cut the rest" : "");
                note.classList.toggle("writing-over", over);
            });
        }
        addCounter("title", TITLE_MAX);
        addCounter("seo_title", TITLE_MAX);
        addCounter("summary", DESCRIPTION_MAX);
        addCounter("meta_description", DESCRIPTION_MAX);

        // --- The search-result preview ---
        function updatePreview() {
            if (!panel) {
                return;
            }
            const value = function (name) {
                const input = field(name);
                return input ? input.value.trim() : "";
            };
            const title = panel.querySelector("[data-preview=title]");
            const path = panel.querySelector("[data-preview=path]");
            const description = panel.querySelector("[data-preview=description]");
            if (title) {
                title.textContent = cut(value("seo_title") || value("title"), TITLE_MAX);
            }
            if (path && value("slug")) {
                path.textContent = "/articles/" + value("slug") + "/";
            }
            if (description) {
                description.textContent = cut(value("meta_description") || value("summary"), DESCRIPTION_MAX);
            }
        }

        // --- The checks, asked again a moment after the editor stops typing ---
        const token = form.querySelector("input[name=csrfmiddlewaretoken]");
        let timer = null;
        let asked = 0;
        function recheck() {
            if (!panel || !panel.dataset.checksUrl || !token) {
                return;
            }
            const data = new FormData();
            for (const name of ["title", "slug", "seo_title", "summary", "meta_description", "body"]) {
                const input = field(name);
                if (input) {
                    data.append(name, input.value);
                }
            }
            // The featured image and the related links' targets: the checks read them too.
            for (const input of form.querySelectorAll("[name=featured_image], [name^='related_links-']")) {
                if (/^(featured_image|related_links-\d+-target)$/.test(input.name)) {
                    data.append(input.name, input.value);
                } else if (/^related_links-\d+-DELETE$/.test(input.name) && input.checked) {
                    data.append(input.name, "on");
                }
            }
            data.append("article_id", panel.dataset.articleId || "");
            const mine = ++asked;
            fetch(panel.dataset.checksUrl, {
                method: "POST",
                body: data,
                credentials: "same-origin",
                headers: { "X-CSRFToken": token.value },
            })
                .then(function (response) {
                    return response.ok ? response.text() : null;
                })
                .then(function (html) {
                    if (!html || mine !== asked) {
                        return; // an older answer, or none: the panel keeps what it shows
                    }
                    const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".checks-body");
                    const shown = panel.querySelector(".checks-body");
                    if (fresh && shown) {
                        shown.replaceChildren(...Array.from(fresh.childNodes).map((node) => document.adoptNode(node)));
                        updateWords();
                    }
                })
                .catch(function () {}); // offline for a moment: the next change asks again
        }

        // --- "After paragraph N": the body's paragraphs offered by their first words ---
        // A list the number fields share (a datalist: the field still takes a typed number).
        const paragraphList = document.createElement("datalist");
        paragraphList.id = "body-paragraphs";
        form.appendChild(paragraphList);
        function updateParagraphs() {
            if (!body) {
                return;
            }
            const doc = new DOMParser().parseFromString(body.value || "", "text/html");
            // The paragraphs of the text itself, as articles/richtext.py counts them.
            const paragraphs = Array.from(doc.querySelectorAll("p")).filter(function (p) {
                return !p.parentElement.closest("p, figure, blockquote, li, td, th, aside, details, table, nav, dl");
            });
            paragraphList.replaceChildren(
                ...paragraphs.map(function (p, index) {
                    const words = (p.textContent || "").trim().split(/\s+/).slice(0, 8).join(" ");
                    const option = document.createElement("option");
                    option.value = String(index + 1);
                    option.label = "After paragraph " + (index + 1) + ": " + words + "…";
                    return option;
                }),
            );
        }
        function offerParagraphs() {
            for (const input of form.querySelectorAll("input[name$='-after_paragraph']")) {
                input.setAttribute("list", paragraphList.id);
            }
        }
        document.addEventListener("formset:added", offerParagraphs);
        // Picking a paragraph places the link inline: only inline links take one.
        form.addEventListener("input", function (event) {
            const input = event.target;
            if (!input.name || !input.name.endsWith("-after_paragraph") || !input.value) {
                return;
            }
            const placement = field(input.name.replace(/after_paragraph$/, "placement"));
            if (placement && placement.value !== "inline") {
                placement.value = "inline";
            }
        });

        function update() {
            updateParagraphs();
            updateWords();
            counters.forEach(function (count) {
                count();
            });
            updatePreview();
        }
        // A chosen image or related article, or a related link marked for deletion.
        function recheckChoice(event) {
            const name = (event.target && event.target.name) || "";
            if (/^(featured_image|related_links-\d+-(target|DELETE))$/.test(name)) {
                window.clearTimeout(timer);
                timer = window.setTimeout(recheck, 300);
            }
        }
        form.addEventListener("change", recheckChoice);
        // The admin's article picker (select2) announces its choice through jQuery only.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(form).on("change", "select", recheckChoice);
        }
        form.addEventListener("input", function (event) {
            const name = event.target && event.target.name;
            if (["title", "slug", "seo_title", "summary", "meta_description", "body"].includes(name)) {
                update();
                window.clearTimeout(timer);
                timer = window.setTimeout(recheck, 1200);
            }
        });

        // "Go there": to the field, opening its section; the body's field is its editor.
        if (panel) {
            panel.addEventListener("click", function (event) {
                const link = event.target.closest && event.target.closest(".checks-goto");
                if (!link) {
                    return;
                }
                const input = field(link.dataset.field);
                if (!input) {
                    return;
                }
                event.preventDefault();
                const section = input.closest("details");
                if (section) {
                    section.open = true;
                }
                const row = input.closest(".form-row") || input;
                const editor = row.querySelector("[contenteditable=true]");
                row.scrollIntoView({ block: "center" });
                (editor || input).focus();
            });
        }
        // The body's editor is a text box of its own: give it the field's name.
        function nameEditor() {
            const row = body && (body.closest(".form-row") || body.parentNode);
            const editor = row && row.querySelector("[contenteditable=true]");
            const label = row && row.querySelector("label");
            if (editor && label && !editor.hasAttribute("aria-label")) {
                editor.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
            }
        }
        offerParagraphs();
        document.addEventListener("prose-editor:ready", nameEditor);
        window.addEventListener("load", nameEditor);
        update();
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
