// journeymap: behaviour shared by every page. htmx carries the CSRF header (see base.html).
document.addEventListener("htmx:responseError", (event) => {
  const box = document.getElementById("flash");
  if (box) box.textContent = event.detail.xhr.statusText || "Error";
});
