// "Copier" button beside a read-only field marked data-copy (the article's citation):
// added by this script only, so that without JavaScript the field alone remains, to
// select by hand. The labels come translated from the page's data attributes; the
// result is announced in a polite live region.
(function () {
  "use strict";
  document.querySelectorAll("input[data-copy]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button law-copy";
    button.textContent = field.getAttribute("data-copy");
    var what = document.createElement("span");
    what.className = "visually-hidden";
    what.textContent = " " + (field.getAttribute("data-copy-what") || "");
    button.appendChild(what);
    var status = document.createElement("span");
    status.className = "law-copy-status";
    status.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", status);

    function done(ok) {
      status.textContent = field.getAttribute(ok ? "data-copied" : "data-copy-failed");
      if (!ok) { field.focus(); field.select(); }
    }
    // The selection fallback serves browsers without the asynchronous clipboard (or
    // outside a secure context).
    function fallback() {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      done(ok);
    }
    button.addEventListener("click", function () {
      status.textContent = "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
