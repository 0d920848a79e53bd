// One card in a cell: its main text (a button that edits in place, for editors), the chips
// and values of its kind, the number of a bound metric, and the editor's tools (drag grip,
// details, bind, remove), which emotion points share.

import { send } from "./api.js";
import { openBinding } from "./bindings.js";
import { editInPlace } from "./cells.js";
import { openItem } from "./dialogs.js";
import { el, focusKey, icon, iconButton } from "./dom.js";
import { canEdit, itemAt, t } from "./state.js";

// A bound number's short "as of" time, or that it was not computed yet.
export const boundTime = (b) => (b.refreshed ? t("as_of", { time: b.refreshed_short }) : t("not_computed"));

export function itemCard(stage, lane, item, index) {
  const key = focusKey("item", stage.id, lane.id, index);
  const card = el("li", { class: `item card-${item.kind} lane-${lane.kind}${item.bound ? " is-bound" : ""}` });
  const text = item[item.main_field] || "";
  if (item.kind === "touchpoint" && item.channel) card.append(el("span", { class: "chip channel" }, item.channel));
  card.append(canEdit
    ? el("button", { type: "button", class: "item-text", "data-focus": key, title: t("edit_text"),
      onclick: (event) => editInPlace(event.currentTarget, itemAt(stage, lane, index), item, item.main_field) }, text)
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
    el("span", { class: "bound-time" }, boundTime(b)));
}

export function itemTools(stage, lane, item, index) {
  const where = itemAt(stage, lane, index);
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
