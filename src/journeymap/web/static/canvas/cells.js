// Editing a cell in place: a card's text becomes a textarea (Enter saves, Shift+Enter breaks
// the line, Esc cancels, leaving saves), and a cell's add button opens one for a new card.
// Each ends in one operation to the server, or in nothing when nothing changed.

import { send } from "./api.js";
import { $, el, focusKey, refocus } from "./dom.js";
import { cellName, t } from "./state.js";

// The field a new card's typed text goes into, by the kind of card the lane adds.
const MAIN_FIELD = { text: "text", touchpoint: "name", emotion: "label", pain_point: "text",
  opportunity: "description", kpi: "name" };

// Finish an inline textarea once: finish(true) on Enter, finish(false) on Esc and
// finish(onBlur) when it loses focus (which removing it also causes).
function finishOnce(area, finish, onBlur) {
  let done = false;
  const once = (save) => {
    if (done) return;
    done = true;
    finish(save);
  };
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); once(true); }
    if (event.key === "Escape") { event.preventDefault(); once(false); }
  });
  area.addEventListener("blur", () => once(onBlur));
}

export function editInPlace(button, where, item, field) {
  const area = el("textarea", { class: "inline-edit", rows: 2, "aria-label": t("edit_text_of", { name: item[field] || "" }),
    "data-focus": button.dataset.focus });
  area.value = item[field] || "";
  button.replaceWith(area);
  const grow = () => { area.style.height = "auto"; area.style.height = `${area.scrollHeight}px`; };
  grow();
  area.addEventListener("input", grow);
  area.focus();
  area.select();
  finishOnce(area, (save) => {
    const value = area.value.trim();
    if (!save || value === (item[field] || "")) {
      area.replaceWith(button);
      button.focus();
      return;
    }
    send("PATCH", "/items", { ...where, fields: { [field]: value } });
  }, true);
}

export function quickAdd(box, stage, lane) {
  const kind = lane.new_item;
  const field = MAIN_FIELD[kind];
  const area = el("textarea", { class: "inline-edit", rows: 2, "aria-label": t("new_item_in", { where: cellName(stage, lane) }),
    placeholder: t(kind === "emotion" ? "new_emotion_hint" : "new_item_hint"), "data-focus": focusKey("add", stage.id, lane.id) });
  const holder = el("div", { class: "quick-add" }, area);
  box.insertBefore(holder, $(".cell-tools", box));
  area.focus();
  finishOnce(area, (save) => {
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
    send("POST", "/items", { stage: stage.id, lane: lane.id, item }).then(() => refocus(key));
  }, "blur");
}
