// warledger web UI: small progressive enhancements (the pages work without it).
// No inline script is allowed by the Content-Security-Policy; data comes from
// data- attributes. Nothing here builds HTML from strings.
"use strict";

(function () {
  function link(selector, attribute) {
    document.querySelectorAll(selector).forEach(function (element) {
      var key = element.getAttribute(attribute);
      element.addEventListener("mouseenter", function () { toggle(attribute, key, true); });
      element.addEventListener("mouseleave", function () { toggle(attribute, key, false); });
    });
  }

  function toggle(attribute, key, on) {
    document.querySelectorAll("[" + attribute + "]").forEach(function (element) {
      if (element.getAttribute(attribute) === key) {
        element.classList.toggle("active", on);
      }
    });
  }

  function rowLinks() {
    document.querySelectorAll("tr.event-row").forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) { return; }
        var anchor = row.querySelector("a");
        if (anchor) { window.location.assign(anchor.getAttribute("href")); }
      });
    });
  }

  function flashClaims() {
    document.querySelectorAll("tr.claim-row a[href^='#']").forEach(function (anchor) {
      anchor.addEventListener("click", function () {
        var target = document.getElementById(anchor.getAttribute("href").slice(1));
        if (!target) { return; }
        var box = target.closest("details");  // evidence shown collapsed: open it first
        if (box) { box.open = true; }
        target.classList.add("flash");
        window.setTimeout(function () { target.classList.remove("flash"); }, 1500);
      });
    });
  }

  function autoSubmit() {
    var form = document.getElementById("filters");
    if (!form) { return; }
    form.querySelectorAll("select").forEach(function (field) {
      field.addEventListener("change", function () { form.requestSubmit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    link("circle.marker", "data-event");
    link("tr.event-row", "data-event");
    rowLinks();
    flashClaims();
    autoSubmit();
  });
})();
