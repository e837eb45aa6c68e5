// Confirmation before an irreversible step (template _confirm.html): the form's tick box
// is hidden and the native <dialog> of base.html asks instead. showModal() makes the rest of
// the page inert (focus stays in the dialog) and Escape closes it; focus then returns to the
// button that asked. Only "Confirmer" submits the form, with the button first pressed.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var title = document.getElementById("confirm-dialog-title");
  var text = document.getElementById("confirm-dialog-text");
  var ok = dialog.querySelector("[data-confirm-ok]");
  var pending = null;

  document.querySelectorAll("[data-confirm]").forEach(function (block) {
    block.hidden = true;
    var box = block.querySelector("input[type=checkbox]");
    if (box) { box.required = false; }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var block = form.querySelector("[data-confirm]");
    if (!block || form.getAttribute("data-confirmed") === "1") { return; }
    event.preventDefault();
    var submitter = event.submitter || form.querySelector("[type=submit]");
    pending = { form: form, block: block, submitter: submitter };
    title.textContent = submitter ? submitter.textContent.trim() : "";
    text.textContent = block.querySelector("[data-confirm-message]").textContent.trim();
    dialog.showModal();
    ok.focus();
  });

  ok.addEventListener("click", function () {
    if (!pending) { return; }
    var p = pending;
    pending = null;
    p.block.querySelector("input[type=checkbox]").checked = true;
    p.form.setAttribute("data-confirmed", "1");
    dialog.close("confirmed");
    if (p.submitter && p.submitter.form === p.form) {
      p.form.requestSubmit(p.submitter);
    } else {
      p.form.requestSubmit();
    }
  });

  dialog.addEventListener("close", function () {
    if (pending) {  // cancelled: by its button, Escape, or the backdrop
      var back = pending.submitter;
      pending = null;
      if (back) { back.focus(); }
    }
  });
  dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
    dialog.close("cancelled");
  });
})();
