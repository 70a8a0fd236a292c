/* Ordering inline rows (related links; any inline with a position) by dragging or from the keyboard.
 *
 * Any inline whose rows have a "position" field gets, per row, a drag handle and "Move up" /
 * "Move down" buttons; the position inputs are hidden but still what is posted (without
 * JavaScript they stay visible and are typed as before). Each move is announced in a live
 * region. Positions are renumbered 1, 2, 3… in the order shown, only when that order differs
 * from what the stored positions already give, and never on an untouched empty row (that would
 * make Django validate it as a new item).
 *
 * Django's inlines.js renumbers the forms' indexes in page order when a new row is removed;
 * after a move that could put a new row among the existing ones' indexes (Django would then
 * drop it), so the indexes are put back: existing rows first, new rows after.
 */
(function () {
  "use strict";

  const FIELD = "position";

  function rowsOf(group) {
    return [...group.querySelectorAll(".inline-related:not(.tabular), tr.form-row")].filter(
      (row) => !row.classList.contains("empty-form") && row.querySelector(`[name$="-${FIELD}"]`),
    );
  }

  function input(row, name) {
    return row.querySelector(`[name$="-${name}"]`);
  }

  function deleted(row) {
    const box = input(row, "DELETE");
    return Boolean(box && box.checked);
  }

  /* The value a field holds, to compare a row with the empty row Django would skip. */
  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") return String(field.checked);
    return field.value;
  }

  function suffix(name) {
    return name.replace(/^.*-(?:\d+|__prefix__)-/, "");
  }

  /* Whether a new row is as Django's empty form left it (the template row holds those values):
   * Django skips such a row, and a position set on it would make Django validate it. */
  function untouched(row, template) {
    if (row.dataset.orderInitial === "true" || !template) return false;
    const blank = new Map();
    for (const field of template.querySelectorAll("input, textarea, select")) {
      if (field.name) blank.set(suffix(field.name), valueOf(field));
    }
    for (const field of row.querySelectorAll("input, textarea, select")) {
      const name = field.name ? suffix(field.name) : "";
      if (!name || name === FIELD || name === "DELETE" || field.type === "hidden") continue;
      if ((blank.get(name) ?? "") !== valueOf(field)) return false;
    }
    return true;
  }

  function nameOf(row, index) {
    const question = input(row, "question");
    if (question && question.value.trim()) return `“${question.value.trim()}”`;
    const target = input(row, "target");
    if (target && target.selectedOptions && target.selectedOptions.length && target.value) {
      return `“${target.selectedOptions[0].textContent.trim()}”`;
    }
    const anchor = input(row, "anchor_text");
    if (anchor && anchor.value.trim()) return `“${anchor.value.trim()}”`;
    return `item ${index + 1}`;
  }

  /* Rows in the order their positions give readers: by (position, id), a new row (no id yet)
   * after equal ones. */
  function inStoredOrder(rows) {
    const key = (row, index) => [Number(input(row, FIELD).value) || 0, row.dataset.orderInitial === "true" ? 0 : 1, index];
    return rows
      .map((row, index) => [key(row, index), row])
      .sort(([a], [b]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
      .map(([, row]) => row);
  }

  /* A form shown again (after an error, or a reopened draft) lists its rows in form order with
   * the positions as posted: put them in that order, or the first renumber would undo the
   * editor's moves. */
  function showInStoredOrder(group) {
    const template = group.querySelector(".empty-form");
    const counted = rowsOf(group).filter((row) => !untouched(row, template) && !deleted(row));
    const sorted = inStoredOrder(counted);
    if (sorted.every((row, index) => row === counted[index])) return;
    const slots = counted.map((row) => {
      const slot = document.createComment("slot");
      unit(row)[0].before(slot);
      return slot;
    });
    sorted.forEach((row, index) => {
      for (const part of unit(row)) slots[index].before(part);
    });
    slots.forEach((slot) => slot.remove());
  }

  /* Positions 1, 2, 3… in page order, unless the stored ones already give that order. */
  function renumber(group) {
    const template = group.querySelector(".empty-form");
    const used = [];
    for (const row of rowsOf(group)) {
      const position = input(row, FIELD);
      if (untouched(row, template)) {
        position.value = input(template, FIELD).value;
      } else if (!deleted(row)) {
        used.push(row);
      }
    }
    const sorted = inStoredOrder(used);
    // Equal positions leave the order to the save order, not the page's (two new rows dragged
    // past each other would come back as they were typed): number them too.
    const tied = new Set(used.map((row) => Number(input(row, FIELD).value) || 0)).size < used.length;
    if (!tied && sorted.every((row, index) => row === used[index])) return;
    used.forEach((row, index) => {
      input(row, FIELD).value = String(index + 1);
    });
  }

  /* Existing rows take indexes 0…k-1 and new rows k… (in page order), as Django reads them. */
  function reindex(group, prefix) {
    const rows = [...group.querySelectorAll(".inline-related:not(.tabular), tr.form-row")].filter(
      (row) => !row.classList.contains("empty-form"),
    );
    const ordered = [...rows.filter((row) => row.dataset.orderInitial === "true"), ...rows.filter((row) => row.dataset.orderInitial !== "true")];
    const pattern = new RegExp(`(${prefix}-(\\d+|__prefix__))`);
    ordered.forEach((row, index) => {
      const replacement = `${prefix}-${index}`;
      for (const element of [row, ...row.querySelectorAll("*")]) {
        for (const attribute of ["id", "name", "for"]) {
          const value = element.getAttribute(attribute);
          if (value && pattern.test(value)) element.setAttribute(attribute, value.replace(pattern, replacement));
        }
      }
    });
  }

  /* The row with its error row (tabular inlines put non-field errors in a row before it). */
  function unit(row) {
    const before = row.previousElementSibling;
    return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
  }

  function place(row, reference) {
    const parent = reference ? reference.parentNode : row.parentNode;
    const anchor = reference ? unit(reference)[0] : null;
    for (const part of unit(row)) parent.insertBefore(part, anchor);
  }

  function setUp(group) {
    const data = JSON.parse(group.dataset.inlineFormset || "{}");
    const prefix = data.options && data.options.prefix;
    const template = group.querySelector(".empty-form");
    if (!prefix || !(rowsOf(group).length || (template && input(template, FIELD)))) return;
    const initial = Number((group.querySelector(`[name="${prefix}-INITIAL_FORMS"]`) || {}).value || 0);
    const pattern = new RegExp(`^${prefix}-(\\d+)$`);
    for (const row of rowsOf(group)) {
      const match = pattern.exec(row.id || "");
      row.dataset.orderInitial = String(Boolean(match) && Number(match[1]) < initial);
    }
    group.classList.add("inline-ordered");

    const status = document.createElement("p");
    status.className = "inline-order__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    (group.querySelector("fieldset") || group).append(status);

    const help = document.createElement("p");
    help.className = "help inline-order__help";
    help.textContent = "Drag a row by its handle, or use Move up and Move down, to change the order readers see.";
    const heading = group.querySelector(".inline-heading, h2");
    if (heading) heading.after(help);

    const header = group.querySelector("thead th.original");
    if (header) header.textContent = "Order";

    for (const row of [...rowsOf(group), ...(template ? [template] : [])]) addControls(row);
    showInStoredOrder(group);
    refresh();

    function addControls(row) {
      if (row.querySelector(".inline-order")) return;
      const controls = document.createElement("div");
      controls.className = "inline-order";
      const handle = document.createElement("span");
      handle.className = "inline-order__handle";
      handle.title = "Drag to reorder";
      handle.setAttribute("aria-hidden", "true");
      const up = document.createElement("button");
      up.type = "button";
      up.className = "inline-order__move";
      up.dataset.move = "-1";
      up.setAttribute("aria-label", "Move up");
      up.title = "Move up";
      up.textContent = "↑";
      const down = up.cloneNode(true);
      down.dataset.move = "1";
      down.setAttribute("aria-label", "Move down");
      down.title = "Move down";
      down.textContent = "↓";
      controls.append(handle, up, down);
      const cell = row.querySelector("td.original");
      if (cell) cell.append(controls); // after the row's name, which Django pins above the row
      else {
        const title = row.querySelector(":scope > h3");
        if (title) title.after(controls);
        else row.prepend(controls);
      }
    }

    function refresh() {
      const rows = rowsOf(group);
      rows.forEach((row, index) => {
        row.querySelector('[data-move="-1"]').disabled = index === 0;
        row.querySelector('[data-move="1"]').disabled = index === rows.length - 1;
      });
      renumber(group);
    }

    function announce(row) {
      // Counted as readers will see them: an untouched empty row is not saved, nor one marked
      // for deletion.
      const template = group.querySelector(".empty-form");
      const rows = rowsOf(group).filter((each) => each === row || !(untouched(each, template) || deleted(each)));
      const index = rows.indexOf(row);
      status.textContent = `Moved ${nameOf(row, index)} to position ${index + 1} of ${rows.length}.`;
    }

    function move(row, step) {
      const rows = rowsOf(group);
      const index = rows.indexOf(row);
      const to = index + step;
      if (to < 0 || to >= rows.length) return;
      if (step < 0) place(row, rows[to]);
      else place(row, rows[to].nextElementSibling);
      refresh();
      announce(row);
    }

    group.addEventListener("click", (event) => {
      const button = event.target.closest(".inline-order__move");
      if (!button || !group.contains(button)) return;
      const row = button.closest(".inline-related:not(.tabular), tr.form-row");
      move(row, Number(button.dataset.move));
      // Focus stays with the row; at the top or bottom, on its other button.
      const other = row.querySelector(`[data-move="${-Number(button.dataset.move)}"]`);
      (button.disabled ? other : button).focus();
    });

    // Dragging: the row follows the pointer; the others make room as it passes their middle.
    group.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".inline-order__handle");
      if (!handle || event.button !== 0) return;
      event.preventDefault();
      const row = handle.closest(".inline-related:not(.tabular), tr.form-row");
      const start = rowsOf(group).indexOf(row);
      row.classList.add("inline-order--dragging");
      function follow(moveEvent) {
        const others = rowsOf(group).filter((other) => other !== row);
        const next = others.find((other) => {
          const box = other.getBoundingClientRect();
          return moveEvent.clientY < box.top + box.height / 2;
        });
        if (next) {
          if (row.nextElementSibling !== unit(next)[0]) place(row, next);
        } else if (others.length) {
          const last = others[others.length - 1];
          if (last.nextElementSibling !== row) place(row, last.nextElementSibling);
        }
      }
      function drop() {
        document.removeEventListener("pointermove", follow);
        document.removeEventListener("pointerup", drop);
        document.removeEventListener("pointercancel", drop);
        row.classList.remove("inline-order--dragging");
        refresh();
        if (rowsOf(group).indexOf(row) !== start) announce(row);
      }
      document.addEventListener("pointermove", follow);
      document.addEventListener("pointerup", drop);
      document.addEventListener("pointercancel", drop);
    });

    group.addEventListener("input", () => renumber(group));
    group.addEventListener("change", () => renumber(group));
    document.addEventListener("formset:added", (event) => {
      if (event.detail.formsetName !== prefix) return;
      event.target.dataset.orderInitial = "false";
      addControls(event.target);
      refresh();
    });
    document.addEventListener("formset:removed", (event) => {
      if (event.detail.formsetName !== prefix) return;
      // inlines.js renumbers the indexes right after this event: put them back after it.
      setTimeout(() => {
        reindex(group, prefix);
        refresh();
      });
    });
    const form = group.closest("form");
    if (form) form.addEventListener("submit", () => renumber(group), true);
  }

  function init() {
    document.querySelectorAll(".js-inline-admin-formset").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
