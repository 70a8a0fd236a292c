/* The library choosers: a modal dialog to search the library (or upload to it) and to find an
 * article by title. window.BylineChooser.chooseImage / chooseLink return a Promise of the
 * choice, or null when the editor closes the dialog. The featured image widget uses it here;
 * the body editor's buttons use it from media/editor_choosers.js.
 *
 * Keyboard: the dialog is modal (showModal makes the page behind it inert) and Tab stays
 * inside it; Escape closes it; the results are a listbox: arrow keys, Home and End move, Enter
 * or Space chooses.
 */
(function () {
  "use strict";

  let sequence = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function field(label, input, help) {
    const id = `chooser-field-${++sequence}`;
    input.id = id;
    const row = el("div", { class: "chooser__field" }, el("label", { for: id, text: label }), input);
    if (help) {
      const helpId = `${id}-help`;
      input.setAttribute("aria-describedby", helpId);
      row.append(el("p", { class: "chooser__help", id: helpId, text: help }));
    }
    return row;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* A modal dialog with a title, a close button and Tab kept inside. */
  function openDialog(title, className) {
    const titleId = `chooser-title-${++sequence}`;
    const dialog = el("dialog", { class: `chooser ${className}`, "aria-labelledby": titleId });
    const close = el("button", { type: "button", class: "chooser__close", "aria-label": "Close", text: "×" });
    const body = el("div", { class: "chooser__body" });
    dialog.append(el("div", { class: "chooser__head" }, el("h2", { id: titleId, text: title }), close), body);
    document.body.append(dialog);
    const opener = document.activeElement;
    let settle;
    const done = new Promise((resolve) => (settle = resolve));
    let result = null;
    function finish(value) {
      result = value;
      dialog.close();
    }
    close.addEventListener("click", () => finish(null));
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener && opener.focus) opener.focus();
      settle(result);
    });
    dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Tab") return;
      const focusable = [...dialog.querySelectorAll(
        "button:not([disabled]):not([hidden]), input:not([type=hidden]):not([disabled]), textarea, select, summary, a[href], [tabindex='0']",
      )].filter((node) => (node.checkVisibility ? node.checkVisibility() : node.offsetParent !== null));
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.showModal();
    return { dialog, body, finish, done };
  }

  /* A listbox of results driven from the keyboard; onChoose(item) when one is chosen. */
  function listbox(label, render, onChoose) {
    const list = el("ul", { class: "chooser__results", role: "listbox", "aria-label": label, tabindex: "0" });
    let items = [];
    let active = -1;
    function activate(index) {
      const options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = Math.max(0, Math.min(index, options.length - 1));
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      list.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function columns() {
      const options = list.querySelectorAll("[role=option]");
      if (options.length < 2) return 1;
      const top = options[0].offsetTop;
      let n = 0;
      for (const option of options) {
        if (option.offsetTop !== top) break;
        n += 1;
      }
      return Math.max(1, n);
    }
    list.addEventListener("keydown", (event) => {
      const step = { ArrowDown: columns(), ArrowUp: -columns(), ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step !== undefined) {
        event.preventDefault();
        activate(active < 0 ? 0 : active + step);
      } else if (event.key === "Home") {
        event.preventDefault();
        activate(0);
      } else if (event.key === "End") {
        event.preventDefault();
        activate(items.length - 1);
      } else if ((event.key === "Enter" || event.key === " ") && active >= 0) {
        event.preventDefault();
        onChoose(items[active]);
      }
    });
    list.addEventListener("focus", () => {
      if (active < 0 && items.length) activate(0);
    });
    return {
      list,
      show(found) {
        items = found;
        active = -1;
        list.removeAttribute("aria-activedescendant");
        list.replaceChildren(
          ...found.map((item, i) => {
            const option = el("li", { role: "option", id: `chooser-option-${++sequence}`, "aria-selected": "false" });
            render(option, item);
            option.addEventListener("click", () => onChoose(item));
            option.addEventListener("mousemove", () => {
              if (active !== i) activate(i);
            });
            return option;
          }),
        );
        // New results while the editor is in the list (a search answered late): stay in it.
        if (document.activeElement === list && found.length) activate(0);
      },
    };
  }

  /* Search as the editor types (debounced); the status line says how many were found. */
  function searchBox(label, url, onResults, status) {
    const input = el("input", { type: "search", class: "chooser__search", autocomplete: "off" });
    let timer = null;
    let latest = 0;
    async function run() {
      const ticket = ++latest;
      const query = new URL(url, window.location.href);
      query.searchParams.set("q", input.value);
      try {
        const response = await fetch(query, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (ticket === latest) onResults(data.results);
      } catch (error) {
        status.textContent = "The search failed; try again.";
      }
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        run();
      }
    });
    return { row: field(label, input), input, run };
  }

  /* Choose an image. With perUse, a second step lets the editor adjust alt text and caption for
   * this use (filled from the library). Resolves to the image's JSON (alt and caption as set). */
  function chooseImage({ searchUrl, uploadUrl, perUse = false, title = "Choose an image" }) {
    const { body, finish, done, dialog } = openDialog(title, "chooser--image");
    const status = el("p", { class: "chooser__status", role: "status" });
    let pick;
    const results = listbox(
      "Images in the library",
      (option, image) => {
        option.append(
          el("img", { src: image.thumbnail, alt: "", width: "160", height: "90", loading: "lazy" }),
          el("span", { class: "chooser__name", text: image.title }),
        );
      },
      (image) => pick(image),
    );
    const search = searchBox("Search the library", searchUrl, (found) => {
      results.show(found);
      status.textContent = found.length
        ? `${found.length} image${found.length === 1 ? "" : "s"}${found.length >= 24 ? " (the newest; search to narrow down)" : ""}`
        : "No image matches; upload one above.";
    }, status);

    // Upload right here: the library's own checks (format, size, decompression bombs) apply.
    const file = el("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp", required: true });
    const alt = el("input", { type: "text", name: "alt", maxlength: "250", required: true });
    const caption = el("input", { type: "text", name: "caption" });
    const credit = el("input", { type: "text", name: "credit", maxlength: "200" });
    const uploadErrors = el("div", { class: "chooser__errors", role: "alert" });
    // The file input is in view at once (no tab to open); the words it needs come with the file.
    const describe = el("div", { class: "chooser__upload-words", hidden: true },
      field("Alt text", alt, "Describe the image for readers who cannot see it."),
      field("Caption", caption),
      field("Credit", credit),
      uploadErrors,
      el("button", { type: "submit", class: "button", text: "Upload and choose" }),
    );
    const upload = el("form", { class: "chooser__upload", novalidate: true },
      field("Image file", file, "JPEG, PNG or WebP, up to 10 MB."),
      describe,
    );
    file.addEventListener("change", () => {
      describe.hidden = !file.files.length;
      if (file.files.length) alt.focus();
    });
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      uploadErrors.replaceChildren();
      if (!file.files.length || !alt.value.trim()) {
        uploadErrors.append(el("p", { text: "Choose a file and describe it in the alt text." }));
        (file.files.length ? alt : file).focus();
        return;
      }
      const data = new FormData(upload);
      data.set("focal_x", "0.5");
      data.set("focal_y", "0.5");
      const response = await fetch(uploadUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({ errors: { __all__: [{ message: "The upload failed." }] } }));
      if (!response.ok) {
        for (const messages of Object.values(answer.errors || {})) {
          for (const { message } of messages) uploadErrors.append(el("p", { text: message }));
        }
        return;
      }
      pick(answer);
    });
    const uploadTitle = el("h3", { id: `chooser-upload-${++sequence}`, text: "Upload a new image" });
    const uploadBox = el("section", { class: "chooser__upload-box", "aria-labelledby": uploadTitle.id }, uploadTitle, upload);

    const browse = el("div", { class: "chooser__browse" }, search.row, uploadBox, status, results.list);
    body.append(browse);

    pick = (image) => {
      if (!perUse) {
        finish(image);
        return;
      }
      // Step two: the words for this use, filled from the library.
      const useAlt = el("input", { type: "text", maxlength: "250", value: image.alt, required: true });
      const useCaption = el("textarea", { rows: "2" });
      useCaption.value = image.caption || "";
      const errors = el("div", { class: "chooser__errors", role: "alert" });
      const back = el("button", { type: "button", class: "button chooser__back", text: "Back to the library" });
      const form = el("form", { class: "chooser__use" },
        el("img", { src: image.thumbnail, alt: "", class: "chooser__chosen", width: "320", height: "180" }),
        el("p", { class: "chooser__name", text: image.title }),
        field("Alt text for this use", useAlt, "Filled from the library; adjust it to what the picture shows here."),
        field("Caption for this use", useCaption),
        errors,
        el("div", { class: "chooser__actions" }, el("button", { type: "submit", class: "button default", text: "Insert image" }), back),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (!useAlt.value.trim()) {
          errors.replaceChildren(el("p", { text: "Describe the image in its alt text." }));
          useAlt.focus();
          return;
        }
        finish({ ...image, alt: useAlt.value.trim(), caption: useCaption.value.trim() });
      });
      back.addEventListener("click", () => {
        form.remove();
        browse.hidden = false;
        search.input.focus();
      });
      browse.hidden = true;
      body.append(form);
      useAlt.focus();
    };

    search.run();
    search.input.focus();
    return done;
  }

  /* Choose a link: an address typed, or an article found by title (drafts marked). Resolves to
   * {href, articleId, text} or {remove: true}. */
  function chooseLink({ searchUrl, href = "", articleId = null, canRemove = false, query = "" }) {
    const { body, finish, done } = openDialog("Link", "chooser--link");
    const status = el("p", { class: "chooser__status", role: "status" });
    const results = listbox(
      "Articles",
      (option, article) => {
        option.append(el("span", { class: "chooser__name", text: article.title }));
        option.append(el("span", { class: `chooser__badge chooser__badge--${article.state}`, text: article.state_label }));
      },
      (article) => finish({ href: article.url, articleId: article.id, text: article.title }),
    );
    const search = searchBox("Find an article by title", searchUrl, (found) => {
      results.show(found);
      status.textContent = found.length ? `${found.length} article${found.length === 1 ? "" : "s"}` : "No article matches.";
    }, status);
    const url = el("input", { type: "url", value: articleId ? "" : href, placeholder: "https://" });
    const urlForm = el("form", { class: "chooser__url" },
      field("Or link to an address", url),
      el("div", { class: "chooser__actions" }, el("button", { type: "submit", class: "button", text: "Link to this address" })),
    );
    urlForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = url.value.trim();
      if (value) finish({ href: value, articleId: null, text: value });
    });
    body.append(search.row, status, results.list, urlForm);
    if (canRemove) {
      const remove = el("button", { type: "button", class: "button chooser__remove", text: "Remove the link" });
      remove.addEventListener("click", () => finish({ remove: true }));
      body.append(remove);
    }
    search.input.value = query;
    search.run();
    search.input.focus();
    search.input.select();
    return done;
  }

  // openDialog, field and el also serve the editor's own block dialogs (articles/editor_blocks.js).
  window.BylineChooser = { chooseImage, chooseLink, openDialog, field, el };

  /* The featured image widget: a thumbnail, Choose and Remove. */
  function setUpWidget(widget) {
    const input = widget.querySelector("input[type=hidden]");
    const preview = widget.querySelector(".image-chooser__preview");
    const thumb = widget.querySelector(".image-chooser__thumb");
    const name = widget.querySelector(".image-chooser__title");
    const empty = widget.querySelector(".image-chooser__empty");
    const choose = widget.querySelector(".image-chooser__choose");
    const clear = widget.querySelector(".image-chooser__clear");
    const altInput = input.form && input.form.querySelector(`[name="${input.name}_alt"]`);
    function show(image) {
      input.value = image ? image.id : "";
      preview.hidden = !image;
      empty.hidden = !!image;
      clear.hidden = !image;
      choose.textContent = image ? "Choose another image" : "Choose an image";
      if (image) {
        thumb.src = image.thumbnail;
        name.textContent = image.title;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    choose.addEventListener("click", async () => {
      const image = await chooseImage({
        searchUrl: widget.dataset.searchUrl,
        uploadUrl: widget.dataset.uploadUrl,
        title: widget.dataset.dialogTitle || "Choose the featured image",
      });
      if (!image) return;
      show(image);
      if (altInput) altInput.value = image.alt; // the library's words, editable for this use
    });
    clear.addEventListener("click", () => {
      show(null);
      if (altInput) altInput.value = "";
      choose.focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-image-chooser]").forEach(setUpWidget);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
