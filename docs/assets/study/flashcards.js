/* Interview flashcards (markup .fc > ol.fc-cards > li.fc-card from hooks/flashcards.py): flip, grade
 * 1-4, scheduled by FSRS through cards-store.js. Instant navigation runs it again: each deck is set up once. */
(function () {
  "use strict";
  var store;
  var GRADES = ["다시", "어려움", "좋음", "쉬움"];
  var LEARN_AHEAD = 20 * 60000; /* as Anki: a learning card due within 20 minutes is shown now */
  function wait(ms) { return store.wait(ms); }

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
    var ids = cards.map(function (c) { return c.id; });
    var state = store.load();
    var queue = [];
    var pos = 0;
    var flipped = false;
    var shownAt = 0;
    var outcomes = []; /* what each grade gives, computed once when the answer is shown: the button says it, the card gets it */
    var graded = 0; /* grades in this session */
    /* A card comes up no earlier than at[id] (its due time, once a learning step put it back), so a button's
     * "10분" is what the learner lives; numbers[id]: its place in the session of size cards ("카드 3 / 10"),
     * which stays when a learning step brings it back ("다시": graded[id], graded in this session). */
    var at = {}, numbers = {}, again = {}, size = 0, timer = 0;
    var tally = [0, 0, 0, 0];

    var due = el("p", "fc-due");
    var stage = el("div", "fc-stage");
    var where = el("p", "fc-pos");
    var face = el("div", "fc-face");
    var back = el("div", "fc-back");
    var grades = el("div", "fc-grades");
    var tools = el("div", "fc-tools");
    var summary = el("div", "fc-summary");
    var live = el("p", "fc-live");
    var help = el("p", "fc-help", "키보드: Enter 또는 Space로 뒤집기, ←/→로 이동, 뒤집은 뒤 1 다시 · 2 어려움 · 3 좋음 · 4 쉬움. 버튼의 시간은 그 답을 고르면 카드가 다시 나올 때까지입니다.");
    var before = el("p", "fc-before", "답을 본 뒤 스스로 채점합니다. 카드를 눌러 뒤집으세요.");
    back.id = "fc-back-" + root.getAttribute("data-fc-deck");
    face.setAttribute("role", "button");
    face.tabIndex = 0;
    face.setAttribute("aria-controls", back.id);
    grades.setAttribute("role", "group");
    grades.setAttribute("aria-label", "스스로 채점");
    GRADES.forEach(function (label, g) {
      var b = button(label, "grade-" + (g + 1));
      b.appendChild(el("span", "fc-ivl"));
      grades.appendChild(b);
    });
    [["← 이전", "prev"], ["뒤집기", "flip"], ["다음 →", "next"], ["섞기", "shuffle"], ["전체 카드 연습", "all"], ["진행 상황 초기화", "reset"]]
      .forEach(function (pair) { tools.appendChild(button(pair[0], pair[1])); });
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");
    summary.tabIndex = -1;
    stage.append(where, face, back, before, grades);
    var ui = el("div", "fc-ui");
    ui.append(due, stage, summary, tools, help, live);
    root.insertBefore(ui, root.querySelector(".fc-cards"));
    root.classList.add("fc-on");

    function say(text) { live.textContent = text; }

    function now() { return Date.now(); }

    /* Cards to study now: seen cards that are due (soonest first), then new cards in deck order. */
    function dueCards() {
      var limit = now() + LEARN_AHEAD;
      var seen = cards.filter(function (c) { var e = state.cards[c.id]; return e && e.due <= limit; });
      seen.sort(function (a, b) { return state.cards[a.id].due - state.cards[b.id].due; });
      return seen.concat(cards.filter(function (c) { return !state.cards[c.id]; }));
    }

    function showDue() {
      var n = store.counts(state, ids, now());
      due.textContent = "오늘 복습할 카드 " + n.due + "장 · 새 카드 " + n.fresh + "장 · 전체 " + n.total + "장";
    }

    /* practice: every card now, due or not ("전체 카드 연습"). */
    function start(list, message, practice) {
      var t = now();
      queue = list.slice();
      at = {};
      again = {};
      size = queue.length;
      number();
      queue.forEach(function (c) { var e = state.cards[c.id]; at[c.id] = !practice && e && e.due > t ? e.due : 0; });
      pos = 0;
      graded = 0;
      tally = [0, 0, 0, 0];
      render();
      say(message + (queue.length && !stage.hidden ? " " + position() + ": " + queue[pos].q.textContent : ""));
    }

    function number() { numbers = {}; queue.forEach(function (c, i) { numbers[c.id] = i + 1; }); }

    function ready(c) { return at[c.id] <= now(); }

    function position() { return "카드 " + numbers[queue[pos].id] + " / " + size; }

    function render() {
      showDue();
      flipped = false;
      clearTimeout(timer);
      /* A learning step come due goes first (as Anki), else the card at pos, else the next one ready. */
      var due = queue.filter(function (c) { return at[c.id] && ready(c); });
      due.sort(function (a, b) { return at[a.id] - at[b.id]; });
      var card = due[0] || (queue[pos] && ready(queue[pos]) ? queue[pos] : queue.filter(ready)[0]);
      stage.hidden = !card;
      summary.hidden = !!card;
      if (!card) return queue.length ? later() : finish();
      pos = queue.indexOf(card);
      var entry = state.cards[card.id];
      where.textContent = position() + " · " + (again[card.id] ? "다시" : entry ? "복습" : "새 카드");
      copy(card.q, face);
      copy(card.a, back);
      back.hidden = true;
      face.setAttribute("aria-expanded", "false");
      root.classList.remove("fc-flipped");
      grades.hidden = true;
      before.hidden = false;
      label();
    }

    /* The schedule of each grade from now; pressing a grade stores exactly the outcome its button shows. */
    function label() {
      var t = now();
      outcomes = store.preview(state.cards[queue[pos].id], t);
      Array.prototype.forEach.call(grades.children, function (b, i) {
        outcomes[i].label = wait(outcomes[i].due - t);
        b.lastChild.textContent = outcomes[i].label;
        b.setAttribute("aria-label", GRADES[i] + " · " + outcomes[i].label + " 뒤 복습");
      });
      shownAt = t;
    }

    function flip() {
      if (!queue.length || stage.hidden) return;
      flipped = !flipped;
      back.hidden = !flipped;
      face.setAttribute("aria-expanded", String(flipped));
      root.classList.toggle("fc-flipped", flipped);
      grades.hidden = !flipped;
      before.hidden = flipped;
      if (flipped) { label(); store.reveal(face, back, grades); }
      say(flipped ? "답을 펼쳤습니다. 스스로 채점하세요." : "답을 접었습니다.");
    }

    function move(step) {
      var shown = queue.filter(ready);
      if (shown.length < 2 || stage.hidden) return;
      pos = queue.indexOf(shown[(shown.indexOf(queue[pos]) + step + shown.length) % shown.length]);
      render();
      say(position() + ": " + queue[pos].q.textContent);
    }

    function grade(g) {
      if (!queue.length || stage.hidden) return;
      if (!flipped) return say("먼저 카드를 뒤집어 답을 보세요. Enter 또는 Space로 뒤집습니다.");
      var card = queue[pos];
      var t = now();
      var chosen = outcomes[g - 1];
      var entry = store.grade(state, card.id, g, t, t - shownAt, chosen);
      store.save(state);
      graded += 1;
      tally[g - 1] += 1;
      queue.splice(pos, 1);
      if (pos >= queue.length) pos = 0;
      if (entry.due <= t + LEARN_AHEAD) { queue.push(card); at[card.id] = entry.due; again[card.id] = true; } /* a learning step: again in this session, when due */
      render();
      var next = !stage.hidden ? " 다음 " + position() + ": " + queue[pos].q.textContent : queue.length ? " " + summary.textContent : "";
      say(GRADES[g - 1] + ": " + chosen.label + " 뒤 다시 봅니다." + next);
      (!stage.hidden ? face : summary).focus();
    }

    function later() {
      var soon = Math.min.apply(null, queue.map(function (c) { return at[c.id]; }));
      summary.replaceChildren(el("h2", "", "잠시 뒤 이어집니다"), el("p", "", store.later(queue.length, soon, now())));
      timer = setTimeout(function () {
        if (!root.isConnected) return;
        var waiting = summary.contains(document.activeElement);
        render();
        if (waiting && !stage.hidden) face.focus(); /* the keyboard goes on where it waited */
      }, soon - now() + 1);
    }

    function finish() {
      var total = tally[0] + tally[1] + tally[2] + tally[3];
      var left = dueCards().length;
      summary.replaceChildren(
        el("h2", "", total ? "세션 요약" : "지금 복습할 카드가 없습니다"),
        el("p", "", total
          ? "이번 세션에서 " + total + "번 채점했습니다. 쉬움 " + tally[3] + ", 좋음 " + tally[2] + ", 어려움 " + tally[1] + ", 다시 " + tally[0] + "."
          : "'전체 카드 연습'으로 모든 카드를 다시 볼 수 있습니다."),
        el("p", "", "지금 복습할 카드가 " + left + "장 남았습니다.")
      );
      if (left) summary.appendChild(button("남은 카드 복습", "due"));
    }

    function reset() {
      if (!window.confirm("이 덱의 진행 상황을 모두 지울까요?")) return;
      cards.forEach(function (c) { delete state.cards[c.id]; delete state.log[c.id]; });
      store.save(state);
      start(dueCards(), "진행 상황을 초기화했습니다.");
    }

    function shuffle() {
      for (var i = queue.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = queue[i]; queue[i] = queue[j]; queue[j] = t;
      }
      number();
      pos = 0;
      render();
      if (!stage.hidden) say("카드를 섞었습니다. " + position() + ": " + queue[pos].q.textContent);
    }

    var actions = {
      prev: function () { move(-1); }, next: function () { move(1); }, flip: flip, shuffle: shuffle, reset: reset,
      all: function () { start(cards, "전체 카드 " + cards.length + "장을 연습합니다.", true); },
      due: function () { start(dueCards(), "남은 카드를 복습합니다."); },
      "grade-1": function () { grade(1); }, "grade-2": function () { grade(2); },
      "grade-3": function () { grade(3); }, "grade-4": function () { grade(4); }
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
      var action = { ArrowLeft: "prev", ArrowRight: "next", 1: "grade-1", 2: "grade-2", 3: "grade-3", 4: "grade-4" }[event.key];
      if (!action) return;
      event.preventDefault();
      actions[action]();
    };

    var notice = state.broken ? "저장된 진행 상황을 읽을 수 없어 처음부터 시작합니다."
      : state.migrated ? "이전 방식(Leitner 상자)의 진행 상황 " + state.migrated + "장을 FSRS로 옮겼습니다." : "";
    if (state.broken || state.migrated) store.save(state);
    start(dueCards(), notice);
  }

  function setup() {
    store = window.studyCards;
    Array.prototype.forEach.call(document.querySelectorAll(".fc:not([data-fc-ready])"), init);
  }
  if (window.studyCards) setup(); else document.addEventListener("study:cards", setup, { once: true });

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
