// The door's search as you type: the same GET form, its results fetched as
// a fragment while typing (the page works the same without this file: the
// form submits on Enter). The focus stays in the field; Tab then reaches
// each member's button.
(function () {
  "use strict";
  const form = document.querySelector("[data-door-search]");
  const results = document.querySelector("[data-door-results]");
  if (!form || !results || !window.fetch) return;
  const input = form.querySelector("input[type=search]");
  let timer = null;
  let latest = 0;

  function search() {
    const query = input.value.trim();
    const ask = ++latest;
    const address = form.dataset.doorSearch + "?q=" + encodeURIComponent(query);
    fetch(address, { headers: { "X-Door-Search": "1" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || ask !== latest) return;
        results.innerHTML = html;
        window.history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : window.location.pathname);
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 150);
  });
  // Put the caret at the end of a search already there (after a tick).
  input.setSelectionRange(input.value.length, input.value.length);
})();
