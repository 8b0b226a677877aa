/* Shows and hides the questions and documents that apply only in some cases, as the answers
   change. Each such block carries data-show-if, the catalogue's rule rendered by the server
   (procedures/conditions.py holds the same rule and decides on the server; this only saves a
   round trip). A hidden block's inputs are disabled, so the browser does not send them. */
(function () {
  "use strict";

  function ageOn(born, today) {
    var age = today.getFullYear() - born.getFullYear();
    var m = today.getMonth() - born.getMonth();
    if (m < 0 || (m === 0 && today.getDate() < born.getDate())) { age -= 1; }
    return age;
  }

  function valueOf(form, name) {
    var input = form.elements.namedItem(name);
    if (!input || input.disabled) { return ""; }
    var block = input.closest ? input.closest("[data-show-if]") : null;
    if (block && block.hidden) { return ""; }
    return (input.value || "").trim();
  }

  function applies(rule, form) {
    var answer = valueOf(form, rule.input);
    if (answer === "") { return false; }
    if (rule.age_from) {
      var parts = answer.split("-");
      if (parts.length !== 3) { return false; }
      var born = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
      var today = new Date();
      if (isNaN(born.getTime()) || born > today) { return false; }
      var age = ageOn(born, today);
      return rule.under !== undefined ? age < rule.under : age >= rule.at_least;
    }
    if (rule.equals !== undefined) { return answer === String(rule.equals); }
    return (rule["in"] || []).map(String).indexOf(answer) !== -1;
  }

  function update(form) {
    // In page order: a rule reads an earlier question, already settled.
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var rule;
      try { rule = JSON.parse(block.getAttribute("data-show-if")); } catch (e) { return; }
      var show = applies(rule, form);
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !show;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-show-if]")) { return; }
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
