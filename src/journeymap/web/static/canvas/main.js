// journeymap map canvas, the entry point maps_canvas.html loads as a module: draws a map
// (stages x lanes) from the JSON the page embeds and, for editors, sends each change as one
// small JSON operation to /maps/{id}/...; the server answers with the whole map, which is
// drawn again. Everything a user typed is set with textContent or attributes, never parsed
// as HTML. This file only wires the modules together and starts the canvas.

import { openDetails, openPart } from "./dialogs.js";
import { $$, canvas } from "./dom.js";
import { render } from "./grid.js";
import { panelToggle } from "./panel.js";
import { onRedraw } from "./state.js";

onRedraw(render);

// The toolbar's buttons (editors only): add a stage or lane, the map's details.
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
