// course.quiz front end: semantic HTML for each question, graded in Python.
//
// - Each question is a <fieldset> whose <legend> is the prompt, so radio and checkbox
//   groups, text inputs, move buttons and selects all have an accessible name.
// - Feedback goes into a role="status" aria-live="polite" box that exists from the start;
//   only its text changes, and the text starts with a symbol and a word.
// - Check reads the controls' CURRENT values and sends them in the same message, so a
//   fast "type, then Enter" can never be judged on a stale, half-synced value.
// - Keys pressed inside the quiz stop at its root: JupyterLab 4 listens for shortcuts on
//   the document in the bubbling phase, so ↑/↓ in a radio group, a select or a text box
//   no longer move the notebook's cell selection, and typing "a" no longer adds a cell.
//   Ctrl/Cmd shortcuts (save, command palette) and Escape still reach JupyterLab.


function make(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "html") node.innerHTML = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function plain(html) {
  const scratch = document.createElement("span");
  scratch.innerHTML = html;
  return scratch.textContent.trim();
}

// ------------------------------------------------------------------ question bodies
// Each builder appends its controls to the fieldset and returns read(): the answer now.

function choiceBody(q, box, uid, kind) {
  const list = make("div", { class: "course-options" });
  for (const choice of q.choices) {
    const input = make("input", { type: kind, name: `${uid}-${q.id}`, value: choice.token });
    list.append(make("label", { class: "course-option" }, [input, make("span", { html: choice.html })]));
  }
  box.append(list);
  if (kind === "radio") {
    return () => list.querySelector("input:checked")?.value ?? null;
  }
  return () => Array.from(list.querySelectorAll("input:checked"), (input) => input.value);
}

function inputBody(q, box, uid, onEnter) {
  const id = `${uid}-${q.id}-input`;
  const label = q.unit ? `Your answer (in ${q.unit})` : "Your answer";
  const input = make("input", {
    id,
    type: "text",
    class: "course-input",
    inputmode: q.type === "numeric" ? "decimal" : "text",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onEnter();
    }
  });
  const row = make("div", { class: "course-answer" }, [
    make("label", { for: id, class: "course-answer-label", text: label }),
    input,
    q.unit ? make("span", { class: "course-unit", "aria-hidden": "true", text: q.unit }) : null,
  ]);
  box.append(row);
  return () => input.value;
}

function orderingBody(q, box) {
  const order = q.items.map((item) => ({ ...item, text: plain(item.html) }));
  const list = make("ol", { class: "course-order" });
  const announce = make("span", { class: "course-sr-only", "aria-live": "polite" });
  const rows = new Map();
  const move = (token, step, which) => {
    const from = order.findIndex((item) => item.token === token);
    const to = from + step;
    if (to < 0 || to >= order.length) {
      announce.textContent = `“${order[from].text}” is already ${step < 0 ? "first" : "last"}.`;
      return;
    }
    [order[from], order[to]] = [order[to], order[from]];
    draw();
    rows.get(token).querySelector(which).focus();
    announce.textContent = `“${order[to].text}” moved to position ${to + 1} of ${order.length}.`;
  };
  for (const item of order) {
    const up = make("button", { type: "button", class: "course-move course-up", "aria-label": `Move “${item.text}” up`, text: "↑" });
    const down = make("button", { type: "button", class: "course-move course-down", "aria-label": `Move “${item.text}” down`, text: "↓" });
    up.addEventListener("click", () => move(item.token, -1, ".course-up"));
    down.addEventListener("click", () => move(item.token, +1, ".course-down"));
    rows.set(item.token, make("li", { class: "course-order-item", "data-token": item.token }, [
      make("span", { class: "course-pos" }),
      make("span", { class: "course-item-text", html: item.html }), up, down,
    ]));
  }
  const draw = () => {
    order.forEach((item, index) => {
      const row = rows.get(item.token);
      row.querySelector(".course-pos").textContent = `${index + 1}.`;
      row.querySelector(".course-up").setAttribute("aria-disabled", String(index === 0));
      row.querySelector(".course-down").setAttribute("aria-disabled", String(index === order.length - 1));
      list.append(row); // moves the row to its new place
    });
  };
  draw();
  box.append(list, announce);
  return () => order.map((item) => item.token);
}

function matchingBody(q, box, uid) {
  const selects = q.terms.map((term, index) => {
    const id = `${uid}-${q.id}-m${index}`;
    const select = make("select", { id, class: "course-select", "data-term": term.token }, [
      make("option", { value: "", text: `Choose a ${q.match_label || "meaning"}…` }),
      ...q.targets.map((target) => make("option", { value: target.token, text: plain(target.html) })),
    ]);
    box.append(make("div", { class: "course-match-row" }, [
      make("label", { for: id, class: "course-term", html: term.html }), select,
    ]));
    return select;
  });
  return () => Object.fromEntries(selects.map((s) => [s.dataset.term, s.value || null]));
}

// ------------------------------------------------------------------ the quiz

function render({ model, el }) {
  const uid = `cq${Math.random().toString(36).slice(2, 10)}`; // unique per view
  const root = make("section", {
    class: "course-quiz",
    "data-lesson": model.get("lesson"),
    "aria-label": `Quiz: ${model.get("title")}`,
  });
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.key === "Escape") return;
    event.stopPropagation();
  });
  if (model.get("intro")) {
    root.append(make("p", { class: "course-quiz-intro", text: model.get("intro") }));
  }
  const parts = new Map();
  for (const q of model.get("questions")) {
    const box = make("fieldset", { class: "course-fieldset" }, [
      make("legend", { class: "course-legend" }, [
        make("span", { class: "course-qnum", text: `Question ${q.number}. ` }),
        make("span", { class: "course-prompt", html: q.prompt }),
        make("span", { class: "course-hint", text: ` ${q.hint}` }),
      ]),
    ]);
    const feedbackId = `${uid}-${q.id}-feedback`;
    const check = make("button", { type: "button", class: "course-check", "aria-describedby": feedbackId, text: "Check" });
    const send = () => model.send({ type: "check", id: q.id, answer: read() });
    const read =
      q.type === "single" ? choiceBody(q, box, uid, "radio")
      : q.type === "multiple" ? choiceBody(q, box, uid, "checkbox")
      : q.type === "ordering" ? orderingBody(q, box)
      : q.type === "matching" ? matchingBody(q, box, uid)
      : inputBody(q, box, uid, send);
    check.addEventListener("click", send);
    const reveal = make("button", { type: "button", class: "course-reveal", disabled: true, text: "Show answer" });
    reveal.addEventListener("click", () => model.send({ type: "reveal", id: q.id }));
    const feedback = make("div", { id: feedbackId, class: "course-feedback", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    const wrap = make("div", { class: "course-q", "data-qid": q.id, "data-type": q.type }, [
      box, make("div", { class: "course-actions" }, [check, reveal]), feedback,
    ]);
    const part = { wrap, feedback, reveal, seq: 0, message: "" };
    parts.set(q.id, part);
    // A changed answer makes the shown verdict stale until the next Check: say so in words.
    const stale = (event) => {
      if (event.target.closest(".course-check, .course-reveal") || !wrap.dataset.state) return;
      if (wrap.dataset.stale === "true") return;
      wrap.dataset.stale = "true";
      feedback.prepend(make("p", { class: "course-stale-note",
        text: "Your answer has changed since this feedback: press Check again." }));
    };
    box.addEventListener("input", stale);
    box.addEventListener("change", stale);
    box.addEventListener("click", (event) => { if (event.target.closest(".course-move")) stale(event); });
    root.append(wrap);
  }
  const score = make("p", { class: "course-score" });
  root.append(score);
  el.append(root);

  const showFeedback = () => {
    const all = model.get("feedback") || {};
    for (const [qid, part] of parts) {
      const entry = all[qid];
      if (!entry || entry.seq === part.seq) continue;
      part.seq = entry.seq;
      delete part.wrap.dataset.stale;
      part.wrap.dataset.state = { "✓": "correct", "✗": "wrong" }[entry.symbol] ?? "unsure";
      part.reveal.disabled = !entry.can_reveal;
      const write = () => {
        if (entry.html) part.feedback.innerHTML = entry.html; // rendered and escaped in Python
        else part.feedback.textContent = entry.message;
      };
      if (part.message === entry.message) {
        // Same words again: clear first so screen readers announce the repeat.
        part.feedback.textContent = "";
        setTimeout(write, 150);
      } else {
        write();
      }
      part.message = entry.message;
    }
  };
  const showScore = () => { score.textContent = (model.get("score") || {}).text ?? ""; };
  model.on("change:feedback", showFeedback);
  model.on("change:score", showScore);
  showFeedback();
  showScore();
  return () => {
    model.off("change:feedback", showFeedback);
    model.off("change:score", showScore);
  };
}

export default { render };
