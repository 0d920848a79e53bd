// Building the page's nodes: short query helpers, el() and svg() that set user text only as
// text or attributes (never parsed as HTML), the small line icons, and focus kept across a
// redraw through each control's data-focus key. Every other canvas module draws with these.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export const canvas = $("#canvas");
const SVG = "http://www.w3.org/2000/svg";

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

// Small line icons (24x24 paths), drawn as SVG so no icon font or emoji font is needed.
const ICONS = {
  grip: "M9 5.5a1.5 1.5 0 1 1 0 .01M15 5.5a1.5 1.5 0 1 1 0 .01M9 12a1.5 1.5 0 1 1 0 .01M15 12a1.5 1.5 0 1 1 0 .01M9 18.5a1.5 1.5 0 1 1 0 .01M15 18.5a1.5 1.5 0 1 1 0 .01",
  edit: "M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4",
  more: "M5 12h.01M12 12h.01M19 12h.01",
  link: "M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1",
  close: "M6 6l12 12M18 6L6 18",
  plus: "M12 5v14M5 12h14",
  comment: "M4 5h16v11H9l-5 4V5z",
};

export function icon(name) {
  const node = svg("svg", { class: `glyph glyph-${name}`, viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
  node.append(svg("path", { d: ICONS[name] }));
  return node;
}

export function iconButton(label, name, onclick, extra = {}) {
  return el("button", { type: "button", class: "icon " + (extra.class || ""), "aria-label": label,
    title: label, onclick, "data-focus": extra.focus }, icon(name));
}

// -- focus across redraws: controls carry a stable data-focus key ---------------------------
export const focusKey = (...parts) => parts.join("|");

export function focusedKey() {
  const active = document.activeElement;
  return active && active.dataset ? active.dataset.focus : null;
}

export function refocus(key) {
  const again = $$("[data-focus]", canvas).find((node) => node.dataset.focus === key);
  if (again) again.focus();
}
