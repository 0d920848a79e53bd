// journeymap map canvas: draws a map (stages x lanes) from the JSON the page embeds and,
// for editors, sends each change as one small JSON operation to /maps/{id}/... The server
// answers with the whole map, which is drawn again. Everything a user typed is set with
// textContent or attributes, never parsed as HTML.
(() => {
  "use strict";

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
  const json = (id) => JSON.parse($(id).textContent);

  const T = json("#canvas-i18n");
  const config = json("#canvas-config");
  let view = json("#canvas-data");
  const canEdit = config.can_edit;
  const canvas = $("#canvas");
  const SVG = "http://www.w3.org/2000/svg";
  const MAIN_FIELD = { text: "text", touchpoint: "name", emotion: "label", pain_point: "text",
    opportunity: "description", kpi: "name" };
  const PAD = 12; // emotion chart: top and bottom padding, in % of its height
  let sortables = [];

  // -- small helpers -------------------------------------------------------------------
  function t(key, values) {
    const text = T[key] || key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (values && name in values ? String(values[name]) : ""));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }

  // Small line icons (24x24 paths), drawn as SVG so no icon font or emoji font is needed.
  const ICONS = {
    grip: "M9 5.5a1.5 1.5 0 1 1 0 .01M15 5.5a1.5 1.5 0 1 1 0 .01M9 12a1.5 1.5 0 1 1 0 .01M15 12a1.5 1.5 0 1 1 0 .01M9 18.5a1.5 1.5 0 1 1 0 .01M15 18.5a1.5 1.5 0 1 1 0 .01",
    edit: "M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4",
    more: "M5 12h.01M12 12h.01M19 12h.01",
    link: "M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1",
    close: "M6 6l12 12M18 6L6 18",
    plus: "M12 5v14M5 12h14",
    comment: "M4 5h16v11H9l-5 4V5z",
  };

  function icon(name) {
    const node = svg("svg", { class: `glyph glyph-${name}`, viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
    node.append(svg("path", { d: ICONS[name] }));
    return node;
  }

  function iconButton(label, name, onclick, extra = {}) {
    return el("button", { type: "button", class: "icon " + (extra.class || ""), "aria-label": label,
      title: label, onclick, "data-focus": extra.focus }, icon(name));
  }

  const cellKey = (stage, lane) => `${stage}\u0000${lane}`;
  const stageById = (id) => view.stages.find((s) => s.id === id);
  const laneById = (id) => view.lanes.find((l) => l.id === id);
  const cellOf = (stage, lane) =>
    view.cells.find((c) => c.stage === stage && c.lane === lane) || { stage, lane, items: [], comments: [] };
  const signed = (score) => (score > 0 ? "+" : score < 0 ? "−" : "±") + Math.abs(score).toString();
  const focusKey = (...parts) => parts.join("|");

  // -- talking to the server -----------------------------------------------------------
  let queue = Promise.resolve();

  function status(text) {
    $("#canvas-status").textContent = text;
  }

  function showError(message, reload) {
    const box = $("#canvas-error");
    box.replaceChildren(el("p", {}, el("strong", {}, t("not_saved")), " ", message));
    if (reload) {
      box.append(el("button", { type: "button", onclick: reloadView }, t("reload")));
    }
    box.hidden = false;
    status("");
  }

  function clearError() {
    const box = $("#canvas-error");
    box.hidden = true;
    box.replaceChildren();
  }

  async function reloadView() {
    const response = await fetch(`/maps/${view.id}/view`, { headers: { Accept: "application/json" } });
    if (response.ok) {
      view = await response.json();
      clearError();
      render();
      status(t("reloaded", { version: view.version }));
    }
  }

  // Send one operation; operations run one after another, each from the latest version.
  function send(method, path, body) {
    const run = queue.then(() => sendNow(method, path, body));
    queue = run.catch(() => false);
    return run;
  }

  async function sendNow(method, path, body) {
    status(t("saving"));
    let response;
    try {
      response = await fetch(`/maps/${view.id}${path}`, {
        method, credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json",
          "X-CSRF-Token": config.csrf },
        body: JSON.stringify({ base_version: view.version, ...body }),
      });
    } catch (error) {
      showError(t("offline"), false);
      return false;
    }
    let payload = null;
    try { payload = await response.json(); } catch (error) { payload = null; }
    if (response.ok && payload && payload.map) {
      view = payload.map;
      clearError();
      render();
      status(t("saved", { version: payload.saved.version, author: payload.saved.author }));
      return true;
    }
    const message = payload && payload.error ? payload.error.message
      : response.status === 403 ? t("forbidden") : t("failed", { status: response.status });
    showError(message, Boolean(payload && payload.error && payload.error.type === "Conflict"));
    render(); // back to what the server holds
    return false;
  }

  // -- the grid ------------------------------------------------------------------------
  function render() {
    const active = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.focus : null;
    sortables.forEach((s) => s.destroy());
    sortables = [];
    canvas.replaceChildren(grid());
    renderChecks();
    renderVersion();
    drawCurves();
    if (canEdit) makeSortable();
    if (active) {
      const again = $$("[data-focus]", canvas).find((node) => node.dataset.focus === active);
      if (again) again.focus();
    }
  }

  function grid() {
    const n = view.stages.length;
    const table = el("div", { class: "grid", role: "table", "aria-labelledby": "map-title",
      style: `--stages:${Math.max(n, 1)}` });
    const corner = el("div", { class: "corner", role: "columnheader" },
      el("span", { class: "corner-lanes" }, t("lanes")), el("span", { class: "corner-stages" }, t("stages")));
    const head = el("div", { class: "row stage-row", role: "row" }, corner,
      view.stages.map((stage, i) => stageHead(stage, i)));
    table.append(el("div", { class: "grid-head", role: "rowgroup" }, head));
    const body = el("div", { class: "grid-body", role: "rowgroup" },
      view.lanes.map((lane) => laneRow(lane)));
    table.append(body);
    if (!n || !view.lanes.length) {
      return el("div", {}, table, el("p", { class: "empty-grid" }, t(n ? "no_lanes" : "no_stages")));
    }
    return table;
  }

  function stageHead(stage, i) {
    const analytics = stage.analytics_stage;
    const head = el("div", { class: `stage-head tone-${i % 2}`, role: "columnheader", "data-stage": stage.id },
      el("span", { class: "stage-no", "aria-hidden": "true" }, String(i + 1).padStart(2, "0")),
      el("span", { class: "stage-name" }, stage.name),
      analytics && (config.stage_labels[analytics] || analytics) !== stage.name
        ? el("span", { class: "stage-bound", title: t("analytics_stage") }, config.stage_labels[analytics] || analytics) : null,
      stage.description ? el("span", { class: "stage-desc", title: stage.description }, stage.description) : null);
    if (canEdit) {
      head.append(el("span", { class: "head-tools" },
        el("button", { type: "button", class: "icon handle stage-handle", "aria-label": t("move_stage", { name: stage.name }),
          title: t("drag_or_arrows"), "data-focus": focusKey("stage-move", stage.id),
          onkeydown: (event) => moveByKey(event, "stages", stage.id, ["ArrowLeft", "ArrowRight"]) },
          icon("grip")),
        iconButton(t("edit_stage", { name: stage.name }), "edit", () => openPart("stages", stage),
          { focus: focusKey("stage-edit", stage.id) })));
    }
    return head;
  }

  function laneRow(lane) {
    const row = el("div", { class: `row lane-row kind-${lane.kind}`, role: "row", "data-lane": lane.id });
    const top = el("div", { class: "lane-top" }, el("span", { class: "lane-name" }, lane.name));
    const head = el("div", { class: "lane-head", role: "rowheader" }, top,
      lane.kind_label !== lane.name ? el("span", { class: "lane-kind" }, lane.kind_label) : null);
    if (canEdit) {
      top.prepend(el("button", { type: "button", class: "icon handle lane-handle", "aria-label": t("move_lane", { name: lane.name }),
        title: t("drag_or_arrows"), "data-focus": focusKey("lane-move", lane.id),
        onkeydown: (event) => moveByKey(event, "lanes", lane.id, ["ArrowUp", "ArrowDown"]) },
        icon("grip")));
      top.append(iconButton(t("edit_lane", { name: lane.name }), "edit", () => openPart("lanes", lane),
        { class: "lane-edit", focus: focusKey("lane-edit", lane.id) }));
    }
    if (lane.kind === "emotions") head.append(scale());
    row.append(head, ...view.stages.map((stage) => cell(stage, lane)));
    return row;
  }

  function scale() {
    return el("span", { class: "emo-scale", "aria-hidden": "true" },
      [2, 1, 0, -1, -2].map((s) => el("span", { style: `top:${pct(s)}%` }, s > 0 ? `+${s}` : String(s).replace("-", "−"))));
  }

  function cell(stage, lane) {
    const data = cellOf(stage.id, lane.id);
    const where = t("cell_name", { stage: stage.name, lane: lane.name });
    const box = el("div", { class: "cell", role: "cell", "data-stage": stage.id, "data-lane": lane.id });
    if (lane.kind === "line_of_visibility") {
      box.append(el("div", { class: "visibility-line", "aria-hidden": "true" }));
    } else if (lane.kind === "emotions") {
      box.classList.add("emotion-cell");
      box.append(emotionChart(stage, lane, data));
    } else {
      box.append(el("ul", { class: "items", "aria-label": where, "data-stage": stage.id, "data-lane": lane.id },
        data.items.map((item, i) => itemCard(stage, lane, item, i))));
    }
    const tools = el("div", { class: "cell-tools" });
    if (canEdit && lane.new_item) {
      tools.append(iconButton(t("add_item", { where }), "plus", () => quickAdd(box, stage, lane),
        { class: "add", focus: focusKey("add", stage.id, lane.id) }));
    }
    if (canEdit || data.comments.length) {
      const count = data.comments.length;
      tools.append(el("button", { type: "button", class: "comments" + (count ? " has" : ""),
        "aria-label": t("comments_of", { where, count }), title: t("comments"),
        "data-focus": focusKey("comments", stage.id, lane.id),
        onclick: () => openComments(stage, lane) },
        icon("comment"), count ? el("span", { class: "count" }, String(count)) : null));
    }
    if (tools.childNodes.length) box.append(tools);
    return box;
  }

  function itemCard(stage, lane, item, index) {
    const where = { stage: stage.id, lane: lane.id, index };
    const key = focusKey("item", stage.id, lane.id, index);
    const card = el("li", { class: `item card-${item.kind} lane-${lane.kind}${item.bound ? " is-bound" : ""}` });
    const text = item[item.main_field] || "";
    if (item.kind === "touchpoint" && item.channel) card.append(el("span", { class: "chip channel" }, item.channel));
    card.append(canEdit
      ? el("button", { type: "button", class: "item-text", "data-focus": key, title: t("edit_text"),
        onclick: (event) => editInPlace(event.currentTarget, where, item, item.main_field) }, text)
      : el("span", { class: "item-text" }, text));
    if (item.kind === "pain_point" && item.severity) {
      card.append(el("span", { class: "severity", role: "img", "aria-label": t("severity", { n: item.severity }) },
        [1, 2, 3, 4, 5].map((n) => el("span", { class: n <= item.severity ? "on" : "" }))));
    }
    if (item.kind === "opportunity") card.append(opportunityMeta(item));
    if (item.kind === "kpi") card.append(kpiValue(item));
    else if (item.bound) card.append(boundLine(item.bound));
    if (canEdit) card.append(itemTools(stage, lane, item, index));
    return card;
  }

  function opportunityMeta(item) {
    return el("div", { class: "opp-meta" },
      el("span", { class: "chip" }, t("impact", { n: item.impact })),
      el("span", { class: "chip" }, t("effort", { n: item.effort })),
      el("span", { class: `chip status-${item.status}` }, item.status_label),
      item.owner ? el("span", { class: "opp-owner" }, t("owner", { name: item.owner })) : null,
      item.target_kpi ? el("span", { class: "opp-kpi" }, t("target_kpi", { name: item.target_kpi })) : null);
  }

  function kpiValue(item) {
    const b = item.bound;
    return el("div", { class: "kpi" },
      el("span", { class: "kpi-value" }, b ? b.value_text : item.value_text),
      b && b.change_text ? el("span", { class: `change tone-${b.tone}` }, b.change_text) : null,
      item.target_text ? el("span", { class: "kpi-target" }, t("target", { value: item.target_text })) : null,
      b ? el("span", { class: "bound-meta", title: b.label }, b.refreshed ? t("as_of", { time: b.refreshed }) : t("not_computed")) : null);
  }

  function boundLine(b) {
    const about = b.refreshed ? `${b.label} · ${t("as_of", { time: b.refreshed })}` : b.label;
    return el("div", { class: "bound", title: about },
      el("span", { class: "bound-value" }, b.value_text),
      b.change_text ? el("span", { class: `change tone-${b.tone}` }, b.change_text) : null,
      el("span", { class: "bound-time" }, b.refreshed ? t("as_of", { time: b.refreshed_short }) : t("not_computed")));
  }

  function itemTools(stage, lane, item, index) {
    const where = { stage: stage.id, lane: lane.id, index };
    const name = item[item.main_field] || t("item_n", { n: index + 1 });
    return el("span", { class: "item-tools" },
      lane.kind !== "emotions" ? el("span", { class: "item-grip", title: t("drag_item"), "aria-hidden": "true" }, icon("grip")) : null,
      iconButton(t("item_details", { name }), "more", () => openItem(where, item), { focus: focusKey("details", stage.id, lane.id, index) }),
      item.bindable ? iconButton(t("bind_item", { name }), "link", () => openBinding(where, item),
        { class: item.bound ? "bound-on" : "", focus: focusKey("bind", stage.id, lane.id, index) }) : null,
      iconButton(t("remove_item", { name }), "close", () => {
        if (window.confirm(t("confirm_remove_item", { name }))) send("POST", "/items/remove", where);
      }, { class: "danger" }));
  }

  // -- emotions --------------------------------------------------------------------------
  const pct = (score) => PAD + ((2 - score) / 4) * (100 - 2 * PAD);

  function emotionChart(stage, lane, data) {
    const box = el("div", { class: "emo-box", "data-stage": stage.id, "data-lane": lane.id });
    const chart = svg("svg", { class: "emo-curve", viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
    for (const s of [2, 1, 0, -1, -2]) {
      chart.append(svg("line", { x1: 0, x2: 100, y1: pct(s), y2: pct(s), class: s === 0 ? "zero" : "tick", "vector-effect": "non-scaling-stroke" }));
    }
    chart.append(svg("polygon", { class: "area", points: "" }), svg("polyline", { class: "line", points: "", "vector-effect": "non-scaling-stroke" }));
    box.append(chart);
    const k = data.items.length;
    data.items.forEach((item, i) => box.append(emotionPoint(stage, lane, item, i, (i - (k - 1) / 2) * 64)));
    return box;
  }

  function emotionPoint(stage, lane, item, index, offset) {
    const where = { stage: stage.id, lane: lane.id, index };
    const label = item.label || "";
    const point = el("div", { class: "emo-point", style: `top:${pct(item.score)}%;left:calc(50% + ${offset}px)` });
    const name = t("emotion_at", { stage: stage.name, label });
    const dot = canEdit
      ? el("span", { class: `emo-dot ${tone(item.score)}`, "aria-label": name, role: "slider", tabindex: 0,
        "aria-valuemin": -2, "aria-valuemax": 2, "aria-valuenow": item.score,
        "aria-valuetext": `${signed(item.score)} ${label}`.trim(), "aria-orientation": "vertical",
        "data-focus": focusKey("emotion", stage.id, lane.id, index) }, signed(item.score))
      : el("span", { class: `emo-dot ${tone(item.score)}`, role: "img", "aria-label": `${name} (${signed(item.score)})` },
        signed(item.score));
    point.append(dot);
    point.append(canEdit
      ? el("button", { type: "button", class: "item-text emo-label", title: t("edit_text"), "data-focus": focusKey("item", stage.id, lane.id, index),
        onclick: (event) => editInPlace(event.currentTarget, where, item, "label") }, label || t("add_label"))
      : (label ? el("span", { class: "emo-label" }, label) : null));
    if (item.bound) {
      point.append(el("span", { class: "bound-time emo-bound", title: `${item.bound.label} · ${t("as_of", { time: item.bound.refreshed })}` },
        item.bound.refreshed ? t("as_of", { time: item.bound.refreshed_short }) : t("not_computed")));
    }
    if (canEdit) {
      point.append(itemTools(stage, lane, item, index));
      dragEmotion(dot, point, item, where);
    }
    return point;
  }

  const tone = (score) => (score >= 0.5 ? "good" : score <= -0.5 ? "bad" : "neutral");
  const snap = (score) => Math.max(-2, Math.min(2, Math.round(score * 2) / 2));

  function showScore(dot, point, item) {
    point.style.top = `${pct(item.score)}%`;
    dot.textContent = signed(item.score);
    dot.className = `emo-dot ${tone(item.score)}`;
    dot.setAttribute("aria-valuenow", item.score);
    dot.setAttribute("aria-valuetext", `${signed(item.score)} ${item.label || ""}`.trim());
    drawCurves();
  }

  function dragEmotion(dot, point, item, where) {
    let start = null;
    let timer = null;
    const save = () => {
      if (start !== null && item.score !== start) {
        send("PATCH", "/items", { ...where, fields: { score: item.score } });
      }
      start = null;
    };
    dot.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      dot.setPointerCapture(event.pointerId);
      start = item.score;
      point.classList.add("dragging");
      dot.focus();
    });
    dot.addEventListener("pointermove", (event) => {
      if (start === null || !dot.hasPointerCapture(event.pointerId)) return;
      const rect = point.parentElement.getBoundingClientRect();
      const y = ((event.clientY - rect.top) / rect.height) * 100;
      const score = snap(2 - ((y - PAD) / (100 - 2 * PAD)) * 4);
      if (score !== item.score) {
        item.score = score;
        showScore(dot, point, item);
      }
    });
    const finish = (event) => {
      if (start === null) return;
      if (dot.hasPointerCapture(event.pointerId)) dot.releasePointerCapture(event.pointerId);
      point.classList.remove("dragging");
      save();
    };
    dot.addEventListener("pointerup", finish);
    dot.addEventListener("pointercancel", finish);
    dot.addEventListener("keydown", (event) => {
      const steps = { ArrowUp: 0.5, ArrowRight: 0.5, ArrowDown: -0.5, ArrowLeft: -0.5, PageUp: 1, PageDown: -1 };
      let score = null;
      if (event.key in steps) score = snap(item.score + steps[event.key]);
      else if (event.key === "Home") score = 2;
      else if (event.key === "End") score = -2;
      if (score === null) return;
      event.preventDefault();
      if (start === null) start = item.score;
      item.score = score;
      showScore(dot, point, item);
      clearTimeout(timer);
      timer = setTimeout(save, 600);
    });
  }

  // The curve through each stage's mean score, drawn cell by cell: each cell holds the part
  // of the line between its left edge, its centre and its right edge (columns are equal).
  function drawCurves() {
    for (const lane of view.lanes.filter((l) => l.kind === "emotions")) {
      const means = view.stages.map((stage) => {
        const items = cellOf(stage.id, lane.id).items;
        return items.length ? items.reduce((sum, i) => sum + i.score, 0) / items.length : null;
      });
      const known = means.map((m, i) => (m === null ? null : [i + 0.5, m])).filter(Boolean);
      const yAt = (x) => {
        if (!known.length || x < known[0][0] || x > known[known.length - 1][0]) return null;
        for (let k = 0; k < known.length; k++) {
          const [x1, y1] = known[k];
          if (x === x1) return y1;
          const next = known[k + 1];
          if (next && x > x1 && x < next[0]) return y1 + ((x - x1) / (next[0] - x1)) * (next[1] - y1);
        }
        return null;
      };
      view.stages.forEach((stage, j) => {
        const box = $$(".emo-box", canvas).find((b) => b.dataset.stage === stage.id && b.dataset.lane === lane.id);
        if (!box) return;
        const pts = [j, j + 0.5, j + 1].map((x) => [x, yAt(x)]).filter(([, y]) => y !== null)
          .map(([x, y]) => [(x - j) * 100, pct(y)]);
        const line = pts.length > 1 ? pts.map((p) => p.join(",")).join(" ") : "";
        $(".line", box).setAttribute("points", line);
        $(".area", box).setAttribute("points", line
          ? `${pts[0][0]},100 ${line} ${pts[pts.length - 1][0]},100` : "");
      });
    }
  }

  // -- editing in place ----------------------------------------------------------------
  function editInPlace(button, where, item, field) {
    const area = el("textarea", { class: "inline-edit", rows: 2, "aria-label": t("edit_text_of", { name: item[field] || "" }),
      "data-focus": button.dataset.focus });
    area.value = item[field] || "";
    button.replaceWith(area);
    const grow = () => { area.style.height = "auto"; area.style.height = `${area.scrollHeight}px`; };
    grow();
    area.addEventListener("input", grow);
    area.focus();
    area.select();
    let done = false;
    const finish = (save) => {
      if (done) return;
      done = true;
      const value = area.value.trim();
      if (!save || value === (item[field] || "")) {
        area.replaceWith(button);
        button.focus();
        return;
      }
      send("PATCH", "/items", { ...where, fields: { [field]: value } });
    };
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); finish(true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false); }
    });
    area.addEventListener("blur", () => finish(true));
  }

  function quickAdd(box, stage, lane) {
    const kind = lane.new_item;
    const field = MAIN_FIELD[kind];
    const area = el("textarea", { class: "inline-edit", rows: 2, "aria-label": t("new_item_in", { where: t("cell_name", { stage: stage.name, lane: lane.name }) }),
      placeholder: t(kind === "emotion" ? "new_emotion_hint" : "new_item_hint"), "data-focus": focusKey("add", stage.id, lane.id) });
    const holder = el("div", { class: "quick-add" }, area);
    box.insertBefore(holder, $(".cell-tools", box));
    area.focus();
    let done = false;
    const finish = (save) => {
      if (done) return;
      done = true;
      const value = area.value.trim();
      holder.remove();
      if (!save || (!value && (kind !== "emotion" || save === "blur"))) {
        const button = $(".cell-tools .add", box);
        if (button && !save) button.focus();
        return;
      }
      const item = { kind, [field]: value };
      if (kind === "emotion") item.score = 0;
      const key = area.dataset.focus;
      send("POST", "/items", { stage: stage.id, lane: lane.id, item }).then(() => {
        const again = $$("[data-focus]", canvas).find((node) => node.dataset.focus === key);
        if (again) again.focus();
      });
    };
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); finish(true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false); }
    });
    area.addEventListener("blur", () => finish("blur"));
  }

  // -- reordering ------------------------------------------------------------------------
  function moveByKey(event, part, id, keys) {
    const step = event.key === keys[0] ? -1 : event.key === keys[1] ? 1 : 0;
    if (!step) return;
    event.preventDefault();
    const ids = view[part].map((x) => x.id);
    const at = ids.indexOf(id);
    const to = at + step;
    if (to < 0 || to >= ids.length) return;
    ids.splice(at, 1);
    ids.splice(to, 0, id);
    send("POST", `/${part}/order`, { order: ids });
  }

  function makeSortable() {
    if (!window.Sortable) return;
    const stageRow = $(".stage-row", canvas);
    if (stageRow) {
      sortables.push(new Sortable(stageRow, { draggable: ".stage-head", handle: ".stage-handle", animation: 150,
        direction: "horizontal", ghostClass: "drag-ghost", forceFallback: true,
        onEnd: () => {
          const order = $$(".stage-head", stageRow).map((h) => h.dataset.stage);
          if (order.join("\u0000") !== view.stages.map((s) => s.id).join("\u0000")) send("POST", "/stages/order", { order });
        } }));
    }
    const body = $(".grid-body", canvas);
    if (body) {
      sortables.push(new Sortable(body, { draggable: ".lane-row", handle: ".lane-handle", animation: 150, ghostClass: "drag-ghost", forceFallback: true,
        onEnd: () => {
          const order = $$(".lane-row", body).map((r) => r.dataset.lane);
          if (order.join("\u0000") !== view.lanes.map((l) => l.id).join("\u0000")) send("POST", "/lanes/order", { order });
        } }));
    }
    for (const list of $$("ul.items", canvas)) {
      sortables.push(new Sortable(list, { group: `lane:${list.dataset.lane}`, handle: ".item-grip", draggable: ".item",
        animation: 150, ghostClass: "drag-ghost", emptyInsertThreshold: 24, forceFallback: true,
        onEnd: (event) => {
          const from = event.from.dataset;
          const to = event.to.dataset;
          if (from.stage === to.stage && event.oldIndex === event.newIndex) return;
          send("POST", "/items/move", { stage: from.stage, lane: from.lane, index: event.oldIndex,
            to_stage: to.stage, to_lane: to.lane, to_index: event.newIndex });
        } }));
    }
  }

  // -- side panel and version line -------------------------------------------------------
  function renderChecks() {
    const list = $("#checks");
    if (!list) return;
    const done = view.checks.filter((s) => !s.gaps.length).length;
    $("#checks-progress").textContent = t("steps_done", { done, total: view.checks.length });
    $("#panel-progress").textContent = `${done}/${view.checks.length}`;
    const firstTodo = view.checks.findIndex((s) => s.gaps.length);
    list.replaceChildren(...view.checks.map((step, i) => el("li", { class: step.gaps.length ? "todo" : "done" },
      el("details", { open: i === firstTodo ? true : null },
        el("summary", {},
          el("span", { class: "step-mark", "aria-hidden": "true" }, step.gaps.length ? String(i + 1) : "✓"),
          el("span", { class: "step-title" }, step.title),
          el("span", { class: "step-count" }, step.gaps.length ? t("missing_n", { n: step.gaps.length }) : t("complete"))),
        el("p", { class: "step-help" }, step.explanation),
        step.gaps.length ? el("ul", { class: "gaps" }, step.gaps.map((g) => el("li", {}, g))) : null))));
  }

  function renderVersion() {
    const line = $("#version-line");
    if (line) line.textContent = t("version_line", { version: view.version, author: view.saved_by, time: view.saved_at });
  }

  // -- dialogs ---------------------------------------------------------------------------
  function openDialog(dialog, onsubmit) {
    const form = $("form", dialog);
    const opener = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.focus : null;
    dialog.addEventListener("close", () => {
      const back = $$("[data-focus]", canvas).find((node) => node.dataset.focus === opener);
      if (back) back.focus();
    }, { once: true });
    form.onsubmit = async (event) => {
      event.preventDefault();
      const submitter = event.submitter;
      if (submitter && submitter.value === "cancel") { dialog.close(); return; }
      if (await onsubmit(submitter ? submitter.value : "save")) dialog.close();
    };
    dialog.showModal();
    const first = $$("input:not([type=hidden]), select, textarea", form).find((f) => !f.closest("[hidden]"));
    if (first) first.focus();
  }

  function showFields(dialog, kinds) {
    for (const field of $$("[data-kinds]", dialog)) {
      field.hidden = !field.dataset.kinds.split(" ").some((k) => kinds.includes(k));
    }
  }

  function setValue(input, value) {
    input.value = value === null || value === undefined ? "" : String(value);
  }

  function readValue(input) {
    const raw = input.value.trim();
    if (input.type === "number" || input.dataset.type === "number") return raw === "" ? null : Number(raw);
    return raw;
  }

  function openItem(where, item) {
    const dialog = $("#item-dialog");
    showFields(dialog, [item.kind]);
    for (const input of $$("[name]", dialog)) {
      if (input.closest("[hidden]") || input.type === "hidden") continue;
      setValue(input, item[input.name]);
    }
    const value = $("[name=value]", dialog);
    if (value) value.disabled = Boolean(item.bound);
    openDialog(dialog, () => {
      const fields = {};
      for (const input of $$("[name]", dialog)) {
        if (input.closest("[hidden]") || input.disabled || !input.name) continue;
        fields[input.name] = readValue(input);
      }
      return send("PATCH", "/items", { ...where, fields });
    });
  }

  let optionsLoaded = false;
  async function loadOptions() {
    if (optionsLoaded) return;
    optionsLoaded = true;
    const response = await fetch(`/maps/${view.id}/metric-options`, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const options = await response.json();
    const fill = (id, values) => $(id).replaceChildren(...values.map((v) => el("option", { value: v })));
    fill("#dl-touchpoints", options.touchpoints);
    fill("#dl-channels", options.channels);
    fill("#dl-where", [...new Set(options.friction.map((f) => f.where))]);
  }

  function defaultBinding(where, item) {
    const stage = stageById(where.stage);
    const lane = laneById(where.lane);
    const generated = view.generated || {};
    const persona = (view.personas || []).find((p) => p.segment);
    const params = { level: generated.level || "account", segment: generated.segment || (persona && persona.segment) || "",
      stage: stage.analytics_stage || "" };
    let metric = "journeys.count";
    if (item.kind === "kpi") metric = "stage.reached";
    else if (item.kind === "touchpoint") { metric = "touchpoint.actors"; params.touchpoint = item.name; }
    else if (lane.kind === "channels") { metric = "channel.share"; params.channel = item.text; }
    else if (item.kind === "emotion") metric = "survey.emotion";
    else if (item.kind === "pain_point") metric = "friction.lost";
    return { metric, params };
  }

  function showParams(dialog) {
    const metric = config.metrics.find((m) => m.name === $("[name=metric]", dialog).value);
    const wanted = ["level", "segment", ...(metric ? metric.params : [])];
    for (const field of $$("[data-param]", dialog)) field.hidden = !wanted.includes(field.dataset.param);
    $("#bind-about").textContent = metric ? t("unit_is", { unit: metric.unit_label }) : "";
  }

  function openBinding(where, item) {
    const dialog = $("#bind-dialog");
    loadOptions();
    const current = item.bound ? { metric: item.bound.metric, params: item.bound.params } : defaultBinding(where, item);
    const select = $("[name=metric]", dialog);
    select.value = current.metric;
    for (const input of $$("[data-param] [name]", dialog)) setValue(input, current.params[input.name]);
    select.onchange = () => showParams(dialog);
    showParams(dialog);
    $("#bind-current").textContent = item.bound
      ? t("bound_now", { metric: item.bound.label, value: item.bound.value_text, time: item.bound.refreshed }) : t("not_bound");
    $("#bind-remove").hidden = !item.bound;
    openDialog(dialog, (action) => {
      if (action === "unbind") return send("POST", "/items/bind", { ...where, metric: null });
      const params = {};
      for (const field of $$("[data-param]", dialog)) {
        if (field.hidden) continue;
        const input = $("[name]", field);
        const value = input.value.trim();
        if (value) params[input.name] = value;
      }
      return send("POST", "/items/bind", { ...where, metric: select.value, params });
    });
  }

  function openPart(part, entry) {
    const dialog = $("#part-dialog");
    const adding = !entry;
    const kinds = [part === "stages" ? "stage" : "lane", adding ? "add" : "edit"];
    showFields(dialog, kinds);
    $("#part-title").textContent = t(`${adding ? "add" : "edit"}_${part === "stages" ? "stage" : "lane"}_title`);
    for (const input of $$("[name]", dialog)) setValue(input, entry ? entry[input.name] : input.name === "kind" ? "actions" : "");
    openDialog(dialog, (action) => {
      if (action === "remove") {
        const message = t(part === "stages" ? "confirm_remove_stage" : "confirm_remove_lane", { name: entry.name });
        return window.confirm(message) ? send("POST", `/${part}/remove`, { id: entry.id }) : false;
      }
      const fields = {};
      for (const input of $$("[name]", dialog)) {
        if (input.closest("[hidden]")) continue;
        fields[input.name] = input.value.trim();
      }
      if (adding) return send("POST", `/${part}`, fields);
      return send("PATCH", `/${part}`, { id: entry.id, ...fields });
    });
  }

  function commentList(stage, lane) {
    const comments = cellOf(stage.id, lane.id).comments;
    $("#comments-list").replaceChildren(...(comments.length ? comments.map((c) => el("li", {},
      el("p", { class: "comment-meta" }, el("strong", {}, c.author), " · ", c.at),
      el("p", { class: "comment-text" }, c.text))) : [el("li", { class: "muted" }, t("no_comments"))]));
  }

  function openComments(stage, lane) {
    const dialog = $("#comments-dialog");
    $("#comments-title").textContent = t("comments_title", { where: t("cell_name", { stage: stage.name, lane: lane.name }) });
    commentList(stage, lane);
    const text = $("[name=text]", dialog);
    if (text) text.value = "";
    openDialog(dialog, async () => {
      if (!text || !text.value.trim()) return true;
      const ok = await send("POST", "/comments", { stage: stage.id, lane: lane.id, text: text.value.trim() });
      if (ok) { text.value = ""; commentList(stage, lane); text.focus(); }
      return false; // stay open: the new comment shows in the list
    });
  }

  function openDetails() {
    const dialog = $("#details-dialog");
    const persona = (view.personas || [])[0] || { name: "", description: "", goals: [], segment: "" };
    const values = { title: view.title, type: view.type, owner: view.owner, scenario: view.scenario,
      expectations: (view.expectations || []).join("\n"), goals: (view.goals || []).join("\n"),
      persona_name: persona.name, persona_description: persona.description,
      persona_goals: (persona.goals || []).join("\n"), persona_segment: persona.segment };
    for (const input of $$("[name]", dialog)) setValue(input, values[input.name]);
    openDialog(dialog, async () => {
      const get = (name) => $(`[name=${name}]`, dialog).value;
      const lines = (name) => get(name).split("\n").map((s) => s.trim()).filter(Boolean);
      const first = { name: get("persona_name").trim(), description: get("persona_description").trim(),
        goals: lines("persona_goals"), segment: get("persona_segment").trim() || null };
      const fields = { title: get("title").trim(), type: get("type"), owner: get("owner").trim(),
        scenario: get("scenario").trim(), expectations: lines("expectations"), goals: lines("goals"),
        personas: [first, ...(view.personas || []).slice(1)] };
      const ok = await send("PATCH", "", { fields });
      if (ok) window.location.reload();
      return ok;
    });
  }

  function panelToggle() {
    const button = $("#panel-toggle");
    const layout = $("#map-layout");
    const apply = (open) => {
      layout.classList.toggle("panel-closed", !open);
      button.setAttribute("aria-expanded", String(open));
    };
    apply(window.localStorage.getItem("journeymap.map-panel") !== "closed");
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      window.localStorage.setItem("journeymap.map-panel", open ? "open" : "closed");
      apply(open);
    });
  }

  // -- start -----------------------------------------------------------------------------
  for (const button of $$("[data-open]")) {
    button.addEventListener("click", () => {
      const what = button.dataset.open;
      if (what === "add-stage") openPart("stages", null);
      else if (what === "add-lane") openPart("lanes", null);
      else if (what === "details") openDetails();
    });
  }
  panelToggle();
  render();
  canvas.dataset.ready = "true";
})();
