/* The body editor's FAQ block: a question and its answer, written in the text itself.
 *
 * Stored as articles/richtext.py expects it, and nothing else passes its sanitizer:
 *
 *   <details class="faq"><summary>Question?</summary><p>Answer</p><ul>…</ul></details>
 *
 * Writing one: "?? " at the start of a line (or the toolbar's button, which makes the line the
 * question) starts it; Enter goes from the question to its answer; Enter on an empty last line
 * of the answer leaves the block. Backspace at the start of the question makes the block plain
 * paragraphs again, nothing lost; Backspace at the start of the paragraph after it joins that
 * paragraph to the answer. An FAQ pasted into a list or a quote goes after it. The handle on its left drags it elsewhere in the text (mouse,
 * pen or finger); Alt+↑ and Alt+↓ move it from the keyboard. Moves are announced.
 */
import { InputRule, Node, pm } from "django-prose-editor/editor"

const { Plugin, TextSelection } = pm.state
const { closeHistory } = pm.history

/** What an answer may hold: the sanitizer keeps these and nothing else inside an FAQ. */
const ANSWER = "(paragraph | bulletList | orderedList)+"

const FAQQuestion = Node.create({
  name: "faqQuestion",
  content: "text*",
  // Emphasis only: a link inside the question would toggle the answer when clicked.
  marks: "bold italic",
  defining: true,

  parseHTML() {
    return [{ tag: "summary", context: "faq/" }]
  },

  renderHTML() {
    return ["summary", 0]
  },

  addNodeView() {
    return () => {
      const dom = document.createElement("p")
      dom.className = "faq-block__question"
      return { dom, contentDOM: dom }
    }
  },
})

/** One live region per page, for the moves. */
function announce(text) {
  let region = document.getElementById("faq-block-status")
  if (!region) {
    region = document.createElement("div")
    region.id = "faq-block-status"
    region.className = "visually-hidden"
    region.setAttribute("role", "status")
    document.body.append(region)
  }
  region.textContent = text
}

/** Moves the top-level block at ``from`` to ``to`` (a position between top-level blocks),
 * keeping the cursor inside it; returns false when that is where it already is. */
function moveBlock(view, from, to) {
  const { state } = view
  const node = state.doc.nodeAt(from)
  if (!node || (to >= from && to <= from + node.nodeSize)) return false
  const inside = state.selection.$from.pos >= from && state.selection.$from.pos <= from + node.nodeSize
  const offset = inside ? state.selection.$from.pos - from : 2
  const tr = closeHistory(state.tr.delete(from, from + node.nodeSize)) // its own step to undo
  const at = tr.mapping.map(to)
  tr.insert(at, node)
  tr.setSelection(TextSelection.near(tr.doc.resolve(at + offset)))
  view.dispatch(tr.scrollIntoView())
  const { childCount } = tr.doc
  let index = 0
  tr.doc.forEach((child, position, number) => {
    if (position === at) index = number
  })
  announce(`Moved “${node.firstChild.textContent}” to block ${index + 1} of ${childCount}.`)
  return true
}

/** The top-level block under the pointer's height, and whether the pointer is on its upper half. */
function blockAt(view, y) {
  let found = null
  view.state.doc.forEach((node, position) => {
    const dom = view.nodeDOM(position)
    if (!(dom instanceof HTMLElement)) return
    const box = dom.getBoundingClientRect()
    if (!found || y >= box.top) found = { position, node, dom, before: y < box.top + box.height / 2 }
  })
  return found
}

/** Dragging by the handle: pointer events, so a finger on a phone moves it as a mouse does. */
function dragByHandle(view, getPos, block, event) {
  if (event.button !== 0 || !view.editable) return
  event.preventDefault()
  const handle = event.currentTarget
  handle.setPointerCapture(event.pointerId)
  block.classList.add("faq-block--dragging")
  let target = null
  let pointerY = event.clientY
  function mark(next) {
    target?.dom.classList.remove("drop-before", "drop-after")
    target = next
    target?.dom.classList.add(target.before ? "drop-before" : "drop-after")
  }
  function move(moved) {
    pointerY = moved.clientY
    mark(blockAt(view, pointerY))
  }
  // Held near the top or bottom of the window, the page scrolls, faster the nearer the edge:
  // a body taller than the screen (any long article on a phone) can be crossed in one drag.
  let scrolling = requestAnimationFrame(function scroll() {
    const edge = Math.min(96, window.innerHeight / 5)
    const bottom = window.innerHeight - edge
    const body = view.dom.getBoundingClientRect() // no further than the text's own ends
    const up = pointerY < edge && body.top < edge
    const down = pointerY > bottom && body.bottom > bottom
    const speed = up ? pointerY - edge : down ? pointerY - bottom : 0
    if (speed) {
      window.scrollBy(0, Math.round(speed / 4))
      mark(blockAt(view, pointerY))
    }
    scrolling = requestAnimationFrame(scroll)
  })
  function end(ended) {
    cancelAnimationFrame(scrolling)
    handle.removeEventListener("pointermove", move)
    handle.removeEventListener("pointerup", end)
    handle.removeEventListener("pointercancel", end)
    block.classList.remove("faq-block--dragging")
    const chosen = target
    mark(null)
    const from = getPos()
    if (ended.type !== "pointerup" || !chosen || typeof from !== "number") return
    moveBlock(view, from, chosen.before ? chosen.position : chosen.position + chosen.node.nodeSize)
    view.focus()
  }
  handle.addEventListener("pointermove", move)
  handle.addEventListener("pointerup", end)
  handle.addEventListener("pointercancel", end)
}

/** A transaction moving every FAQ block that is not at the top level of the text (pasted or
 * dropped into a list item, a quote or another FAQ's answer) to just after the top-level block
 * it landed in, whole; or null when all are in place. The page keeps an FAQ only at the top
 * level (articles/richtext.py): anywhere else, saving would turn it into plain paragraphs. */
function liftNestedFAQs(state, type) {
  const nested = []
  state.doc.descendants((node, position, parent) => {
    if (node.type === type && parent !== state.doc) {
      nested.push({ node, position })
      return false // one inside it goes with it, and is lifted on the next pass
    }
    return !node.isTextblock
  })
  if (!nested.length) return null
  const { tr } = state
  const { head } = state.selection
  let caret = null // the caret stays in the block it was in, at the same place
  for (const { node, position } of nested.reverse()) {
    const from = tr.mapping.map(position)
    const after = tr.doc.resolve(from).after(1)
    tr.insert(after, node)
    tr.delete(from, from + node.nodeSize)
    if (head > position && head < position + node.nodeSize) {
      caret = { at: after - node.nodeSize + (head - position), steps: tr.steps.length }
    }
  }
  if (caret) {
    const at = tr.mapping.slice(caret.steps).map(caret.at)
    tr.setSelection(TextSelection.near(tr.doc.resolve(at)))
  }
  return tr
}

/** The FAQ block the cursor is in, as {node, position}, or null. */
function faqAround(state, type) {
  const { $from } = state.selection
  if ($from.depth < 1 || $from.node(1).type !== type) return null
  return { node: $from.node(1), position: $from.before(1) }
}

/** Backspace at the start of a paragraph next to an FAQ, or null when it is not there.
 *
 * ProseMirror's own joins misread the block: after it, the paragraph became a second FAQ with
 * no question; at the start of the answer, the answer's words moved into the question, where a
 * link cannot be. So: the paragraph after an FAQ joins its answer (an empty one just goes), and
 * the start of the answer goes up to the question, moving nothing. */
function backspaceAtAnFAQsEdge(editor, type) {
  const { $from } = editor.state.selection
  if ($from.depth === 2 && $from.node(1).type === type && $from.index(1) === 1) {
    const faq = $from.node(1)
    return editor.commands.command(({ tr }) => {
      const question = $from.before(1) + 1
      if (!$from.parent.content.size && faq.childCount > 2) tr.delete($from.before(), $from.after())
      tr.setSelection(TextSelection.create(tr.doc, question + faq.firstChild.nodeSize - 1))
      return true
    })
  }
  if ($from.depth !== 1 || $from.index(0) === 0) return null
  const faq = $from.doc.child($from.index(0) - 1)
  if (faq.type !== type) return null
  const paragraph = $from.parent
  const end = $from.before(1) - 1 // the end of the FAQ's content
  return editor.commands.command(({ tr }) => {
    tr.delete($from.before(1), $from.after(1))
    if (faq.lastChild.type.name === "paragraph") {
      tr.insert(end - 1, paragraph.content)
      tr.setSelection(TextSelection.create(tr.doc, end - 1))
    } else if (paragraph.content.size) {
      tr.insert(end, paragraph)
      tr.setSelection(TextSelection.create(tr.doc, end + 1))
    } else {
      tr.setSelection(TextSelection.near(tr.doc.resolve(end), -1))
    }
    return true
  })
}

export const FAQ = Node.create({
  name: "faq",
  group: "block",
  content: `faqQuestion ${ANSWER}`,
  defining: true,
  isolating: true,

  addExtensions() {
    return [FAQQuestion]
  },

  parseHTML() {
    return [{ tag: "details.faq", priority: 60 }]
  },

  renderHTML() {
    return ["details", { class: "faq" }, 0]
  },

  addNodeView() {
    return ({ editor, getPos }) => {
      const dom = document.createElement("div")
      dom.className = "faq-block"
      const handle = document.createElement("span")
      handle.className = "faq-block__handle material-icons"
      handle.contentEditable = "false"
      handle.textContent = "drag_indicator"
      handle.title = "Drag to move this question (or Alt+↑ / Alt+↓ from inside it)"
      handle.setAttribute("aria-hidden", "true")
      const label = document.createElement("span")
      label.className = "faq-block__label"
      label.contentEditable = "false"
      label.textContent = "FAQ · Alt+↑ / Alt+↓ moves it"
      const content = document.createElement("div")
      content.className = "faq-block__content"
      dom.append(handle, label, content)
      handle.addEventListener("pointerdown", (event) => dragByHandle(editor.view, getPos, dom, event))
      return {
        dom,
        contentDOM: content,
        stopEvent: (event) => handle.contains(event.target),
        ignoreMutation: (mutation) => mutation.type !== "selection" && !content.contains(mutation.target),
      }
    }
  },

  addProseMirrorPlugins() {
    const type = this.type
    return [
      new Plugin({
        // Appended to the paste or drop itself, so one undo takes both back.
        appendTransaction: (transactions, _old, state) => {
          if (!transactions.some((tr) => tr.docChanged)) return null
          let tr = liftNestedFAQs(state, type)
          // An FAQ inside a nested one comes up a level a pass; a few passes reach the top.
          for (let pass = 0; tr && pass < 8; pass++) {
            const next = liftNestedFAQs(state.apply(tr), type)
            if (!next) break
            for (const step of next.steps) tr.step(step)
          }
          return tr
        },
      }),
    ]
  },

  addInputRules() {
    const type = this.type
    return [
      new InputRule({
        find: /^\?\?\s$/,
        handler: ({ state, range }) => {
          const $from = state.doc.resolve(range.from)
          if ($from.depth !== 1 || $from.parent.type.name !== "paragraph") return null
          const { tr, schema } = state
          const start = $from.before(1)
          const rest = $from.parent.content.cut(range.to - $from.start())
          tr.replaceWith(start, $from.after(1), type.create(null, [schema.nodes.faqQuestion.create(null, rest), schema.nodes.paragraph.create()]))
          tr.setSelection(TextSelection.create(tr.doc, start + 2))
        },
      }),
    ]
  },

  addCommands() {
    const type = this.type
    return {
      // The toolbar's button: the line the cursor is on becomes the question, or a new block
      // follows the current one.
      insertFAQ:
        () =>
        ({ state, tr, dispatch }) => {
          const { $from } = state.selection
          if ($from.depth >= 1 && $from.node(1).type === type) return false
          const { schema } = state
          const top = $from.depth ? $from.node(1) : null
          if (dispatch) {
            if (top && top.type.name === "paragraph" && $from.depth === 1) {
              const start = $from.before(1)
              tr.replaceWith(start, $from.after(1), type.create(null, [schema.nodes.faqQuestion.create(null, top.content), schema.nodes.paragraph.create()]))
              tr.setSelection(TextSelection.create(tr.doc, start + top.content.size + 4)) // in the answer
            } else {
              const after = $from.depth ? $from.after(1) : $from.pos
              tr.insert(after, type.create(null, [schema.nodes.faqQuestion.create(), schema.nodes.paragraph.create()]))
              tr.setSelection(TextSelection.create(tr.doc, after + 2))
            }
            tr.scrollIntoView()
          }
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    const type = this.type
    const moveBy = (step) => () => {
      const around = faqAround(this.editor.state, type)
      if (!around) return false
      const { doc } = this.editor.state
      const $block = doc.resolve(around.position)
      const index = $block.index(0)
      const question = around.node.firstChild.textContent
      if (step < 0 && index === 0) {
        announce(`“${question}” is already at the top.`)
        return true
      }
      if (step > 0 && index === doc.childCount - 1) {
        announce(`“${question}” is already at the bottom.`)
        return true
      }
      const to = step < 0 ? around.position - doc.child(index - 1).nodeSize : around.position + around.node.nodeSize + doc.child(index + 1).nodeSize
      moveBlock(this.editor.view, around.position, to)
      return true
    }
    return {
      Enter: ({ editor }) => {
        const { state } = editor
        const { $from, empty } = state.selection
        if ($from.parent.type.name === "faqQuestion") {
          // Enter in the question goes to its answer; it never splits the question.
          return editor.commands.command(({ tr }) => {
            tr.setSelection(TextSelection.near(tr.doc.resolve($from.after() + 1)))
            return true
          })
        }
        const around = faqAround(state, type)
        const lastLine =
          around &&
          empty &&
          $from.depth === 2 &&
          $from.parent.type.name === "paragraph" &&
          $from.parent.content.size === 0 &&
          $from.index(1) === around.node.childCount - 1 &&
          around.node.childCount > 2
        if (!lastLine) return false
        // An empty last line of the answer: the writing goes on after the block.
        return editor.commands.command(({ tr }) => {
          tr.delete($from.before(), $from.after())
          const after = tr.mapping.map(around.position + around.node.nodeSize)
          tr.insert(after, state.schema.nodes.paragraph.create())
          tr.setSelection(TextSelection.create(tr.doc, after + 1))
          return true
        })
      },
      Backspace: ({ editor }) => {
        if (editor.commands.undoInputRule()) return true // "?? " just typed: back to the text
        const { state } = editor
        const { $from, empty } = state.selection
        if (empty && $from.parentOffset === 0 && $from.parent.type.name === "paragraph") {
          const handled = backspaceAtAnFAQsEdge(editor, type)
          if (handled !== null) return handled
        }
        if (!empty || $from.parent.type.name !== "faqQuestion" || $from.parentOffset !== 0) return false
        const around = faqAround(state, type)
        if (!around) return false
        // Back to plain paragraphs: the question's words and the answer stay where they were.
        return editor.commands.command(({ tr }) => {
          closeHistory(tr) // its own step to undo, apart from a move or typing just before
          const blocks = []
          around.node.forEach((child, _offset, index) => {
            if (index === 0) {
              if (child.content.size) blocks.push(state.schema.nodes.paragraph.create(null, child.content))
            } else if (child.textContent || child.type.name !== "paragraph") {
              blocks.push(child)
            }
          })
          if (!blocks.length) blocks.push(state.schema.nodes.paragraph.create())
          tr.replaceWith(around.position, around.position + around.node.nodeSize, blocks)
          tr.setSelection(TextSelection.near(tr.doc.resolve(around.position + 1)))
          return true
        })
      },
      "Alt-ArrowUp": moveBy(-1),
      "Alt-ArrowDown": moveBy(1),
    }
  },

  addMenuItems({ menu, buttons }) {
    const name = this.name
    menu.defineItem({
      name: "faq",
      groups: "nodes",
      button: buttons.material("quiz", "Question and answer (FAQ): “?? ” at the start of a line"),
      enabled: (editor) => editor.isEditable && editor.can().insertFAQ(),
      active: (editor) => editor.isActive(name),
      command(editor) {
        editor.chain().focus().insertFAQ().run()
      },
    })
  },
})
