// The projector view: its screen is fetched again every 3 seconds and replaced only when it
// changed (no flicker on the wall); the full-screen button shows where the browser allows it.
(function () {
  "use strict";
  var box = document.getElementById("projector-screen");
  if (!box) { return; }
  var url = box.getAttribute("data-screen-url");
  var button = document.getElementById("projector-fullscreen");
  if (button && document.documentElement.requestFullscreen) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
  }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && html.trim() !== box.innerHTML.trim()) { box.innerHTML = html; }
        window.setTimeout(tick, 3000);
      })
      .catch(function () { window.setTimeout(tick, 6000); });
  }
  window.setTimeout(tick, 3000);
})();
