// yjs-qa: the add-reports form. Sends the files with the token as a Bearer header, shows upload
// and indexing progress, then one row per file. Everything is inserted as text, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("add-form");
  if (!form) return;
  var tokenInput = document.getElementById("token");
  var filesInput = document.getElementById("files");
  var bar = document.getElementById("add-progress");
  var message = document.getElementById("add-message");
  var result = document.getElementById("add-result");
  var rows = document.getElementById("add-rows");
  var summary = document.getElementById("add-summary");
  var button = form.querySelector("button[type=submit]");
  try { tokenInput.value = sessionStorage.getItem("yjs-qa-token") || ""; } catch (e) { /* storage off */ }

  function say(text) { message.textContent = text; }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function show(report) {
    rows.textContent = "";
    var counts = {};
    report.files.forEach(function (f) {
      counts[f.status] = (counts[f.status] || 0) + 1;
      var tr = document.createElement("tr");
      cell(tr, f.document || f.path);
      cell(tr, f.status, f.status);
      cell(tr, String(f.passages));
      cell(tr, f.reason || "");
      rows.appendChild(tr);
    });
    summary.textContent = Object.keys(counts).map(function (k) { return k + " " + counts[k]; }).join(", ") +
      "; " + report.passages_total + " passages in the index, " + report.embedded + " embedded now.";
    result.hidden = false;
  }

  var poll = null;
  function watchIndexing() {
    poll = setInterval(function () {
      var x = new XMLHttpRequest();
      x.open("GET", "/api/progress");
      x.onload = function () {
        if (x.status !== 200) return;
        var p = JSON.parse(x.responseText);
        if (p.running && p.total > 0) {
          bar.max = p.total; bar.value = p.done;
          say("Indexing: embedded " + p.done + " of " + p.total + " passages…");
        }
      };
      x.send();
    }, 500);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = tokenInput.value.trim();
    if (!token) { say("Enter the token."); tokenInput.focus(); return; }
    if (!filesInput.files.length) { say("Choose one or more files."); filesInput.focus(); return; }
    try { sessionStorage.setItem("yjs-qa-token", token); } catch (e) { /* storage off */ }
    var data = new FormData();
    for (var i = 0; i < filesInput.files.length; i++) data.append("files", filesInput.files[i]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      say("Uploading " + Math.round(100 * e.loaded / (e.total || 1)) + "%…");
    };
    xhr.upload.onload = function () { say("Uploaded; reading and indexing…"); bar.removeAttribute("value"); watchIndexing(); };
    xhr.onloadend = function () {
      if (poll) { clearInterval(poll); poll = null; }
      button.disabled = false;
      bar.hidden = true;
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 200 && body) {
        show(body);
        say(body.files.some(function (f) { return f.status === "failed"; }) ?
          "Done; some files failed (see the reasons below)." : "Done.");
      } else if (xhr.status === 401) {
        say("Refused: the token is wrong. Nothing was added.");
        tokenInput.focus();
      } else {
        say("Failed (" + (xhr.status || "no connection") + "): " + (body && typeof body.detail === "string" ? body.detail : xhr.statusText));
      }
    };
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    result.hidden = true;
    say("Uploading…");
    xhr.send(data);
  });
})();
