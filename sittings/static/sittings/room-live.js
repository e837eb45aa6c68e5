// The live view of a sitting: polls the room's JSON and updates the quorum (announced by
// its aria-live region) and the ballots cast. When a vote opens or closes, the live view
// reloads once so that the member sees the ballot link or the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var reload = box.getAttribute("data-reload-on-change") === "1";
  function norm(list) { return list.filter(Boolean).sort().join(" "); }
  var known = norm((box.getAttribute("data-votes") || "").split(" "));
  function set(root, name, value) {
    var el = root.querySelector("[data-field='" + name + "']");
    if (el && value !== null && value !== undefined && el.textContent !== String(value)) {
      el.textContent = String(value);
    }
  }
  function apply(s) {
    var q = s.quorum;
    ["sentence", "present", "remote", "represented", "members_in_office"].forEach(function (k) {
      set(document, k, q[k]);
    });
    var section = document.querySelector(".room-quorum");
    if (section) {
      section.classList.toggle("estimate-ok", q.reached);
      section.classList.toggle("estimate-bad", !q.reached);
    }
    var now = norm(s.votes.map(function (v) { return v.id + ":" + (v.open ? "o" : "c"); }));
    s.votes.forEach(function (v) {
      var el = document.querySelector("[data-vote='" + v.id + "']");
      if (el) { set(el, "ballots_text", v.ballots_text); }
    });
    if (reload && now !== known) { window.location.reload(); }
  }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { apply(s); } window.setTimeout(tick, 4000); })
      .catch(function () { window.setTimeout(tick, 8000); });
  }
  tick();
})();
