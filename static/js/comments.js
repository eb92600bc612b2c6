/* After a comment form is sent (publish, reply, edit, like), the page comes
   back at the comment (the server redirects to #comment-N) and the browser
   would leave the focus on <body>, at the top of the page for keyboard and
   screen reader users. The focus goes back where the person was: on the
   "I like it" button they pressed (which says its new state), or on the
   comment they wrote, with the site's message read out. */
(function () {
  "use strict";
  var KEY = "plancommun.comment-focus";
  var section = document.getElementById("commentaires");
  if (!section || !window.sessionStorage) {
    return;
  }
  section.addEventListener("submit", function (event) {
    var form = event.target;
    var like = form.querySelector("input[name=like]") && form.closest("[data-comment]");
    var kind = like ? "like" : (form.querySelector("textarea[name=text]") ? "write" : "");
    if (kind) {
      try {
        sessionStorage.setItem(KEY, JSON.stringify({ kind: kind, path: location.pathname }));
      } catch (error) { /* storage refused: the page works as without this script */ }
    }
  });

  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
  } catch (error) {
    return;
  }
  var match = /^#comment-(\d+)$/.exec(location.hash);
  if (!saved || saved.path !== location.pathname || !match) {
    return;
  }
  var comment = document.getElementById("comment-" + match[1]);
  if (!comment) {
    return;
  }
  var body = comment.querySelector(".comment__body");
  var target = saved.kind === "like" ? comment.querySelector(".comment__body form input[name=like] ~ button") : null;
  if (!target && body) {
    body.setAttribute("tabindex", "-1");
    target = body;
  }
  // Once the browser has scrolled to the comment: that scroll would take
  // the focus away again.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      if (target) {
        target.focus();
      }
      // The toast (site.js) is already in the page: a live region only reads
      // out what changes in it, so its words are said by the discussion's.
      var status = section.querySelector("[data-comments-status]");
      var message = document.querySelector("[data-messages] .message");
      if (status && message && saved.kind !== "like") {
        status.textContent = message.textContent;
      }
    }, 100);
  });
})();

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
