// Binding a card to a metric: the picker dialog proposes a metric and parameters that fit
// the card (or shows the current binding), shows only the parameters the chosen metric
// takes, fills the suggestion lists from /metric-options once, and binds or unbinds.

import { getJSON, send } from "./api.js";
import { openDialog, setValue } from "./dialogs.js";
import { $, $$, el } from "./dom.js";
import { config, laneById, stageById, t, view } from "./state.js";

let optionsLoaded = false;
async function loadOptions() {
  if (optionsLoaded) return;
  optionsLoaded = true;
  const options = await getJSON("/metric-options");
  if (!options) return;
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

export function openBinding(where, item) {
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
