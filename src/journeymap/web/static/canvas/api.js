// Talking to the server: every change is one small JSON operation to /maps/{id}/..., sent
// with the CSRF header from the latest version, one after another. The answer is the whole
// map, drawn again; an error (a 409 conflict offers a reload) shows above the canvas.

import { $, el } from "./dom.js";
import { config, redraw, setView, t, view } from "./state.js";

let queue = Promise.resolve();

function status(text) {
  $("#canvas-status").textContent = text;
}

function showError(message, reload) {
  const box = $("#canvas-error");
  box.replaceChildren(el("p", {}, el("strong", {}, t("not_saved")), " ", message));
  if (reload) {
    box.append(el("button", { type: "button", onclick: reloadView }, t("reload")));
  }
  box.hidden = false;
  status("");
}

function clearError() {
  const box = $("#canvas-error");
  box.hidden = true;
  box.replaceChildren();
}

// Show a map the server sent: it replaces ours, clears any error and is drawn again.
function showMap(map, message) {
  setView(map);
  clearError();
  redraw();
  status(message);
}

// GET a JSON resource of this map; null when the server says no.
export async function getJSON(path) {
  const response = await fetch(`/maps/${view.id}${path}`, { headers: { Accept: "application/json" } });
  return response.ok ? response.json() : null;
}

async function reloadView() {
  const map = await getJSON("/view");
  if (map) showMap(map, t("reloaded", { version: map.version }));
}

// Send one operation; operations run one after another, each from the latest version.
export function send(method, path, body) {
  const run = queue.then(() => sendNow(method, path, body));
  queue = run.catch(() => false);
  return run;
}

async function sendNow(method, path, body) {
  status(t("saving"));
  let response;
  try {
    response = await fetch(`/maps/${view.id}${path}`, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
        "X-CSRF-Token": config.csrf },
      body: JSON.stringify({ base_version: view.version, ...body }),
    });
  } catch (error) {
    showError(t("offline"), false);
    return false;
  }
  let payload = null;
  try { payload = await response.json(); } catch (error) { payload = null; }
  if (response.ok && payload && payload.map) {
    showMap(payload.map, t("saved", { version: payload.saved.version, author: payload.saved.author }));
    return true;
  }
  const message = payload && payload.error ? payload.error.message
    : response.status === 403 ? t("forbidden") : t("failed", { status: response.status });
  showError(message, Boolean(payload && payload.error && payload.error.type === "Conflict"));
  redraw(); // back to what the server holds
  return false;
}
