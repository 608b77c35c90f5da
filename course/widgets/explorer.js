// Explorer: native, labelled controls; a chart with alt text; a live finding.
// Python computes everything; this module only renders state and reports values.
function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function render({ model, el: host }) {
  // Unique per view: each widget may load its own copy of this module, so no counter.
  const uid = `course-explorer-${Math.random().toString(36).slice(2, 10)}`;
  const root = el("section", { class: "course-explorer-root", "aria-labelledby": `${uid}-h` });
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (event) => event.stopPropagation());
  root.append(el("p", { id: `${uid}-h`, class: "course-explorer-heading" }, model.get("heading")));
  const form = el("div", { class: "course-explorer-controls" });
  root.append(form);

  const send = (name, value) => {
    figure.setAttribute("aria-busy", "true");
    model.set("values", { ...model.get("values"), [name]: value });
    model.save_changes();
  };

  const ranges = {}; // name -> [input, readout], refreshed when Python fits the ends
  for (const control of model.get("controls")) {
    const id = `${uid}-${control.name}`;
    if (control.kind === "checkboxes") {
      const box = el("fieldset", { class: "course-explorer-checkboxes" });
      box.append(el("legend", {}, control.label));
      for (const [value, label] of control.options) {
        const input = el("input", { type: "checkbox", id: `${id}-${value}`, value });
        input.checked = control.value.includes(value);
        input.addEventListener("change", () => {
          const chosen = [...box.querySelectorAll("input:checked")].map((i) => i.value);
          send(control.name, chosen);
        });
        const wrap = el("span", { class: "course-explorer-option" });
        wrap.append(input, el("label", { for: `${id}-${value}` }, label));
        box.append(wrap);
      }
      form.append(box);
    } else if (control.kind === "range") {
      const wrap = el("div", { class: "course-explorer-range" });
      const input = el("input", {
        type: "range", id, min: control.low, max: control.high, step: control.step,
        value: control.value,
      });
      const readout = el("output", { for: id, "aria-hidden": "true" }, String(control.value));
      input.addEventListener("input", () => {
        readout.textContent = input.value;
        input.setAttribute("aria-valuetext", `${control.label}: ${input.value}`);
      });
      input.addEventListener("change", () => send(control.name, Number(input.value)));
      ranges[control.name] = [input, readout];
      wrap.append(el("label", { for: id }, control.label), input, readout);
      form.append(wrap);
    } else if (control.kind === "select") {
      const wrap = el("div", { class: "course-explorer-select" });
      const select = el("select", { id });
      for (const [value, label] of control.options) {
        const option = el("option", { value }, label);
        option.selected = value === control.value;
        select.append(option);
      }
      select.addEventListener("change", () => send(control.name, select.value));
      wrap.append(el("label", { for: id }, control.label), select);
      form.append(wrap);
    }
  }

  const finding = el("p", { class: "course-explorer-finding", role: "status", "aria-live": "polite" });
  const figure = el("figure", { class: "course-explorer-figure" });
  const image = el("img", { class: "course-explorer-image" });
  figure.append(image);
  root.append(finding, figure);

  const draw = () => {
    finding.textContent = model.get("finding");
    const png = model.get("image");
    image.hidden = !png;
    if (png) image.src = `data:image/png;base64,${png}`;
    image.alt = model.get("alt");
  };
  model.on("change:finding", draw);
  model.on("change:image", draw);
  model.on("change:alt", draw);
  const done = () => {
    root.dataset.rendered = String(model.get("rendered"));
    figure.setAttribute("aria-busy", "false");
  };
  model.on("change:rendered", done);
  const refit = () => {
    // Python moved a slider's ends or value (e.g. to the years with data): follow it.
    for (const control of model.get("controls")) {
      const pair = ranges[control.name];
      if (!pair) continue;
      const [input, readout] = pair;
      const value = model.get("values")[control.name] ?? control.value;
      input.min = control.low;
      input.max = control.high;
      input.value = value;
      readout.textContent = String(value);
      input.setAttribute("aria-valuetext", `${control.label}: ${value}`);
    }
  };
  model.on("change:controls", refit);
  model.on("change:values", refit);
  done();
  draw();
  host.append(root);
}

export default { render };
