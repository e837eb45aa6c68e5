// The minutes editor: each section's <textarea> (the form without JavaScript) becomes a
// contenteditable box with a small toolbar (bold, italic, subheading, lists, link). The text
// is saved every few seconds while it changes and when the focus leaves a box; the server
// sanitises whatever arrives (documents.richtext). The status line ("Enregistré à 10 h 42")
// is a polite live region, so a screen reader announces each save. When somebody else saved
// in between (another tab, another device), the server refuses with 409 and this page keeps
// its text, says so, and offers to save it anyway.
(function () {
  "use strict";
  var form = document.querySelector("form.minutes-editor");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave-url");
  var version = form.querySelector("input[name='saved_version']");
  var status = form.querySelector(".minutes-save-status");
  var conflict = form.querySelector(".minutes-conflict");
  var csrf = form.querySelector("input[name='csrfmiddlewaretoken']").value;
  var label = function (name) { return form.getAttribute("data-label-" + name) || name; };
  var dirty = false, saving = false, blocked = false, timer = null;
  var boxes = [];
  var INTERVAL = 4000;

  try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old */ }

  var COMMANDS = [
    ["bold", function () { document.execCommand("bold"); }],
    ["italic", function () { document.execCommand("italic"); }],
    ["heading", function () { document.execCommand("formatBlock", false, "h3"); }],
    ["paragraph", function () { document.execCommand("formatBlock", false, "p"); }],
    ["bullets", function () { document.execCommand("insertUnorderedList"); }],
    ["numbers", function () { document.execCommand("insertOrderedList"); }],
    ["link", function () {
      var href = window.prompt(label("link-prompt"), "https://");
      if (href && /^(https?:|mailto:)/i.test(href)) { document.execCommand("createLink", false, href); }
    }]
  ];

  function sync() {
    boxes.forEach(function (b) { b.source.value = b.area.innerHTML; });
  }

  function parts() {
    var found = {};
    boxes.forEach(function (b) { found[b.source.name.replace(/^part-/, "")] = b.area.innerHTML; });
    return found;
  }

  function say(text) { status.textContent = text; }

  function save(force) {
    if (saving || (blocked && !force)) { return; }
    if (!dirty && !force) { return; }
    saving = true;
    dirty = false;
    sync();
    say(form.getAttribute("data-saving"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify({ version: parseInt(version.value, 10), parts: parts(), force: !!force })
    }).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data }; });
    }).then(function (res) {
      saving = false;
      if (res.status === 200) {
        version.value = String(res.data.version);
        blocked = false;
        conflict.hidden = true;
        say(res.data.message);
      } else if (res.status === 409 && res.data.conflict) {
        blocked = true;
        dirty = true;
        conflict.querySelector("[data-field='conflict-message']").textContent = res.data.error;
        conflict.setAttribute("data-version", String(res.data.version));
        conflict.hidden = false;
        say(res.data.error);
      } else {
        blocked = true;  // the state refuses (no longer a draft): stop trying, keep the text
        say(res.data.error || form.getAttribute("data-failed"));
      }
    }).catch(function () {
      saving = false;
      dirty = true;
      say(form.getAttribute("data-failed"));
    });
  }

  form.querySelectorAll("textarea.rich-source").forEach(function (source) {
    var key = source.id.replace(/^part-/, "");
    var area = document.createElement("div");
    area.className = "rich-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", "label-" + key);
    area.id = "rich-" + key;
    area.innerHTML = source.value;
    var bar = document.createElement("div");
    bar.className = "rich-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", label("toolbar") + " — " + document.getElementById("title-" + key).textContent);
    bar.setAttribute("aria-controls", area.id);
    COMMANDS.forEach(function (c) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = label(c[0]);
      // Keep the selection in the text while the button is pressed.
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        c[1]();
        dirty = true;
      });
      bar.appendChild(button);
    });
    source.hidden = true;
    source.setAttribute("aria-hidden", "true");
    source.tabIndex = -1;
    // The label now names the box: clicking it focuses the box.
    var lab = document.getElementById("label-" + key);
    lab.removeAttribute("for");
    lab.addEventListener("click", function () { area.focus(); });
    source.parentNode.insertBefore(bar, source);
    source.parentNode.insertBefore(area, source);
    area.addEventListener("input", function () { dirty = true; });
    area.addEventListener("blur", function () { save(false); });
    boxes.push({ source: source, area: area });
  });

  conflict.querySelector("[data-action='keep-mine']").addEventListener("click", function () {
    version.value = conflict.getAttribute("data-version");
    save(true);
  });
  form.addEventListener("submit", function () {
    // The form carries the text now: no autosave may start behind it.
    blocked = true;
    if (timer) { window.clearInterval(timer); }
    sync();
  });
  timer = window.setInterval(function () { save(false); }, INTERVAL);
  window.addEventListener("beforeunload", function () { if (timer) { window.clearInterval(timer); } });
})();
