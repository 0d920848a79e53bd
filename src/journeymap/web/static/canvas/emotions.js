// The emotions lane: each cell is a small chart from −2 to +2 with its points, and the curve
// through each stage's mean score runs across the cells. Editors drag a point up or down (or
// use the arrow keys); the score moves live and is saved when the drag or key presses end.

import { send } from "./api.js";
import { editInPlace } from "./cells.js";
import { $, $$, canvas, el, focusKey, svg } from "./dom.js";
import { boundTime, itemTools } from "./items.js";
import { canEdit, cellOf, itemAt, t, view } from "./state.js";

const PAD = 12; // emotion chart: top and bottom padding, in % of its height
const SCORES = [2, 1, 0, -1, -2];

const pct = (score) => PAD + ((2 - score) / 4) * (100 - 2 * PAD);
const signed = (score) => (score > 0 ? "+" : score < 0 ? "−" : "±") + Math.abs(score).toString();
const tone = (score) => (score >= 0.5 ? "good" : score <= -0.5 ? "bad" : "neutral");
const snap = (score) => Math.max(-2, Math.min(2, Math.round(score * 2) / 2));

// The scale beside the lane's name.
export function scale() {
  return el("span", { class: "emo-scale", "aria-hidden": "true" },
    SCORES.map((s) => el("span", { style: `top:${pct(s)}%` }, s > 0 ? `+${s}` : String(s).replace("-", "−"))));
}

export function emotionChart(stage, lane, data) {
  const box = el("div", { class: "emo-box", "data-stage": stage.id, "data-lane": lane.id });
  const chart = svg("svg", { class: "emo-curve", viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
  for (const s of SCORES) {
    chart.append(svg("line", { x1: 0, x2: 100, y1: pct(s), y2: pct(s), class: s === 0 ? "zero" : "tick", "vector-effect": "non-scaling-stroke" }));
  }
  chart.append(svg("polygon", { class: "area", points: "" }), svg("polyline", { class: "line", points: "", "vector-effect": "non-scaling-stroke" }));
  box.append(chart);
  const k = data.items.length;
  data.items.forEach((item, i) => box.append(emotionPoint(stage, lane, item, i, (i - (k - 1) / 2) * 64)));
  return box;
}

function emotionPoint(stage, lane, item, index, offset) {
  const where = itemAt(stage, lane, index);
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
      boundTime(item.bound)));
  }
  if (canEdit) {
    point.append(itemTools(stage, lane, item, index));
    dragEmotion(dot, point, item, where);
  }
  return point;
}

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
export function drawCurves() {
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
