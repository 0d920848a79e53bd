// The editor's dialogs (in maps_dialogs.html): the shared plumbing (open as a modal, focus
// the first field, submit by the pressed button, focus back on the opener when closed) and
// the forms for a card's details, a stage or lane, and the map's own details.

import { send } from "./api.js";
import { $, $$, focusedKey, refocus } from "./dom.js";
import { t, view } from "./state.js";

// Show `dialog`; onsubmit(action) gets the pressed button's value and answers (or resolves
// to) true to close it. Cancel always closes.
export function openDialog(dialog, onsubmit) {
  const form = $("form", dialog);
  const opener = focusedKey();
  dialog.addEventListener("close", () => refocus(opener), { once: true });
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

// Show only the fields whose data-kinds name one of `kinds`.
function showFields(dialog, kinds) {
  for (const field of $$("[data-kinds]", dialog)) {
    field.hidden = !field.dataset.kinds.split(" ").some((k) => kinds.includes(k));
  }
}

export function setValue(input, value) {
  input.value = value === null || value === undefined ? "" : String(value);
}

function readValue(input) {
  const raw = input.value.trim();
  if (input.type === "number" || input.dataset.type === "number") return raw === "" ? null : Number(raw);
  return raw;
}

// The values of the dialog's shown, enabled, named fields.
function readFields(dialog) {
  const fields = {};
  for (const input of $$("[name]", dialog)) {
    if (input.closest("[hidden]") || input.disabled || !input.name) continue;
    fields[input.name] = readValue(input);
  }
  return fields;
}

export function openItem(where, item) {
  const dialog = $("#item-dialog");
  showFields(dialog, [item.kind]);
  for (const input of $$("[name]", dialog)) {
    if (input.closest("[hidden]") || input.type === "hidden") continue;
    setValue(input, item[input.name]);
  }
  const value = $("[name=value]", dialog);
  if (value) value.disabled = Boolean(item.bound);
  openDialog(dialog, () => send("PATCH", "/items", { ...where, fields: readFields(dialog) }));
}

// Add (entry null) or edit a stage or lane; `part` is "stages" or "lanes".
export function openPart(part, entry) {
  const dialog = $("#part-dialog");
  const adding = !entry;
  const which = part === "stages" ? "stage" : "lane";
  showFields(dialog, [which, adding ? "add" : "edit"]);
  $("#part-title").textContent = t(`${adding ? "add" : "edit"}_${which}_title`);
  for (const input of $$("[name]", dialog)) setValue(input, entry ? entry[input.name] : input.name === "kind" ? "actions" : "");
  openDialog(dialog, (action) => {
    if (action === "remove") {
      const message = t(`confirm_remove_${which}`, { name: entry.name });
      return window.confirm(message) ? send("POST", `/${part}/remove`, { id: entry.id }) : false;
    }
    const fields = readFields(dialog);
    if (adding) return send("POST", `/${part}`, fields);
    return send("PATCH", `/${part}`, { id: entry.id, ...fields });
  });
}

export function openDetails() {
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
