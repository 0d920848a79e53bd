// The grid: stages as columns, lanes as rows, one cell per pair, drawn whole from the map
// on every change (render). Editors also get the handles, edit buttons and a cell's add
// button; everything inside a cell is drawn by items.js and emotions.js.

import { quickAdd } from "./cells.js";
import { openComments } from "./comments.js";
import { openPart } from "./dialogs.js";
import { canvas, el, focusedKey, focusKey, icon, iconButton, refocus } from "./dom.js";
import { drawCurves, emotionChart, scale } from "./emotions.js";
import { itemCard } from "./items.js";
import { destroySortables, makeSortable, moveByKey } from "./order.js";
import { renderChecks, renderVersion } from "./panel.js";
import { canEdit, cellName, cellOf, config, t, view } from "./state.js";

export function render() {
  const active = focusedKey();
  destroySortables();
  canvas.replaceChildren(grid());
  renderChecks();
  renderVersion();
  drawCurves();
  if (canEdit) makeSortable();
  if (active) refocus(active);
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

function cell(stage, lane) {
  const data = cellOf(stage.id, lane.id);
  const where = cellName(stage, lane);
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
