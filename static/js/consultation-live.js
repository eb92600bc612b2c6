// Live results: the page already shows the results (or the number of
// voters) as they were when it loaded; this keeps them current over a
// websocket. The server sends only what anyone may see at that moment.
(function () {
  "use strict";
  const root = document.querySelector("[data-consultation-live]");
  if (!root || !("WebSocket" in window)) return;
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  const url = scheme + window.location.host + root.dataset.consultationLive;
  const turnout = root.querySelector("[data-live-turnout]");
  const results = root.querySelector("[data-live-results]");
  let delay = 1000;

  function connect() {
    const socket = new WebSocket(url);
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (event) {
      const update = JSON.parse(event.data);
      if (turnout && update.voters_text) turnout.textContent = update.voters_text;
      if (results && update.html) results.innerHTML = update.html;
      if (update.status === "close") root.dataset.closed = "true";
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403 || root.dataset.closed) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
