// The moderators' inbox without page loads: each decision button (a plain POST form that works
// without this file) is sent in the background, and the keyboard drives it all:
// j/k move, a/s/t decide, r replies (or restores in Spam and Trash), u undoes the last decision.
(() => {
  const list = document.getElementById("inbox-list");
  if (!list) return;
  const status = document.getElementById("inbox-status");
  const cards = [...list.querySelectorAll(".inbox-card")];
  const history = [];  // decisions this visit, newest last, for "u"
  let current = -1;

  const say = (text) => { status.textContent = text; };

  const select = (index) => {
    if (!cards.length) return;
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach((card, i) => card.classList.toggle("is-current", i === current));
    cards[current].focus({ preventScroll: true });
    cards[current].scrollIntoView({ block: "nearest" });
  };

  const nextOpen = (from) => {
    for (let i = from + 1; i < cards.length; i++) {
      if (!cards[i].classList.contains("is-decided")) return i;
    }
    return from;
  };

  const bump = (state, by) => {
    const count = document.querySelector(`[data-count-for="${state}"]`);
    if (!count) return;
    const value = Math.max(0, Number(count.dataset.count) + by);
    count.dataset.count = value;
    count.textContent = value.toLocaleString("en");
  };

  const send = async (form, extra) => {
    const body = new FormData(form);
    for (const [key, value] of Object.entries(extra)) body.set(key, value);
    // getAttribute: the decision buttons are named "action", which shadows form.action.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  };

  const settle = (card, result, undoable) => {
    const before = card.dataset.status;
    if (result.changed && result.status !== before) {
      bump(before, -1);
      bump(result.status, +1);
      card.dataset.status = result.status;
    }
    const decided = card.dataset.status !== card.dataset.shown;
    card.classList.toggle("is-decided", decided);
    const done = card.querySelector(".inbox-card__done");
    done.hidden = !decided;
    done.textContent = decided ? `${result.status_label}. Press u to undo.` : "";
    if (undoable && result.changed) history.push({ card, from: before });
  };

  const decide = async (card, action) => {
    const form = card.querySelector(".inbox-decide");
    if (!form || !form.querySelector(`button[value="${action}"]`)) return;
    try {
      const result = await send(form, { action });
      settle(card, result, true);
      say(`${card.querySelector(".inbox-card__who").textContent}: ${result.message}`);
      select(nextOpen(cards.indexOf(card)));
    } catch (error) {
      say(`That did not work (${error.message}); nothing changed. Try the button again.`);
    }
  };

  const undo = async () => {
    const last = history.pop();
    if (!last) { say("Nothing to undo."); return; }
    const form = last.card.querySelector(".inbox-decide");
    try {
      const result = await send(form, { action: "undo" });
      settle(last.card, result, false);
      say(`Undone: ${result.message}`);
      select(cards.indexOf(last.card));
    } catch (error) {
      history.push(last);
      say(`The undo did not work (${error.message}).`);
    }
  };

  const openReply = (card) => {
    const reply = card.querySelector(".inbox-reply");
    if (!reply) return false;
    reply.open = true;
    reply.querySelector("textarea").focus();
    return true;
  };

  cards.forEach((card) => {
    card.dataset.shown = card.dataset.status;
    const form = card.querySelector(".inbox-decide");
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        decide(card, event.submitter.value);
      });
    }
    const rule = card.querySelector(".inbox-rule__form");
    if (rule) {
      rule.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          const result = await send(rule, {});
          settle(card, result, true);
          rule.closest("details").open = false;
          say(result.message);
        } catch (error) {
          say(`The rule was not added (${error.message}).`);
        }
      });
    }
    const reply = card.querySelector(".inbox-reply__form");
    if (reply) {
      const textarea = reply.querySelector("textarea");
      reply.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          const result = await send(reply, {});
          settle(card, result, true);
          bump("approved", +1);  // the reply itself is published
          textarea.value = "";
          reply.closest("details").open = false;
          say(result.message);
          select(nextOpen(cards.indexOf(card)));
        } catch (error) {
          say(`The reply was not posted (${error.message}); your text is kept.`);
        }
      });
      textarea.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          reply.requestSubmit();
        } else if (event.key === "Escape") {
          reply.closest("details").open = false;
          select(cards.indexOf(card));
        }
      });
    }
    card.addEventListener("focusin", () => {
      current = cards.indexOf(card);
      cards.forEach((other) => other.classList.toggle("is-current", other === card));
    });
  });

  const ACTIONS = { a: "approve", s: "spam", t: "trash" };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const card = cards[current];
    if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(current - 1);
    else if (event.key === "u") undo();
    else if (!card) return;
    else if (ACTIONS[event.key]) decide(card, ACTIONS[event.key]);
    else if (event.key === "r") {
      if (!openReply(card)) decide(card, "restore");
    } else return;
    event.preventDefault();
  });

  select(0);
})();
