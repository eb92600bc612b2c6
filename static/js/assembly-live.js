// The room, live: the screen's figures are replaced by the fragment the
// server sends after each change (an arrival, a proxy, a vote); on the
// phone's voting page, a vote opening or closing reloads the page so that
// its ballots appear. Without JavaScript the screen refreshes itself every
// 15 seconds and the voting page has a reload link.
(function () {
  "use strict";
  const root = document.querySelector("[data-assembly-live]");
  if (!root || !("WebSocket" in window)) return;
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  const url = scheme + window.location.host + root.dataset.assemblyLive;
  const room = root.querySelector("[data-room]");
  const watchedItem = root.dataset.reloadOnItem;
  let delay = 1000;

  function connect() {
    const socket = new WebSocket(url);
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (event) {
      const update = JSON.parse(event.data);
      if (room && update.html) room.innerHTML = update.html;
      if (watchedItem !== undefined && String(update.item || "") !== watchedItem) window.location.reload();
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
