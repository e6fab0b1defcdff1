// warledger review form (event page, `serve --writable` only). Sends one decision to
// POST /api/reviews as JSON with the start-up token in the X-Warledger-Token header (a
// header, never a cookie: a form posted from another site carries none and is refused).
// Nothing here builds HTML from strings: messages are set as text.
"use strict";

(function () {
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var action = document.getElementById("review-action");
  var message = document.getElementById("review-message");

  function showFieldsets() {
    form.querySelectorAll("fieldset[data-action]").forEach(function (set) {
      set.hidden = set.getAttribute("data-action") !== action.value;
    });
  }

  function changes() {
    var found = {};
    form.querySelectorAll("input[data-field]").forEach(function (input) {
      if (input.value.trim() !== input.getAttribute("data-original")) {
        found[input.getAttribute("data-field")] = input.value.trim();
      }
    });
    return found;
  }

  function decision() {
    var chosen = [];
    form.querySelectorAll("input[name=articles]:checked").forEach(function (box) {
      chosen.push(box.value);
    });
    return {
      event_id: form.getAttribute("data-event"),
      action: action.value,
      reason: document.getElementById("review-reason").value.trim(),
      changes: action.value === "correct" ? changes() : {},
      articles: action.value === "split" ? chosen : [],
      other: action.value === "merge" ? document.getElementById("review-other").value.trim() : null
    };
  }

  function detail(body) {
    if (body && typeof body.detail === "string") { return body.detail; }
    if (body && Array.isArray(body.detail) && body.detail.length) {
      return body.detail.map(function (d) { return (d.loc || []).join(".") + ": " + d.msg; }).join("; ");
    }
    return "the decision was not recorded";
  }

  function submit(event) {
    event.preventDefault();
    message.textContent = "Saving...";
    fetch("/api/reviews", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json",
                "X-Warledger-Token": form.getAttribute("data-token")},
      body: JSON.stringify(decision())
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(detail(body)); }
        var target = "/events/" + encodeURIComponent(body.event_id);
        if (target === window.location.pathname) { window.location.reload(); }
        else { window.location.assign(target); }
      });
    }).catch(function (error) {
      message.textContent = "Not saved: " + error.message;
    });
  }

  action.addEventListener("change", showFieldsets);
  form.addEventListener("submit", submit);
  showFieldsets();
})();
