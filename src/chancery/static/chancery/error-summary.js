/* Chancery: move focus to a form's error summary on load, and from its links to the field.
   A static file, so the Content-Security-Policy (script-src 'self') allows it; without it the
   summary's `autofocus` does the first part. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      var label = document.querySelector("label[for='" + (field || target).id + "']");
      (label || target).scrollIntoView();
      (field || target).focus({ preventScroll: true });
    });
  });
})();
