/* Live comments: the page works without this script; with it, comments
   posted by others appear without reloading. The socket only says which
   comment changed; its HTML is fetched as this reader may see it. */
(function () {
  "use strict";
  var section = document.querySelector("[data-comments-live]");
  if (!section || !("WebSocket" in window) || !window.liveSocket || !window.fetch
      || !("content" in document.createElement("template"))) {
    return;
  }
  var list = section.querySelector("[data-comment-list]");
  var status = section.querySelector("[data-comments-status]");
  var newestFirst = section.getAttribute("data-order") === "newest";
  var stanceFilter = section.getAttribute("data-stance") || "";

  function fetchComment(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      return template.content.firstElementChild;
    });
  }

  function refreshCounts() {
    var counts = section.querySelector("[data-comments-counts]");
    fetch(counts.getAttribute("data-comments-counts"), { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      if (html) {
        counts.innerHTML = html;
      }
    });
  }

  function announce(element) {
    var author = element.querySelector(".comment__author");
    status.textContent = section.getAttribute("data-announce") + (author ? " " + author.textContent : "");
  }

  function place(data, element) {
    var existing = document.getElementById("comment-" + data.comment);
    if (existing) {
      var oldBody = existing.querySelector(".comment__body");
      var newBody = element.querySelector(".comment__body");
      // Never replace what the reader is typing in.
      if (oldBody && newBody && !oldBody.contains(document.activeElement) && !oldBody.querySelector("details[open]")) {
        oldBody.replaceWith(newBody);
      }
      return;
    }
    if (data.event !== "posted") {
      return;
    }
    if (data.parent) {
      var parent = document.getElementById("comment-" + data.parent);
      if (!parent) {
        return;
      }
      var replies = parent.querySelector(".comment-list--replies");
      if (!replies || replies.parentNode !== parent) {
        replies = document.createElement("ol");
        replies.className = "comment-list comment-list--replies";
        parent.appendChild(replies);
      }
      replies.appendChild(element);
    } else {
      if (stanceFilter && element.getAttribute("data-stance") !== stanceFilter) {
        return;
      }
      if (newestFirst) {
        list.insertBefore(element, list.firstChild);
      } else {
        list.appendChild(element);
      }
    }
    var empty = section.querySelector("[data-comments-empty]");
    if (empty) {
      empty.parentNode.removeChild(empty);
    }
    element.classList.add("comment--new");
    announce(element);
  }

  // Retries, refusals and pauses: window.liveSocket (site.js).
  window.liveSocket(section.getAttribute("data-comments-live"), {
    open: function () {
      section.setAttribute("data-live", "connected");
    },
    message: function (data) {
      fetchComment(data.url).then(function (element) {
        if (element) {
          place(data, element);
        }
      });
      refreshCounts();
    },
    close: function () {
      section.removeAttribute("data-live");
    }
  });
})();
