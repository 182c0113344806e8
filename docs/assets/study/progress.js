/* A learner's checklist and study log (markup from hooks/studykit/learning/progress_widgets.py).
   A classic script that Material's instant navigation runs again on every visit:
   it sets up only the blocks in the document not yet set up. Without it the
   blocks are still plain, usable form controls (not saved).
   localStorage "k8s-study.progress" = {v: 1, c: {<checklist>: {<item>: true}}, l: {<log>: {<field>: value}},
   m: {"c:<checklist>" or "l:<log>": ms of the last change, for import merges}}. */
(function () {
  "use strict";
  var KEY = "k8s-study.progress";
  var VERSION = 1;

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "null");
      if (data && data.v === VERSION && isMap(data.c) && isMap(data.l)) { return data; }
    } catch (e) { /* corrupt or unavailable storage: start again */ }
    return { v: VERSION, c: {}, l: {} };
  }

  function isMap(value) { return !!value && typeof value === "object" && !Array.isArray(value); }

  function store(part, id, value) {
    var data = load();
    data[part][id] = value;
    data.m = isMap(data.m) ? data.m : {};
    data.m[part + ":" + id] = Date.now();
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* private mode: keep going */ }
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function setupChecklist(box) {
    box.setAttribute("data-sk-ready", "");
    var id = box.getAttribute("data-sk-checklist");
    var inputs = all(box, "input[type=checkbox]");
    var progress = box.querySelector(".sk-progress");
    var saved = load().c[id];
    saved = isMap(saved) ? saved : {};

    function count(message) {
      var done = inputs.filter(function (i) { return i.checked; }).length;
      progress.textContent = (message ? message + " " : "") + "진행: " + done + " / " + inputs.length + " 완료";
    }

    function save() {
      var state = {};
      inputs.forEach(function (i) { if (i.checked) { state[i.getAttribute("data-k")] = true; } });
      store("c", id, state);
    }

    inputs.forEach(function (i) {
      i.checked = saved[i.getAttribute("data-k")] === true;
      i.addEventListener("change", function () { save(); count(""); });
    });
    box.querySelector(".sk-clear").addEventListener("click", function () {
      inputs.forEach(function (i) { i.checked = false; });
      save();
      count("체크를 모두 지웠습니다.");
    });
    progress.hidden = false;
    box.querySelector(".sk-tools").hidden = false;
    count("");
  }

  function setupLog(form) {
    form.setAttribute("data-sk-ready", "");
    var id = form.getAttribute("data-sk-log");
    var status = form.querySelector(".sk-status");
    var output = form.querySelector(".sk-md");
    var fields = all(form, ".sk-field");

    function controls(field) { return all(field, "input, textarea"); }

    function read() {
      var state = {};
      fields.forEach(function (field) {
        var list = controls(field);
        state[list[0].name] = field.getAttribute("data-kind") === "checks"
          ? list.filter(function (i) { return i.checked; }).map(function (i) { return i.value; })
          : list[0].value;
      });
      return state;
    }

    function write(state) {
      fields.forEach(function (field) {
        var list = controls(field);
        var value = state[list[0].name];
        if (field.getAttribute("data-kind") === "checks") {
          list.forEach(function (i) { i.checked = Array.isArray(value) && value.indexOf(i.value) >= 0; });
        } else {
          list[0].value = typeof value === "string" ? value : "";
        }
      });
    }

    function markdown() {
      var state = read();
      var lines = ["## " + form.getAttribute("data-title"), ""];
      fields.forEach(function (field) {
        var list = controls(field);
        var label = field.getAttribute("data-label");
        var kind = field.getAttribute("data-kind");
        var value = state[list[0].name];
        if (kind === "checks") {
          lines.push("- **" + label + "**");
          list.forEach(function (i) { lines.push("    - [" + (i.checked ? "x" : " ") + "] " + i.value); });
        } else {
          var text = String(value).trim().replace(/\n/g, "\n  ");
          lines.push("- **" + label + "**: " + text + (kind === "hours" && text ? "시간" : ""));
        }
      });
      return lines.join("\n") + "\n";
    }

    var saved = load().l[id];
    if (isMap(saved)) { write(saved); }
    form.addEventListener("input", function () { store("l", id, read()); });
    form.addEventListener("change", function () { store("l", id, read()); });
    form.querySelector(".sk-copy").addEventListener("click", function () {
      output.value = markdown();
      output.hidden = false;
      function manual() {
        output.select();
        status.textContent = "아래 글상자의 Markdown을 선택해 두었습니다. Ctrl+C(⌘+C)로 복사하세요.";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(output.value).then(function () {
          status.textContent = "Markdown으로 복사했습니다. 노트에 붙여 넣으세요.";
        }, manual);
      } else {
        manual();
      }
    });
    form.querySelector(".sk-print").addEventListener("click", function () {
      document.body.classList.add("sk-print-log");
      form.classList.add("sk-printing");
      window.print();
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("sk-print-log");
      form.classList.remove("sk-printing");
    });
    form.querySelector(".sk-clear").addEventListener("click", function () {
      write({});
      store("l", id, {});
      output.hidden = true;
      status.textContent = "학습 기록을 지웠습니다.";
    });
    form.querySelector(".sk-tools").hidden = false;
  }

  all(document, ".sk-checklist:not([data-sk-ready])").forEach(setupChecklist);
  all(document, ".sk-log:not([data-sk-ready])").forEach(setupLog);
})();
