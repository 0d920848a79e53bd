// Around the grid: the side panel's six-step check list (with its progress, also on the
// toolbar's toggle), the toggle that opens or closes the panel (remembered in localStorage)
// and the version line of the toolbar.

import { $, el } from "./dom.js";
import { t, view } from "./state.js";

const PANEL_KEY = "journeymap.map-panel";

export function renderChecks() {
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

export function renderVersion() {
  const line = $("#version-line");
  if (line) line.textContent = t("version_line", { version: view.version, author: view.saved_by, time: view.saved_at });
}

export function panelToggle() {
  const button = $("#panel-toggle");
  const layout = $("#map-layout");
  const apply = (open) => {
    layout.classList.toggle("panel-closed", !open);
    button.setAttribute("aria-expanded", String(open));
  };
  apply(window.localStorage.getItem(PANEL_KEY) !== "closed");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    window.localStorage.setItem(PANEL_KEY, open ? "open" : "closed");
    apply(open);
  });
}
