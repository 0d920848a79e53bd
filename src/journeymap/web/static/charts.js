// journeymap: charts and the analytics forms' small behaviours.
// Figures come from the server as JSON in <script type="application/json"> and are read
// with JSON.parse (never evaluated); each chart can be saved as a PNG. Funnel steps can be
// added and removed. Pages load it after plotly.min.js (both deferred).
(function () {
  "use strict";

  function config(el) {
    return {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["lasso2d", "select2d"],
      toImageButtonOptions: {
        format: "png", scale: 2, filename: el.dataset.filename || "journeymap-chart",
      },
    };
  }

  function draw(root) {
    if (typeof Plotly === "undefined" || !root || !root.querySelectorAll) return;
    const charts = Array.from(root.querySelectorAll(".chart[data-figure]"));
    if (root.matches && root.matches(".chart[data-figure]")) charts.push(root);
    charts.forEach((el) => {
      if (el.dataset.drawn) return;
      const source = document.getElementById(el.dataset.figure);
      if (!source) return;
      const figure = JSON.parse(source.textContent);
      el.dataset.drawn = "1";
      Plotly.newPlot(el, figure.data, figure.layout || {}, config(el));
    });
  }

  function downloadPng(button) {
    const el = document.getElementById(button.dataset.downloadPng);
    if (!el || typeof Plotly === "undefined") return;
    Plotly.downloadImage(el, {
      format: "png", scale: 2, filename: el.dataset.filename || "journeymap-chart",
      width: el.clientWidth, height: el.clientHeight,
    });
  }

  function renumber(list) {
    const label = list.dataset.label || "Step";
    list.querySelectorAll("input[name=step]").forEach((input, i) => {
      input.setAttribute("aria-label", label + " " + (i + 1));
    });
  }

  function addStep(button) {
    const list = button.closest("form").querySelector("[data-steps]");
    const rows = list.querySelectorAll(".step-row");
    const row = rows[rows.length - 1].cloneNode(true);
    const input = row.querySelector("input");
    input.value = "";
    list.appendChild(row);
    renumber(list);
    input.focus();
  }

  function removeStep(button) {
    const list = button.closest("[data-steps]");
    const row = button.closest(".step-row");
    if (list.querySelectorAll(".step-row").length > 2) {
      row.remove();
      renumber(list);
    } else {
      row.querySelector("input").value = "";
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const png = target.closest("[data-download-png]");
    if (png) return downloadPng(png);
    const add = target.closest("[data-add-step]");
    if (add) return addStep(add);
    const remove = target.closest("[data-remove-step]");
    if (remove) return removeStep(remove);
  });

  // htmx swaps only 2xx answers by default; an analysis answers 4xx with the message to
  // show beside its form (400 wrong input, 409 not built yet), so that answer is swapped in.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const detail = event.detail;
    const status = detail.xhr.status;
    if (status >= 400 && status < 500 && detail.target && detail.target.id === "result") {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  document.addEventListener("htmx:load", (event) => draw(event.detail.elt));
  draw(document);
})();
