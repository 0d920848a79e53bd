// Reordering for editors: stages and lanes by dragging their grip (SortableJS, loaded as the
// global window.Sortable) or by the arrow keys on a focused grip, and cards by dragging them
// within a cell or to another cell of the same lane. Each move is one operation.

import { send } from "./api.js";
import { $, $$, canvas } from "./dom.js";
import { view } from "./state.js";

const DRAG = { animation: 150, ghostClass: "drag-ghost", forceFallback: true };
let sortables = [];

// Save a new order of the stages or lanes, unless it is the one the map has.
function sendOrder(part, order) {
  if (order.join("\u0000") !== view[part].map((x) => x.id).join("\u0000")) send("POST", `/${part}/order`, { order });
}

export function moveByKey(event, part, id, keys) {
  const step = event.key === keys[0] ? -1 : event.key === keys[1] ? 1 : 0;
  if (!step) return;
  event.preventDefault();
  const ids = view[part].map((x) => x.id);
  const at = ids.indexOf(id);
  const to = at + step;
  if (to < 0 || to >= ids.length) return;
  ids.splice(at, 1);
  ids.splice(to, 0, id);
  sendOrder(part, ids);
}

// Stages (in the head row) or lanes (in the body): `draggable` selects the moved nodes,
// whose data-`key` holds their id.
function sortParts(container, part, draggable, handle, key, extra = {}) {
  if (!container) return;
  sortables.push(new window.Sortable(container, { ...DRAG, ...extra, draggable, handle,
    onEnd: () => sendOrder(part, $$(draggable, container).map((node) => node.dataset[key])) }));
}

export function destroySortables() {
  sortables.forEach((s) => s.destroy());
  sortables = [];
}

export function makeSortable() {
  if (!window.Sortable) return;
  sortParts($(".stage-row", canvas), "stages", ".stage-head", ".stage-handle", "stage", { direction: "horizontal" });
  sortParts($(".grid-body", canvas), "lanes", ".lane-row", ".lane-handle", "lane");
  for (const list of $$("ul.items", canvas)) {
    sortables.push(new window.Sortable(list, { ...DRAG, group: `lane:${list.dataset.lane}`, handle: ".item-grip",
      draggable: ".item", emptyInsertThreshold: 24,
      onEnd: (event) => {
        const from = event.from.dataset;
        const to = event.to.dataset;
        if (from.stage === to.stage && event.oldIndex === event.newIndex) return;
        send("POST", "/items/move", { stage: from.stage, lane: from.lane, index: event.oldIndex,
          to_stage: to.stage, to_lane: to.lane, to_index: event.newIndex });
      } }));
  }
}
