// The article change form: asks before leaving it with unsaved changes, keeps what is typed
// as an autosave (every 30 s and when the tab is hidden or closed), and keeps the "someone else
// has this article open" notice current. Served from this site (CSP 'self').
"use strict";
(function () {
    const form = document.getElementById("article_form");
    if (!form) {
        return;
    }
    const ASK = "You have unsaved changes on this article. Leave and lose them?";

    // --- Leave guard: the form's values now, compared with those it was opened with. ---
    function values() {
        const pairs = [];
        for (const [name, value] of new FormData(form)) {
            if (name !== "csrfmiddlewaretoken") {
                pairs.push([name, value instanceof File ? value.name + ":" + value.size : value]);
            }
        }
        return JSON.stringify(pairs);
    }
    let opened = null;
    let typed = false; // the prose editor's typing counts even before it syncs its textarea
    let leaving = false;
    let submitting = false; // the form is being saved (or its autosave discarded)
    function changed() {
        return typed || (opened !== null && values() !== opened);
    }
    // After load: the editors and widgets have filled in their fields by then.
    window.addEventListener("load", function () {
        opened = values();
    });
    form.addEventListener("input", function (event) {
        if (event.target.closest && event.target.closest("[contenteditable=true]")) {
            typed = true;
        }
    });

    function mayLeave() {
        if (leaving || !changed()) {
            return true;
        }
        if (window.confirm(ASK)) {
            leaving = true; // asked once: the browser's own unload prompt need not ask again
            return true;
        }
        return false;
    }

    form.addEventListener("submit", function (event) {
        const submitter = event.submitter;
        if (submitter && submitter.getAttribute("formtarget") === "_blank") {
            return; // Preview: a new tab shows the form's content, this form stays as it is
        }
        const elsewhere = submitter && submitter.hasAttribute("formaction");
        // The suggestion panel's one-click buttons post elsewhere: this form is not saved.
        if (elsewhere && !mayLeave()) {
            event.preventDefault();
            return;
        }
        leaving = true;
        submitting = !elsewhere || submitter.name === "discard_autosave";
    });

    document.addEventListener(
        "click",
        function (event) {
            const link = event.target.closest && event.target.closest("a[href]");
            if (!link || event.defaultPrevented) {
                return;
            }
            const href = link.getAttribute("href");
            const popup =
                link.classList.contains("related-widget-wrapper-link") ||
                link.classList.contains("related-lookup");
            if (href.startsWith("#") || href.startsWith("javascript:") || popup) {
                return; // widgets and in-page links: the form stays
            }
            if (link.target === "_blank" || event.ctrlKey || event.metaKey || event.shiftKey) {
                return; // a new tab or window: the form stays
            }
            if (!mayLeave()) {
                event.preventDefault();
                event.stopImmediatePropagation();
            }
        },
        true,
    );

    window.addEventListener("beforeunload", function (event) {
        if (!leaving && changed()) {
            event.preventDefault();
            event.returnValue = ""; // older browsers show their prompt only with this set
        }
    });
    // Coming back through the browser's cache: the form is on screen again, guard it again.
    window.addEventListener("pageshow", function () {
        leaving = false;
        submitting = false;
    });

    const token = form.querySelector("input[name=csrfmiddlewaretoken]");

    // --- Autosave: the form as typed, kept apart from the article (no save, no new version). ---
    const autosave = form.querySelector(".autosave[data-autosave-url]");
    if (autosave && token) {
        const url = autosave.dataset.autosaveUrl;
        const status = autosave.querySelector(".autosave-status");
        let sent = null;
        const payload = function () {
            const data = new FormData();
            for (const [name, value] of new FormData(form)) {
                if (!(value instanceof File)) {
                    data.append(name, value); // a chosen file is not kept (only what is typed)
                }
            }
            return data;
        };
        const keep = function (pageGoing) {
            // Being saved: the form goes to the server. (Leaving on purpose still keeps it:
            // the next visit offers it back, and it can be discarded there.)
            if (submitting || !changed()) {
                return;
            }
            const now = values();
            if (now === sent) {
                return;
            }
            sent = now;
            const body = payload();
            // The tab is going away: a beacon outlives the page.
            if (pageGoing && navigator.sendBeacon && navigator.sendBeacon(url, body)) {
                return;
            }
            fetch(url, {
                method: "POST",
                body: body,
                credentials: "same-origin",
                keepalive: pageGoing,
                headers: { "X-CSRFToken": token.value },
            })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data && status) {
                        status.textContent =
                            "Your unsaved changes were kept at " +
                            data.saved_at +
                            ", in case this tab closes. Save to keep them for good.";
                    }
                })
                .catch(function () {
                    sent = null; // offline for a moment: the next round tries again
                });
        };
        window.setInterval(function () {
            keep(false);
        }, 30000);
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden") {
                keep(true);
            }
        });
        window.addEventListener("pagehide", function () {
            keep(true);
        });
    }

    // --- Presence: "still open" every 20 s; the server forgets a form after a minute. ---
    const notice = form.querySelector(".presence-notice[data-presence-url]");
    if (notice && token) {
        const beat = function () {
            fetch(notice.dataset.presenceUrl, {
                method: "POST",
                credentials: "same-origin",
                headers: { "X-CSRFToken": token.value },
            })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data) {
                        notice.textContent = data.notice;
                        notice.hidden = !data.notice;
                    }
                })
                .catch(function () {}); // offline for a moment: the next beat tries again
        };
        window.setInterval(beat, 20000);
    }
})();
