/* Interview flashcards: flip, self-grade into Leitner boxes kept in localStorage.
 * Classic script, loaded by overrides/main.html inside the content container, so
 * Material's instant navigation runs it again on every visit: it initialises
 * each deck present in the document once and keeps no other per-page state.
 * The deck markup (.fc > ol.fc-cards > li.fc-card) is written by hooks/flashcards.py. */
(function () {
  "use strict";
  var KEY = "studykit.flashcards";
  var VERSION = 1;
  var MAX_BOX = 5;
  var DAYS = [0, 0, 1, 3, 7, 14]; /* days until the next review, by box */
  var GRADES = ["다시", "어려움", "알았음"];
  var RE_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function day(offset) {
    var d = new Date();
    d.setDate(d.getDate() + (offset || 0));
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  /* Returns {cards: {id: {b, d}}, broken}; anything unreadable starts fresh. */
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return { cards: {}, broken: false }; }
    if (raw === null) return { cards: {}, broken: false };
    try {
      var data = JSON.parse(raw);
      if (data && data.v === VERSION && data.cards && typeof data.cards === "object" && !Array.isArray(data.cards)) {
        return { cards: data.cards, broken: false };
      }
    } catch (e) { /* fall through */ }
    return { cards: {}, broken: true };
  }

  function save(cards) {
    try { window.localStorage.setItem(KEY, JSON.stringify({ v: VERSION, cards: cards })); } catch (e) { /* private mode */ }
  }

  /* One card's state, repaired if an entry is malformed. */
  function entry(cards, id) {
    var e = cards[id];
    var box = e && Math.floor(e.b) === e.b && e.b >= 1 && e.b <= MAX_BOX ? e.b : 1;
    var due = e && typeof e.d === "string" && RE_DAY.test(e.d) ? e.d : day();
    return { b: box, d: due };
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, action) {
    var b = el("button", "md-button", label);
    b.type = "button";
    b.setAttribute("data-fc-action", action);
    return b;
  }

  function copy(from, to) {
    to.replaceChildren.apply(to, Array.prototype.map.call(from.childNodes, function (n) { return n.cloneNode(true); }));
  }

  function init(root) {
    root.setAttribute("data-fc-ready", "");
    var items = Array.prototype.slice.call(root.querySelectorAll(".fc-card"));
    if (!items.length) return;
    var cards = items.map(function (li) {
      return { id: li.getAttribute("data-fc-id"), q: li.querySelector(".fc-q"), a: li.querySelector(".fc-a") };
    });
    var stored = load();
    var store = stored.cards;
    var queue = [];
    var pos = 0;
    var flipped = false;
    var tally = [0, 0, 0];

    var due = el("p", "fc-due");
    var stage = el("div", "fc-stage");
    var where = el("p", "fc-pos");
    var face = el("div", "fc-face");
    var back = el("div", "fc-back");
    var grades = el("div", "fc-grades");
    var tools = el("div", "fc-tools");
    var summary = el("div", "fc-summary");
    var live = el("p", "fc-live");
    var help = el("p", "fc-help", "키보드: Enter 또는 Space로 뒤집기, ←/→로 이동, 뒤집은 뒤 1 다시 · 2 어려움 · 3 알았음");
    back.id = "fc-back-" + root.getAttribute("data-fc-deck");
    face.setAttribute("role", "button");
    face.tabIndex = 0;
    face.setAttribute("aria-controls", back.id);
    grades.setAttribute("role", "group");
    grades.setAttribute("aria-label", "스스로 채점");
    GRADES.forEach(function (label, g) { grades.appendChild(button(label, "grade-" + g)); });
    [["← 이전", "prev"], ["뒤집기", "flip"], ["다음 →", "next"], ["섞기", "shuffle"], ["전체 카드 연습", "all"], ["진행 상황 초기화", "reset"]]
      .forEach(function (pair) { tools.appendChild(button(pair[0], pair[1])); });
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");
    summary.tabIndex = -1;
    stage.append(where, face, back, grades);
    var ui = el("div", "fc-ui");
    ui.append(due, stage, summary, tools, help, live);
    root.insertBefore(ui, root.querySelector(".fc-cards"));
    root.classList.add("fc-on");

    function say(text) { live.textContent = text; }

    function dueIds() {
      var today = day();
      return cards.filter(function (c) { return entry(store, c.id).d <= today; });
    }

    function showDue() {
      due.textContent = "오늘 복습할 카드 " + dueIds().length + "장 · 전체 " + cards.length + "장";
    }

    function start(list, message) {
      queue = list.slice();
      pos = 0;
      tally = [0, 0, 0];
      render();
      say(message + (queue.length ? " 카드 1 / " + queue.length + ": " + queue[0].q.textContent : ""));
    }

    function render() {
      showDue();
      flipped = false;
      var done = !queue.length;
      stage.hidden = done;
      summary.hidden = !done;
      if (done) return finish();
      var card = queue[pos];
      var state = entry(store, card.id);
      where.textContent = "카드 " + (pos + 1) + " / " + queue.length + " · 상자 " + state.b;
      copy(card.q, face);
      copy(card.a, back);
      back.hidden = true;
      face.setAttribute("aria-expanded", "false");
      root.classList.remove("fc-flipped");
      Array.prototype.forEach.call(grades.children, function (b) { b.disabled = true; });
    }

    function flip() {
      if (!queue.length) return;
      flipped = !flipped;
      back.hidden = !flipped;
      face.setAttribute("aria-expanded", String(flipped));
      root.classList.toggle("fc-flipped", flipped);
      Array.prototype.forEach.call(grades.children, function (b) { b.disabled = !flipped; });
      say(flipped ? "답을 펼쳤습니다. 스스로 채점하세요." : "답을 접었습니다.");
    }

    function move(step) {
      if (queue.length < 2) return;
      pos = (pos + step + queue.length) % queue.length;
      render();
      say("카드 " + (pos + 1) + " / " + queue.length + ": " + queue[pos].q.textContent);
    }

    function grade(g) {
      if (!flipped || !queue.length) return;
      var card = queue[pos];
      var state = entry(store, card.id);
      var box = g === 0 ? 1 : g === 1 ? state.b : Math.min(MAX_BOX, state.b + 1);
      var wait = g === 0 ? 0 : g === 1 ? 1 : DAYS[box];
      store[card.id] = { b: box, d: day(wait) };
      save(store);
      tally[g] += 1;
      queue.splice(pos, 1);
      if (pos >= queue.length) pos = 0;
      render();
      var when = wait ? wait + "일 뒤 복습" : "오늘 다시 복습";
      var next = queue.length ? " 다음 카드 " + (pos + 1) + " / " + queue.length + ": " + queue[pos].q.textContent : "";
      say(GRADES[g] + ": 상자 " + box + ", " + when + "." + next);
      (queue.length ? face : summary).focus();
    }

    function finish() {
      var total = tally[0] + tally[1] + tally[2];
      summary.replaceChildren(
        el("h2", "", total ? "세션 요약" : "오늘 복습할 카드가 없습니다"),
        el("p", "", total
          ? "이번 세션에서 " + total + "장을 복습했습니다. 알았음 " + tally[2] + "장, 어려움 " + tally[1] + "장, 다시 " + tally[0] + "장."
          : "'전체 카드 연습'으로 모든 카드를 다시 볼 수 있습니다."),
        el("p", "", "오늘 복습할 카드가 " + dueIds().length + "장 남았습니다.")
      );
      if (dueIds().length) summary.appendChild(button("남은 카드 복습", "due"));
    }

    function reset() {
      if (!window.confirm("이 덱의 진행 상황을 모두 지울까요?")) return;
      cards.forEach(function (c) { delete store[c.id]; });
      save(store);
      start(dueIds(), "진행 상황을 초기화했습니다.");
    }

    function shuffle() {
      for (var i = queue.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = queue[i]; queue[i] = queue[j]; queue[j] = t;
      }
      pos = 0;
      render();
      if (queue.length) say("카드를 섞었습니다. 카드 1 / " + queue.length + ": " + queue[0].q.textContent);
    }

    var actions = {
      prev: function () { move(-1); }, next: function () { move(1); }, flip: flip, shuffle: shuffle, reset: reset,
      all: function () { start(cards, "전체 카드 " + cards.length + "장을 연습합니다."); },
      due: function () { start(dueIds(), "남은 카드를 복습합니다."); },
      "grade-0": function () { grade(0); }, "grade-1": function () { grade(1); }, "grade-2": function () { grade(2); }
    };

    ui.addEventListener("click", function (event) {
      var target = event.target.closest("[data-fc-action]");
      if (target) actions[target.getAttribute("data-fc-action")]();
      else if (face.contains(event.target) && !event.target.closest("a")) flip();
    });
    face.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        flip();
      }
    });
    root.fcKey = function (event) {
      var action = { ArrowLeft: "prev", ArrowRight: "next", 1: "grade-0", 2: "grade-1", 3: "grade-2" }[event.key];
      if (!action) return;
      event.preventDefault();
      actions[action]();
    };

    start(dueIds(), stored.broken ? "저장된 진행 상황을 읽을 수 없어 처음부터 시작합니다." : "");
    if (stored.broken) save(store);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".fc:not([data-fc-ready])"), init);

  /* One document listener for the whole visit; it finds the deck shown now. */
  if (!window.studykitFlashcardKeys) {
    window.studykitFlashcardKeys = true;
    document.addEventListener("keydown", function (event) {
      var root = document.querySelector(".fc[data-fc-ready]");
      var target = event.target;
      if (!root || !root.fcKey || event.altKey || event.ctrlKey || event.metaKey) return;
      if (target !== document.body && !root.contains(target)) return;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      root.fcKey(event);
    });
  }
})();
