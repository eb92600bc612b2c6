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

/* Messages ("Votre commentaire est publié.") stay in view as a toast, even
   when the page opens further down at the comment; without JavaScript they
   sit at the top of the page. */
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-messages]");
  if (!box) {
    return;
  }
  box.classList.add("messages--toast");
  const close = box.querySelector("[data-messages-close]");
  close.hidden = false;
  close.addEventListener("click", () => box.remove());
  if (!box.querySelector(".message--error, .message--warning")) {
    window.setTimeout(() => box.classList.add("messages--gone"), 10000);
  }
});

/* After a failed submission, the list of errors takes the focus, so that
   keyboard and screen reader users land on it. */
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) {
    summary.focus();
  }
});
