// Enhancements only: every page works without this script.
(function () {
  "use strict";

  // After a failed submit, move focus to the error summary so that screen readers
  // announce it first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // Warn two minutes before the idle timeout, with a way to stay signed in.
  var idle = parseInt(document.body.getAttribute("data-idle-seconds") || "", 10);
  var dialog = document.getElementById("idle-warning");
  if (!idle || !dialog) {
    return;
  }
  var warnAfter = Math.max(idle - 120, idle / 2) * 1000;
  var timer = null;
  function arm() {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(function () {
      dialog.hidden = false;
      var button = document.getElementById("stay-signed-in");
      if (button) {
        button.focus();
      }
    }, warnAfter);
  }
  var form = dialog.querySelector("form");
  if (form && window.fetch) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "x-requested-with": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        // 204 means the session was renewed; anything else (a redirect to the sign-in
        // page, followed by fetch) means it is gone.
        if (response.status === 204 && !response.redirected) {
          dialog.hidden = true;
          arm();
        } else {
          window.location.assign("/session-expired");
        }
      });
    });
  }
  arm();
})();
