// Small progressive enhancements for the questionnaire pages; everything works without them.
(function () {
  "use strict";
  // Autosave could not reach the server (offline, timeout): say so next to the question.
  function showSaveError(event) {
    var target = event.detail && event.detail.target;
    var form = target && target.closest("form[data-save-error]");
    if (!form) return;
    target.innerHTML = "";
    var span = document.createElement("span");
    span.className = "save-error";
    span.textContent = form.getAttribute("data-save-error");
    target.appendChild(span);
  }
  document.addEventListener("htmx:sendError", showSaveError);
  document.addEventListener("htmx:responseError", showSaveError);
  // The print button only appears when scripts run.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
