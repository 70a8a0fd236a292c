// Replies without a page load: move the "Leave a Reply" form under the comment being answered,
// and no second submit from a double click.
// Without this file the Reply links still work (?replytocom=ID reloads with the form set up).
(() => {
  // A link to a comment on another comment page (an "#comment-ID" link from before comments
  // had pages, or typed by hand): the comment's permalink knows which page shows it.
  // Only where there are other pages (on a single page, a missing comment is a hidden one),
  // and once per comment: the permalink may lead back here to a comment this reader cannot
  // see (a moderator following a pending one), which must not go round in circles.
  const section = document.getElementById("comments");
  const wanted = /^#comment-(\d+)$/.exec(window.location.hash);
  if (wanted && section?.dataset.permalink && !document.getElementById(wanted[0].slice(1))) {
    const tried = `byline:permalink:${wanted[1]}`;
    let first = false;
    try {
      first = !window.sessionStorage.getItem(tried);
      window.sessionStorage.setItem(tried, "1");
    } catch {
      first = false; // storage refused: stay rather than risk a loop
    }
    if (first) {
      window.location.replace(section.dataset.permalink.replace(/0\/$/, `${wanted[1]}/`));
      return;
    }
  }

  // Sent back after a refusal: the summary naming each problem takes the focus, so it is read
  // out and in view (without this file, the page's #respond anchor still scrolls to it).
  // Focused once the page has loaded: Chrome's scroll to the #respond anchor comes after the
  // deferred scripts and drops an earlier focus back to the body.
  const notice = document.getElementById("comment-notice");
  if (notice) {
    window.addEventListener("load", () => setTimeout(() => notice.focus(), 0), { once: true });
  }

  const respond = document.getElementById("respond");
  const form = document.getElementById("commentform");
  if (!respond || !form) return;
  const parentInput = form.querySelector("input[name=parent]");
  const title = respond.querySelector(".comment-reply-title__text");
  const cancel = document.getElementById("cancel-comment-reply-link");
  const home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  const reset = () => {
    home.parentNode.insertBefore(respond, home.nextSibling);
    parentInput.value = "";
    title.textContent = "Leave a Reply";
    cancel.hidden = true;
  };

  document.querySelectorAll("a.comment-reply-link[data-reply-to]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const body = link.closest(".comment__body");
      body.parentNode.insertBefore(respond, body.nextSibling);
      parentInput.value = link.dataset.replyTo;
      title.textContent = "Leave a Reply to " + link.dataset.author;
      cancel.hidden = false;
      form.querySelector("textarea").focus();
    });
  });

  // A double click would send the comment twice: after the first submit the button rests.
  // (The server also treats an identical resend as the same comment.)
  const submit = form.querySelector("button[type=submit]");
  form.addEventListener("submit", (event) => {
    if (submit.disabled) {
      event.preventDefault();
      return;
    }
    submit.disabled = true;
    submit.textContent = "Posting…";
  });
  // Coming back with the Back button restores the page as it was left: wake the button up.
  window.addEventListener("pageshow", () => {
    submit.disabled = false;
    submit.textContent = "Post Comment";
  });

  cancel.addEventListener("click", (event) => {
    event.preventDefault();
    reset();
    form.querySelector("textarea").focus();
  });
})();
