// Follows a long sending batch: polls the progress address and updates the bar and the
// counts; reloads once when the queue is empty so the table shows every final status.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || box.getAttribute("data-done") === "1") { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  function tick() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        bar.value = p.percent;
        bar.textContent = p.percent + " %";
        text.textContent = p.text;
        if (p.done) { window.location.reload(); } else { window.setTimeout(tick, 2000); }
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 1500);
})();
