// Small enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-outline-tools]").forEach((tools) => {
    const outline = tools.nextElementSibling;
    const setAll = (open) => outline.querySelectorAll("details").forEach((d) => { d.open = open; });
    tools.querySelector("[data-outline-expand]").addEventListener("click", () => setAll(true));
    tools.querySelector("[data-outline-collapse]").addEventListener("click", () => setAll(false));
    tools.hidden = false;
  });
});
