function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}
let views = 0;
function render({ model, el }) {
  const uid = `course-dashboard-${++views}-${Math.random().toString(36).slice(2, 8)}`;
  const button = (cls, text, action) => {
    const b = h("button", { type: "button", class: `course-dashboard-${cls}` }, text);
    b.addEventListener("click", action);
    return b;
  };
  const next = h("p", { class: "course-dashboard-next" });
  const overall = h("p", { class: "course-dashboard-overall" });
  const review = h("p", { class: "course-dashboard-review" });
  const body = h("tbody");
  const head = h("tr", {}, ...["Lesson", "Progress", "Tried", "Right", "Left to do"]
    .map((text) => h("th", { scope: "col" }, text)));
  const table = h("table", { class: "course-dashboard-table" },
    h("caption", {}, "Your progress by lesson"), h("thead", {}, head), body);
  const swatch = (kind) => h("span", { class: `course-dashboard-swatch ${kind}`,
    "aria-hidden": "true" });
  const legend = h("p", { class: "course-dashboard-legend" }, "Each bar: ",
    swatch("right"), " right, ", swatch("tried"), " tried but not yet right, ",
    swatch("none"), " not tried.");
  const download = h("a", { class: "course-dashboard-download", hidden: "" },
    "Download the exported progress file");
  const file = h("input", { type: "file", id: `${uid}-file`, accept: ".json,application/json",
    class: "course-dashboard-file" });
  const path = h("input", { type: "text", id: `${uid}-path`, class: "course-dashboard-path",
    autocomplete: "off", spellcheck: "false" });
  const importFile = async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return model.send({ action: "import_file", name: "" });
    model.send({ action: "import_file", name: chosen.name }, {}, [await chosen.arrayBuffer()]);
  };
  const importPath = () => model.send({ action: "import_path", path: path.value });
  path.addEventListener("keydown", (e) => { if (e.key === "Enter") importPath(); });
  const fieldset = h("fieldset", { class: "course-dashboard-import" },
    h("legend", {}, "Import progress saved earlier"),
    h("span", {}, h("label", { for: file.id }, "File from your computer: "), file, " ",
      button("import-file", "Import chosen file", importFile)),
    h("span", {}, h("label", { for: path.id }, "or a path on this server: "), path, " ",
      button("import-path", "Import from path", importPath)));
  const controls = h("div", { class: "course-dashboard-controls" },
    button("refresh", "Refresh", () => model.send({ action: "refresh" })),
    button("export", "Export progress", () => model.send({ action: "export" })), download);
  const notices = h("ul", { class: "course-dashboard-notices" });
  const where = h("p", { class: "course-dashboard-file-path" });
  const status = h("p", { class: "course-dashboard-status", role: "status",
    "aria-live": "polite" });
  el.append(h("section", { class: "course-dashboard-root tex2jax_ignore mathjax_ignore",
    "aria-label": "Course progress", "data-lm-suppress-shortcuts": "true" },
  next, review, overall, table, legend, controls, fieldset, notices, where, status));

  const open = new Set();  // lessons whose "left to do" list is shown, kept across updates
  function rowsOf(row, index) {
    const share = (n) => `${(100 * n) / Math.max(row.total, 1)}%`;
    const bar = h("span", { class: "course-dashboard-bar", "aria-hidden": "true" },
      h("span", { class: "right", style: `width: ${share(row.correct)}` }),
      h("span", { class: "tried", style: `width: ${share(row.done - row.correct)}` }));
    const left = h("td", {}, row.left_text);
    const main = h("tr", { class: row.complete ? "course-dashboard-complete" : "" },
      h("th", { scope: "row" }, row.name, h("span", { class: "course-dashboard-title" },
        row.title ? ` · ${row.title}` : "")),
      h("td", {}, bar), h("td", {}, row.tried_text), h("td", {}, row.right_text), left);
    if (!row.todo.length) return [main];
    const id = `${uid}-left-${index}`;
    const detail = h("tr", { id, class: "course-dashboard-detail" },
      h("td", { colspan: "5" }, h("ul", { "aria-label": `Left to do in ${row.name}` },
        ...row.todo.map((text) => h("li", {}, text)))));
    const toggle = button("show", "", () => {
      if (open.has(row.id)) open.delete(row.id); else open.add(row.id);
      shown();
    });
    toggle.setAttribute("aria-controls", id);
    const shown = () => {
      const isOpen = open.has(row.id);
      detail.hidden = !isOpen;
      toggle.setAttribute("aria-expanded", String(isOpen));
      toggle.textContent = isOpen ? "hide" : "show";
      toggle.setAttribute("aria-label", `${isOpen ? "Hide" : "Show"} what is left in ${row.name}`);
    };
    shown();
    left.append(" ", toggle);
    return [main, detail];
  }

  let url = null;
  function update() {
    next.textContent = model.get("next_step");
    overall.textContent = model.get("overall");
    review.textContent = model.get("review");
    where.textContent = `Progress is saved in ${model.get("progress_file")}`;
    body.replaceChildren(...model.get("lessons").flatMap(rowsOf));
    notices.replaceChildren(...model.get("notices").map((text) => h("li", {}, text)));
  }
  function showDownload() {
    if (url) URL.revokeObjectURL(url);
    const text = model.get("download_text");
    url = text ? URL.createObjectURL(new Blob([text], { type: "application/json" })) : null;
    download.hidden = !url;
    if (url) { download.href = url; download.download = model.get("download_name"); }
  }
  function announce() {  // clear, then set: a repeated message is read out again
    status.textContent = "";
    setTimeout(() => { status.textContent = model.get("status"); }, 50);
  }
  update(); showDownload();
  status.textContent = model.get("status");
  for (const name of ["lessons", "next_step", "review", "overall", "notices", "progress_file"]) {
    model.on(`change:${name}`, update);
  }
  model.on("change:download_text", showDownload);
  model.on("change:status_seq", announce);
  return () => { if (url) URL.revokeObjectURL(url); };
}
export default { render };
