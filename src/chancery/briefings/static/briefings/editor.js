// A small formatting toolbar over the note's text area: wraps the selection in basic tags.
// Without JavaScript the text area works the same (the toolbar stays hidden).
(function () {
  document.querySelectorAll(".toolbar[data-for]").forEach(function (bar) {
    var area = document.getElementById(bar.dataset.for);
    if (!area) return;
    bar.hidden = false;
    function wrap(before, after) {
      var s = area.selectionStart, e = area.selectionEnd, v = area.value;
      area.value = v.slice(0, s) + before + v.slice(s, e) + after + v.slice(e);
      area.focus();
      area.setSelectionRange(s + before.length, e + before.length);
    }
    bar.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) return;
      if (b.dataset.tag) wrap("<" + b.dataset.tag + ">", "</" + b.dataset.tag + ">");
      else if (b.dataset.list) {
        var s = area.selectionStart, e = area.selectionEnd;
        var lines = area.value.slice(s, e).split("\n").filter(function (l) { return l.trim(); });
        var html = "<ul>" + lines.map(function (l) { return "<li>" + l + "</li>"; }).join("") + "</ul>";
        area.value = area.value.slice(0, s) + html + area.value.slice(e);
      } else if (b.dataset.link) {
        var url = window.prompt("https://");
        if (url) wrap('<a href="' + url.replace(/"/g, "%22") + '">', "</a>");
      }
    });
  });
})();
