/* The body editor's own blocks.
 *
 * PullQuote: a quote with its attribution in fields of their own (quote, name, role), edited in
 * a small dialog (the toolbar button, Enter or a double click on a selected pull quote). It is
 * stored as articles/richtext.py expects it, and nothing else passes its sanitizer:
 *
 *   <figure class="pull-quote"><blockquote><p>Quote</p></blockquote>
 *   <figcaption><cite>Name</cite>, role</figcaption></figure>
 *
 * The dialog is the choosers' modal dialog (media/chooser.js): Tab stays inside, Escape closes
 * it, and focus goes back to where it was.
 *
 * Typed the way pull quotes were written before the block ("> " for a quote, its lines, then a
 * last line "— Name, role"), Enter at the end of that line turns the quote into the block, as
 * the page would show it anyway (articles/richtext.py reads the same convention).
 */
import { Node, pm } from "django-prose-editor/editor"

const { NodeSelection, TextSelection } = pm.state
const { closeHistory } = pm.history

/** Per editor, the text as it was before Enter last made a quote the block: Ctrl+Z brings it
 * back, and Enter then starts the quote's next line (a line of dialogue, a dash-led list). */
const declined = new WeakMap()

/** Puts the cursor in the paragraph after the block just inserted (a pull quote, an image),
 * making one at the end of the text: writing goes on below it, and neither typing nor the next
 * insert can replace the block while it is still selected. */
function continueAfter(tr, schema) {
  const { selection } = tr
  if (!(selection instanceof NodeSelection)) return
  const $from = tr.doc.resolve(selection.from)
  const after = $from.depth ? $from.after(1) : selection.to // past the top-level block
  if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
    tr.insert(after, schema.nodes.paragraph.create())
  }
  tr.setSelection(TextSelection.create(tr.doc, after + 1))
}

/** The dashes articles/richtext.py takes for an attribution line (ATTRIBUTION_DASHES). */
const ATTRIBUTION = /^\s*(?:—|―|–|--)\s*(\S.*)$/

/** The pull quote a blockquote ending in "— Name, role" stands for, or null. Only quotes of
 * plain paragraphs: a link, emphasis or line break would have no place in the block's fields. */
function pullQuoteOf(blockquote) {
  const lines = []
  for (let index = 0; index < blockquote.childCount; index++) {
    const child = blockquote.child(index)
    let plain = child.type.name === "paragraph"
    child.forEach((inline) => {
      plain = plain && inline.isText && inline.marks.length === 0
    })
    if (!plain) return null
    lines.push(child.textContent)
  }
  const match = ATTRIBUTION.exec(lines.pop() || "")
  const quote = paragraphsOf(lines.join("\n")).join("\n")
  if (!match || !quote) return null
  const [name, ...role] = match[1].split(",")
  return { quote, name: name.replace(/\s+/g, " ").trim(), role: role.join(",").replace(/\s+/g, " ").trim() }
}

function dialogs() {
  if (!window.BylineChooser) throw new Error("media/chooser.js is not loaded")
  return window.BylineChooser
}

/* The quote's paragraphs: one per line the editor typed (blank lines left out). */
function paragraphsOf(quote) {
  return quote
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
}

/* Ask for the quote, name and role; resolves to them, or to null when the dialog is closed. */
export function editPullQuoteDialog({ quote = "", name = "", role = "" } = {}) {
  const { openDialog, field, el } = dialogs()
  const editing = Boolean(quote)
  const { body, finish, done } = openDialog(editing ? "Edit the pull quote" : "Insert a pull quote", "chooser--pull-quote")
  const quoteInput = el("textarea", { rows: "4", required: true })
  quoteInput.value = quote
  const nameInput = el("input", { type: "text", value: name, maxlength: "200", autocomplete: "off" })
  const roleInput = el("input", { type: "text", value: role, maxlength: "200", autocomplete: "off" })
  const errors = el("div", { class: "chooser__errors", role: "alert" })
  const form = el(
    "form",
    { class: "chooser__pull-quote", novalidate: true },
    field("Quote", quoteInput, "The words quoted, without quotation marks. Each line becomes a paragraph."),
    field("Attribution: name", nameInput, "Who said it, e.g. Dr Amina Okafor. Leave empty for an unattributed quote."),
    field("Attribution: role", roleInput, "Optional, e.g. community health lead."),
    errors,
    el(
      "div",
      { class: "chooser__actions" },
      el("button", { type: "submit", class: "button default", text: editing ? "Update pull quote" : "Insert pull quote" }),
    ),
    el("p", {
      class: "chooser__help",
      text: "Shortcut while writing: “> ” and the quote, then a last line “— Name, role”, then Enter.",
    }),
  )
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    errors.replaceChildren()
    const value = {
      quote: paragraphsOf(quoteInput.value).join("\n"),
      name: nameInput.value.replace(/\s+/g, " ").trim(),
      role: roleInput.value.replace(/\s+/g, " ").trim(),
    }
    if (!value.quote) {
      errors.append(el("p", { text: "Write the quote." }))
      quoteInput.focus()
      return
    }
    if (value.role && !value.name) {
      // Nothing typed is dropped silently: a role needs the name it belongs to.
      errors.append(el("p", { text: "Add the name this role belongs to, or clear the role." }))
      nameInput.focus()
      return
    }
    finish(value)
  })
  body.append(form)
  quoteInput.focus()
  return done
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    const paragraphs = (element) => [...element.querySelectorAll(":scope > blockquote > p")]
    const cite = (element) => element.querySelector(":scope > figcaption > cite")
    return {
      quote: {
        default: "",
        rendered: false,
        parseHTML: (element) => paragraphs(element).map((p) => p.textContent.replace(/\s+/g, " ").trim()).join("\n"),
      },
      name: {
        default: "",
        rendered: false,
        parseHTML: (element) => (cite(element)?.textContent || "").trim(),
      },
      role: {
        default: "",
        rendered: false,
        parseHTML: (element) => {
          // What follows the name in the caption: ", role".
          let after = ""
          for (let node = cite(element)?.nextSibling; node; node = node.nextSibling) after += node.textContent
          return after.replace(/^\s*,/, "").replace(/\s+/g, " ").trim()
        },
      },
    }
  },

  parseHTML() {
    // Before the figure extension's own rule (an image figure): this one is the pull quote.
    return [{ tag: "figure.pull-quote", priority: 60 }]
  },

  renderHTML({ node }) {
    const { quote, name, role } = node.attrs
    const spec = ["figure", { class: "pull-quote" }, ["blockquote", ...paragraphsOf(quote).map((text) => ["p", text])]]
    if (name) spec.push(role ? ["figcaption", ["cite", name], `, ${role}`] : ["figcaption", ["cite", name]])
    return spec
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const dom = document.createElement("figure")
      dom.className = "pull-quote pull-quote--editing"
      dom.contentEditable = "false"
      const quote = document.createElement("blockquote")
      const caption = document.createElement("figcaption")
      const edit = document.createElement("button")
      edit.type = "button"
      edit.className = "pull-quote__edit"
      edit.textContent = "Edit pull quote"
      function show(current) {
        quote.replaceChildren(
          ...paragraphsOf(current.attrs.quote).map((text) => Object.assign(document.createElement("p"), { textContent: text })),
        )
        const { name, role } = current.attrs
        caption.textContent = name ? `— ${name}${role ? `, ${role}` : ""}` : "(no attribution)"
      }
      show(node)
      edit.addEventListener("click", (event) => {
        event.preventDefault()
        const pos = getPos()
        if (typeof pos !== "number") return
        editor.chain().setNodeSelection(pos).run()
        editor.commands.editPullQuote()
      })
      dom.addEventListener("dblclick", (event) => {
        if (event.target === edit) return
        event.preventDefault()
        edit.click()
      })
      dom.append(quote, caption, edit)
      return {
        dom,
        update(updated) {
          if (updated.type !== node.type) return false
          show(updated)
          return true
        },
        stopEvent: (event) => event.target === edit,
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    const name = this.name
    return {
      // Also for the image chooser (media/editor_choosers.js), after it inserts a figure.
      continueAfterBlock:
        () =>
        ({ tr, editor }) => {
          continueAfter(tr, editor.schema)
          return true
        },
      // Enter at the end of a quote's "— Name, role" line: the quote becomes the block.
      pullQuoteFromAttribution:
        () =>
        ({ state, tr, dispatch, editor }) => {
          if (declined.get(editor)?.eq(state.doc)) return false // taken back with Ctrl+Z
          const { $from, empty } = state.selection
          const depth = $from.depth - 1
          if (!empty || depth < 1 || $from.parentOffset !== $from.parent.content.size) return false
          const blockquote = $from.node(depth)
          if (blockquote.type.name !== "blockquote" || $from.index(depth) !== blockquote.childCount - 1) return false
          const attrs = pullQuoteOf(blockquote)
          if (!attrs) return false
          if (dispatch) {
            declined.set(editor, state.doc)
            closeHistory(tr) // its own step to undo, apart from the typing before it
            const start = $from.before(depth)
            tr.replaceWith(start, $from.after(depth), state.schema.nodes[name].create(attrs))
            tr.setSelection(NodeSelection.create(tr.doc, start))
            continueAfter(tr, state.schema)
          }
          return true
        },
      editPullQuote:
        () =>
        ({ editor }) => {
          const { selection } = editor.state
          const selected = selection instanceof NodeSelection && selection.node.type.name === name ? selection : null
          const position = selected ? selected.from : null
          editPullQuoteDialog(selected ? selected.node.attrs : {}).then((value) => {
            if (!value) {
              editor.commands.focus()
              return
            }
            // The quote may have moved while the dialog was open (undo, another edit): find it.
            const node = position === null ? null : editor.state.doc.nodeAt(position)
            if (!node || node.type.name !== name) {
              editor.chain().focus().insertContent({ type: name, attrs: value }).continueAfterBlock().run()
              return
            }
            editor
              .chain()
              .focus()
              .command(({ tr }) => {
                tr.setNodeMarkup(position, undefined, value)
                tr.setSelection(NodeSelection.create(tr.doc, position))
                return true
              })
              .run()
          })
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    const name = this.name
    return {
      Enter: ({ editor }) => {
        const { selection } = editor.state
        if (selection instanceof NodeSelection && selection.node.type.name === name) {
          return editor.commands.editPullQuote()
        }
        return editor.commands.pullQuoteFromAttribution()
      },
    }
  },

  addMenuItems({ menu, buttons }) {
    const name = this.name
    menu.defineItem({
      name: "pullQuote",
      groups: "nodes",
      button: buttons.material("record_voice_over", "Pull quote (quote, name and role)"),
      enabled: (editor) => editor.isEditable,
      active: (editor) => editor.isActive(name),
      command(editor) {
        editor.commands.editPullQuote()
      },
    })
  },
})
