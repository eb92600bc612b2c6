/* The bell's unread count, kept current without reloading. The bell works
   without this script (the count of the page as it was served); with it,
   the person's own socket says the new count, and a polite live region
   announces it. */
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell-live]");
  if (!bell || !("WebSocket" in window) || !window.liveSocket) {
    return;
  }
  var status = document.querySelector("[data-bell-status]");
  var served = bell.querySelector(".bell__count");
  var shown = served ? parseInt(served.firstChild.nodeValue, 10) : 0;

  function render(count) {
    var badge = bell.querySelector(".bell__count");
    if (!count) {
      if (badge) {
        badge.parentNode.removeChild(badge);
      }
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "bell__count";
      badge.appendChild(document.createTextNode(""));
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      badge.appendChild(hidden);
      var last = bell.lastChild;
      if (!last || last.nodeType !== Node.TEXT_NODE || !/\s$/.test(last.nodeValue)) {
        bell.appendChild(document.createTextNode(" "));
      }
      bell.appendChild(badge);
    }
    badge.firstChild.nodeValue = String(count);
    badge.lastChild.textContent = " " + bell.getAttribute(count === 1 ? "data-bell-unread-one" : "data-bell-unread-many");
  }

  function announce(count) {
    if (!status) {
      return;
    }
    var text = !count ? bell.getAttribute("data-bell-none")
      : bell.getAttribute(count === 1 ? "data-bell-one" : "data-bell-many").replace("{count}", String(count));
    status.textContent = text;
  }

  window.liveSocket(bell.getAttribute("data-bell-live"), {
    open: function () {
      bell.setAttribute("data-live", "connected");
    },
    message: function (data) {
      if (data.event !== "bell" || typeof data.count !== "number" || data.count === shown) {
        return;
      }
      shown = data.count;
      render(data.count);
      announce(data.count);
    },
    close: function () {
      bell.removeAttribute("data-live");
    }
  });
})();
