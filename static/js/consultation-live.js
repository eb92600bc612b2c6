// Live results: the page already shows the results (or the number of
// voters) as they were when it loaded; this keeps them current over a
// websocket. The server sends only what anyone may see at that moment.
(function () {
  "use strict";
  const root = document.querySelector("[data-consultation-live]");
  if (!root || !("WebSocket" in window) || !window.liveSocket) return;
  const turnout = root.querySelector("[data-live-turnout]");
  const results = root.querySelector("[data-live-results]");

  // Retries, refusals and pauses: window.liveSocket (site.js); a closed
  // consultation sends nothing more.
  window.liveSocket(root.dataset.consultationLive, {
    message: function (update) {
      if (turnout && update.voters_text) turnout.textContent = update.voters_text;
      if (results && update.html) results.innerHTML = update.html;
      if (update.status === "close") root.dataset.closed = "true";
    },
    done: function () { return Boolean(root.dataset.closed); }
  });
})();
