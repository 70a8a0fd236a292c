/* The body editor's image and link buttons, opening the library choosers (media/chooser.js).
 *
 * LibraryFigure: the image button searches the library (or uploads to it) and inserts a figure
 * with the alt text and caption chosen for this use. ChooserLink: the link button (and Mod-K)
 * offers a search of articles by title besides an address; a link chosen by title carries
 * data-article="<id>", which the site resolves when it shows the page (renames, unpublishing).
 */
import { Figure, Link } from "django-prose-editor/editor"

function chooser() {
  if (!window.BylineChooser) throw new Error("media/chooser.js is not loaded")
  return window.BylineChooser
}

export const LibraryFigure = Figure.extend({
  addOptions() {
    return { ...this.parent?.(), searchUrl: null, uploadUrl: null }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button: buttons.material("image", "Insert an image from the library"),
      enabled: (editor) => editor.isEditable,
      active: (editor) => editor.isActive("figure"),
      command(editor) {
        chooser()
          .chooseImage({ searchUrl: options.searchUrl, uploadUrl: options.uploadUrl, perUse: true })
          .then((image) => {
            if (!image) return
            const content = [{ type: "image", attrs: { src: image.url, alt: image.alt } }]
            if (image.caption) {
              content.push({ type: "caption", content: [{ type: "text", text: image.caption }] })
            }
            const figure = { type: "figure", content }
            const { selection } = editor.state
            const chain = editor.chain().focus()
            // A selected block (a pull quote, another image) stays: the image goes after it.
            if (selection.node) chain.insertContentAt(selection.to, figure)
            else chain.insertContent(figure)
            // Typing on must not replace the image just inserted (articles/editor_blocks.js).
            if (editor.commands.continueAfterBlock) chain.continueAfterBlock()
            chain.run()
          })
      },
    })
  },
})

export const ChooserLink = Link.extend({
  addOptions() {
    return { ...this.parent?.(), searchUrl: null }
  },

  // Typing on at a link's end writes plain text, not more link (as in WordPress and Wagtail).
  inclusive() {
    return false
  },

  addAttributes() {
    return {
      ...this.parent?.(),
      "data-article": {
        default: null,
        parseHTML: (element) => element.getAttribute("data-article"),
        renderHTML: (attributes) =>
          attributes["data-article"] ? { "data-article": attributes["data-article"] } : {},
      },
    }
  },

  addCommands() {
    const name = this.name
    const options = this.options
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          const current = editor.getAttributes(name)
          const active = editor.isActive(name)
          const { from, to, empty } = editor.state.selection
          chooser()
            .chooseLink({
              searchUrl: options.searchUrl,
              href: current.href || "",
              articleId: current["data-article"] || null,
              canRemove: active,
              // Words selected to become a link: the articles they name are offered at once.
              query: active || empty ? "" : editor.state.doc.textBetween(from, to, " ").trim().slice(0, 100),
            })
            .then((choice) => {
              if (!choice) return
              const chain = editor.chain().focus()
              if (choice.remove) {
                chain.extendMarkRange(name).unsetMark(name).run()
                return
              }
              const attrs = {
                href: choice.href,
                "data-article": choice.articleId ? String(choice.articleId) : null,
              }
              if (active) {
                chain.extendMarkRange(name).updateAttributes(name, attrs).run()
              } else if (editor.state.selection.empty) {
                // Nothing selected: the article's title (or the address) becomes the link text.
                chain
                  .insertContent({ type: "text", text: choice.text, marks: [{ type: name, attrs }] })
                  .run()
              } else {
                chain.setMark(name, attrs).run()
              }
            })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "link",
      groups: "link",
      button: buttons.material("insert_link", "Insert a link (an article or an address)"),
      enabled: (editor) => editor.isEditable,
      active: (editor) => editor.isActive("link"),
      command(editor) {
        editor.commands.addLink()
      },
    })
    menu.defineItem({
      name: "unlink",
      groups: "link",
      button: buttons.material("link_off", "Remove the link"),
      enabled: (editor) => editor.isActive("link"),
      command(editor) {
        editor.chain().focus().extendMarkRange("link").unsetMark("link").run()
      },
    })
  },
})
