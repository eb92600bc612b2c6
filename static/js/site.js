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

/* A live websocket (comments.js, consultation-live.js). A connection that
   fails is tried again after 1 s, 2 s, 4 s… (2 minutes at most); after 8
   failures in a row, or while the page is hidden or the browser offline,
   it waits for the page to come back into view or the network to return.
   A refusal (4401: signed out, 4403: not allowed, as the server re-checks
   who may read) is final. `handlers`: message(data), and optionally
   open(), close(), done() (true when no update can come any more). */
window.liveSocket = function (path, handlers) {
  const REFUSED = [4401, 4403];
  const STEADY_MS = 10000; // open this long: the next failure starts again at 1 s
  const url = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + path;
  let socket = null;
  let timer = null;
  let delay = 1000;
  let failures = 0;
  let over = false;

  function connect() {
    timer = null;
    if (over || socket || document.hidden || navigator.onLine === false) {
      return;
    }
    let openedAt = 0;
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      openedAt = Date.now();
      if (handlers.open) handlers.open();
    });
    socket.addEventListener("message", (event) => handlers.message(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => {
      socket = null;
      if (handlers.close) handlers.close();
      if (REFUSED.includes(event.code) || (handlers.done && handlers.done())) {
        over = true;
        return;
      }
      if (openedAt && Date.now() - openedAt >= STEADY_MS) {
        delay = 1000;
        failures = 0;
      }
      failures += 1;
      if (failures < 8) {
        timer = window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 120000);
      }
    });
  }

  function resume() {
    if (over || socket || document.hidden) {
      return;
    }
    window.clearTimeout(timer);
    delay = 1000;
    failures = 0;
    connect();
  }

  document.addEventListener("visibilitychange", resume);
  window.addEventListener("online", resume);
  connect();
};
