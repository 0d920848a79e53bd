// What the canvas knows: the words, settings and map the page embeds as JSON, and the map
// as the server last answered it. `view` is a live binding: setView() replaces it and every
// importer sees the new map. Lookups into the map live here too.

const embedded = (id) => JSON.parse(document.getElementById(id).textContent);

const T = embedded("canvas-i18n");
export const config = embedded("canvas-config");
export const canEdit = config.can_edit;
export let view = embedded("canvas-data");

let redrawer = () => {};

export function setView(next) {
  view = next;
}

// The grid registers how to draw itself; the server talk calls redraw() after each answer.
export function onRedraw(fn) {
  redrawer = fn;
}

export function redraw() {
  redrawer();
}

export function t(key, values) {
  const text = T[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values && name in values ? String(values[name]) : ""));
}

export const stageById = (id) => view.stages.find((s) => s.id === id);
export const laneById = (id) => view.lanes.find((l) => l.id === id);
export const cellOf = (stage, lane) =>
  view.cells.find((c) => c.stage === stage && c.lane === lane) || { stage, lane, items: [], comments: [] };
export const cellName = (stage, lane) => t("cell_name", { stage: stage.name, lane: lane.name });
// Where an item sits, as the /items operations name it.
export const itemAt = (stage, lane, index) => ({ stage: stage.id, lane: lane.id, index });
