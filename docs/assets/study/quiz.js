/* Lesson quizzes (markup from hooks/studykit/learning/quiz.py).
   A classic script that Material's instant navigation runs again on every
   visit: it sets up only the quizzes in the document not yet set up.
   Progress: localStorage "k8s-study.quiz" = {v: 1, q: {"<page>/<question id>": {a, ok}},
   t: {"<page>/<question id>": ms of the last answer or reset, for import merges}}.
   A wrong answer also enters the 오답노트 (NOTEBOOK, read and scheduled by cards-store.js):
   a new FSRS card (ts-fsrs createEmptyCard's fields, due now) plus o, the option order seen.
   window.studyQuiz.mount runs one question for the review page (review.js), without storage. */
(function () {
  "use strict";
  var KEY = "k8s-study.quiz";
  var VERSION = 1;
  var NOTEBOOK = "k8s-study.notebook";

  function isMap(value) { return !!value && typeof value === "object" && !Array.isArray(value); }

  /* Stored JSON, or null when missing, corrupt or unavailable (private mode). */
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }

  function write(key, data) {
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* private mode or full: keep going */ }
  }

  function load() {
    var data = read(KEY);
    return data && data.v === VERSION && isMap(data.q) ? data : { v: VERSION, q: {} };
  }

  function store(id, value) {
    var data = load();
    if (value) { data.q[id] = value; } else { delete data.q[id]; }
    if (!isMap(data.t)) { data.t = {}; }
    data.t[id] = Date.now();
    write(KEY, data);
  }

  /* Into the 오답노트: a new item (an empty FSRS card, due now), or one back from having left it. */
  function noteWrong(id, order) {
    var now = Date.now(), book = read(NOTEBOOK);
    if (!isMap(book) || !isMap(book.cards) || !isMap(book.log)) { book = { v: 1, cards: {}, log: {} }; }
    if (book.v !== 1) { return; } /* a newer format: leave it to newer code */
    var log = book.log;
    var item = book.cards[id];
    if (!item || item.out) {
      item = book.cards[id] = { due: now, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0,
        learning_steps: 0, reps: 0, lapses: 0, state: 0, last_review: null, added: now, out: 0 };
    }
    item.t = now;
    item.streak = 0;
    item.o = order;
    log[id] = [].concat(log[id] || [], { t: now, g: 1, src: "quiz" });
    write(NOTEBOOK, book);
  }

  // Same rule as normalize() in quiz.py: NFC, single spaces, trimmed, lower case.
  function norm(text) {
    return String(text).normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function same(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every(function (x, i) { return x === b[i]; });
  }

  /* A button put at the end of parent (or before the element given) that runs action. */
  function button(label, action, parent, before) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sk-btn";
    b.textContent = label;
    b.onclick = action;
    parent.insertBefore(b, before || null);
    return b;
  }

  /* The first thing to answer in a question, else its feedback. */
  function entry(li) { return li.querySelector("input:not([disabled]), .sk-order button:not([disabled])") || li.querySelector(".sk-fb"); }

  function setupQuiz(quiz) {
    quiz.setAttribute("data-sk-ready", "");
    var answers;
    try { answers = JSON.parse(quiz.getAttribute("data-sk-answers")); } catch (e) { return; }
    var page = quiz.getAttribute("data-sk-quiz").replace(/\/[^/]*$/, "");
    var items = all(quiz, ".sk-q");
    var questions = items.map(function (el) {
      return setupQuestion(el, answers[el.getAttribute("data-qid")] || {}, page + "/" + el.getAttribute("data-qid"), update);
    });
    var foot = quiz.querySelector(".sk-foot");
    var score = quiz.querySelector(".sk-score");
    var reset = foot.querySelector(".sk-reset");
    /* The running score where the learner is (a sticky line); a long quiz can be taken one question at a time. */
    var bar = quiz.insertBefore(document.createElement("p"), quiz.querySelector(".sk-qs"));
    var run = bar.appendChild(document.createElement("span"));
    var at = -1; /* the question shown alone, or -1: all of them */
    var again = button("틀린 문제만 다시 풀기", function () { restart(false); }, foot, reset);
    var one = button("한 문제씩 풀기", function () { show(at < 0 ? Math.max(0, states().indexOf(null)) : -1); }, bar);
    var prev = button("←", function () { show(at - 1); }, bar);
    var next = button("→", function () { show(at + 1); }, bar);
    /* One question at a time: 다음 문제 also right after the feedback, the next Tab stop after 확인. Under the
     * last question it shows the whole quiz and its score instead (there, 다시 풀기 took its place and a
     * habitual tap erased the answer). */
    var onward = button("다음 문제 →", function () {
      if (at < items.length - 1) { show(at + 1); return; }
      show(-1);
      foot.scrollIntoView({ block: "center" });
      score.focus({ preventScroll: true });
    }, foot);
    score.tabIndex = -1;
    bar.className = "sk-bar";
    one.hidden = items.length < 6;
    prev.hidden = next.hidden = onward.hidden = true;
    prev.setAttribute("aria-label", "이전 문제");
    next.setAttribute("aria-label", "다음 문제");
    reset.onclick = function () {
      if (window.confirm("이 퀴즈의 기록을 모두 지울까요?")) { restart(null); }
    };
    foot.hidden = false;
    watchBar(quiz);

    function states() { return questions.map(function (q) { return q.state(); }); }

    function show(index) {
      at = index;
      quiz.classList.toggle("sk-one", at >= 0);
      one.setAttribute("aria-pressed", at >= 0);
      items.forEach(function (el, i) { el.classList.toggle("sk-cur", i === at); });
      prev.hidden = at < 1;
      next.hidden = at < 0 || at === items.length - 1;
      onward.hidden = at < 0;
      onward.textContent = at === items.length - 1 ? "모두 보기 · 점수 ↓" : "다음 문제 →";
      if (at >= 0) { items[at].querySelector(".sk-fb").after(onward); }
      update("");
      if (at >= 0) {
        items[at].scrollIntoView({ block: "start" });
        entry(items[at]).focus({ preventScroll: true });
      }
    }

    function update(message) {
      var now = states();
      var right = now.filter(Boolean).length;
      var done = now.filter(function (state) { return state !== null; }).length;
      var line = "점수: " + right + " / " + now.length + " (푼 문제 " + done + "개)";
      score.textContent = (message ? message + " " : "") + line;
      run.textContent = (at >= 0 ? "문제 " + (at + 1) + " / " + now.length + " · " : "") + line;
      again.hidden = done === right;
    }

    /* Clears the wrong answers (which: false) or every answer (null), then goes to the first one cleared. */
    function restart(which) {
      var first = -1;
      questions.forEach(function (q, i) {
        if (which === null || q.state() === which) {
          q.reset();
          if (first < 0) { first = i; }
        }
      });
      update(which === null ? "기록을 지웠습니다." : "");
      if (first >= 0) {
        if (at >= 0) { show(first); } else { entry(items[first]).focus(); }
      }
    }

    update("");
  }

  /* While the score bar is stuck under the header, Material's 맨위로 is not drawn (quiz.css reads
   * data-sk-stuck). The observer's root is the one-pixel line under the header: the quiz crosses that
   * line exactly while its bar is stuck, however the page got there (a scroll, a jump to a link). No
   * work per scroll; a new observer when the window changes size (a phone's address bar, a turn). */
  function watchBar(quiz) {
    if (!("IntersectionObserver" in window)) return;
    var header = document.querySelector(".md-header");
    var watch = null;
    function observe() {
      if (watch) watch.disconnect();
      if (!quiz.isConnected) { window.removeEventListener("resize", observe); return; }
      var line = header ? header.offsetHeight : 0;
      watch = new IntersectionObserver(function (entries) {
        quiz.toggleAttribute("data-sk-stuck", entries[entries.length - 1].isIntersecting);
      }, { rootMargin: -line + "px 0px " + Math.min(0, line + 1 - window.innerHeight) + "px 0px" });
      watch.observe(quiz);
    }
    observe();
    window.addEventListener("resize", observe);
  }

  /* id "": the review page (review.js), which keeps its own record; nothing is stored here then. */
  function setupQuestion(el, data, id, changed) {
    var type = el.getAttribute("data-type");
    var feedback = el.querySelector(".sk-fb");
    var check = el.querySelector(".sk-check");
    var retry = el.querySelector(".sk-retry");
    var list = el.querySelector(".sk-order");
    var inputs = all(el, "input");
    var initialOrder = list ? keys() : null;
    var seen = initialOrder || inputs.map(function (i) { return Number(i.value); });
    var result = null;
    el.querySelector(".sk-actions").hidden = false;
    feedback.tabIndex = -1;
    /* 다시 풀기 sits below the feedback, not where 확인 was: a second tap or Enter lands on neither. */
    feedback.after(retry);

    function keys() {
      return all(list, "li").map(function (li) { return Number(li.getAttribute("data-k")); });
    }

    function answer() {
      if (type === "text") { return inputs[0].value.trim() ? inputs[0].value : null; }
      if (list) { return keys(); }
      var picked = inputs.filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
      return !picked.length ? null : type === "single" ? picked[0] : picked;
    }

    function restore(a) {
      if (type === "single" || type === "multiple") {
        var wanted = [].concat(a);
        inputs.forEach(function (i) { i.checked = wanted.indexOf(Number(i.value)) >= 0; });
      } else if (type === "text") {
        inputs[0].value = a;
      } else {
        a.forEach(function (k) { list.appendChild(list.querySelector('li[data-k="' + k + '"]')); });
        refreshMoves();
      }
    }

    function valid(a) {
      if (type === "single") { return typeof a === "number" && a >= 0 && a < inputs.length; }
      if (type === "multiple") {
        return Array.isArray(a) && a.length > 0 && a.every(function (x) { return typeof x === "number" && x < inputs.length; });
      }
      if (type === "text") { return typeof a === "string"; }
      return Array.isArray(a) && same(a.slice().sort(), initialOrder.slice().sort());
    }

    function grade(a) {
      if (type === "single") { return data.c[0] === a; }
      if (type === "multiple") { return same(a.slice().sort(), data.c.slice().sort()); }
      if (type === "text") { return data.c.indexOf(norm(a)) >= 0; }
      return same(a, data.c);
    }

    function lock(locked) {
      inputs.forEach(function (i) { i.disabled = locked; });
      if (list) { refreshMoves(); }
      check.hidden = locked;
      retry.hidden = !locked;
    }

    function optionText(input) { return input.parentNode.querySelector("span").innerHTML; }

    function show(a, ok) {
      var html = "<p><strong>" + (ok ? "정답입니다." : "오답입니다.") + "</strong></p>";
      if (type === "single" || type === "multiple") {
        var chosen = [].concat(a);
        // Options are shown shuffled; an input's value is its source index, which answers use.
        html += "<ul>" + inputs.map(function (input) {
          var i = Number(input.value);
          var right = data.c.indexOf(i) >= 0;
          var mine = chosen.indexOf(i) >= 0;
          input.parentNode.classList.toggle("sk-right", right);
          input.parentNode.classList.toggle("sk-wrong", mine && !right);
          if (!right && !mine) { return ""; }
          var note = data.e && data.e[i] ? " — " + data.e[i] : "";
          return "<li><span class=\"sk-tag\">" + (right ? "정답" : "오답") + (mine ? " · 내가 고름" : "") +
            "</span> " + optionText(input) + note + "</li>";
        }).join("") + "</ul>";
      } else if (type === "text") {
        html += "<p>" + (ok ? "인정되는 답: " : "정답: ") + data.d.join(", ") + "</p>";
      } else {
        html += "<p>" + (ok ? "순서:" : "올바른 순서:") + "</p><ol>" + data.c.map(function (k) {
          return "<li>" + data.t[k] + (data.e[k] ? " — " + data.e[k] : "") + "</li>";
        }).join("") + "</ol>";
      }
      if (data.x) { html += "<p>" + data.x + "</p>"; }
      feedback.innerHTML = html;
      el.classList.toggle("sk-ok", ok);
      el.classList.toggle("sk-no", !ok);
    }

    function clearMarks() {
      feedback.innerHTML = "";
      el.classList.remove("sk-ok", "sk-no");
      all(el, ".sk-right, .sk-wrong").forEach(function (n) { n.classList.remove("sk-right", "sk-wrong"); });
    }

    function submit() {
      var a = answer();
      if (a === null) {
        feedback.innerHTML = "<p>" + (type === "text" ? "답을 입력한 뒤 확인을 누르세요." : "답을 고른 뒤 확인을 누르세요.") + "</p>";
        return;
      }
      result = grade(a);
      if (id) {
        store(id, { a: a, ok: result });
        if (!result) { noteWrong(id, seen); }
      }
      show(a, result);
      lock(true);
      /* Focus the feedback, never a button: the key that graded (Enter twice) cannot erase the answer. */
      feedback.focus();
      changed("");
    }

    function refreshMoves() {
      var items = all(list, "li");
      items.forEach(function (li, i) {
        var label = li.querySelector(".sk-step").textContent;
        var up = li.querySelector(".sk-up");
        var down = li.querySelector(".sk-down");
        up.setAttribute("aria-label", "위로 이동: " + label);
        down.setAttribute("aria-label", "아래로 이동: " + label);
        up.disabled = result !== null || i === 0;
        down.disabled = result !== null || i === items.length - 1;
        li.querySelector(".sk-move").hidden = false;
      });
    }

    function move(button, step) {
      var li = button.closest("li");
      var sibling = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling || result !== null) { return; }
      list.insertBefore(li, step < 0 ? sibling : sibling.nextElementSibling);
      refreshMoves();
      var again = li.querySelector(step < 0 ? ".sk-up" : ".sk-down");
      (again.disabled ? li.querySelector(step < 0 ? ".sk-down" : ".sk-up") : again).focus();
      var position = all(list, "li").indexOf(li) + 1;
      var note = document.createElement("p");
      note.textContent = position + "번째로 옮겼습니다: " + li.querySelector(".sk-step").textContent;
      feedback.replaceChildren(note);
    }

    /* Unanswered again; "all" also clears the inputs (a quiz reset), else the learner's choice stays to change. */
    function clear(everything) {
      result = null;
      store(id, null);
      clearMarks();
      if (everything) {
        inputs.forEach(function (i) { i.checked = false; if (i.type === "text") { i.value = ""; } });
        if (list) { restore(initialOrder); }
      }
      lock(false);
    }

    check.onclick = submit;
    retry.onclick = function () {
      clear(false);
      changed("");
      entry(el).focus();
    };
    if (list) {
      list.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (button) { move(button, button.classList.contains("sk-up") ? -1 : 1); }
      });
    }
    el.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target.type === "text" && event.key === "Enter") {
        // An IME (Korean input) commits its composition with Enter: never submit then.
        if (!event.isComposing && event.keyCode !== 229) { event.preventDefault(); submit(); }
        return;
      }
      if (target.type === "checkbox" && /^Arrow(Up|Down|Left|Right)$/.test(event.key)) {
        event.preventDefault();
        var next = inputs.indexOf(target) + (/Up|Left/.test(event.key) ? -1 : 1);
        inputs[(next + inputs.length) % inputs.length].focus();
      } else if ((target.type === "radio" || target.type === "checkbox") && event.key === "Enter") {
        event.preventDefault();
      }
    });

    var saved = load().q[id];
    if (list) { refreshMoves(); }
    if (saved && valid(saved.a)) {
      restore(saved.a);
      result = grade(saved.a);
      show(saved.a, result);
      lock(true);
    }

    return { state: function () { return result; }, reset: function () { clear(true); } };
  }

  window.studyQuiz = { mount: setupQuestion }; /* review.js: mount(li, data, "", changed) */
  all(document, ".sk-quiz:not([data-sk-ready])").forEach(setupQuiz);
})();
