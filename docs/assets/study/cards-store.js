/* Flashcard progress scheduled with FSRS (window.FSRS): window.studyCards, used by flashcards.js and
 * progress-page.js (they wait for the "study:cards" event). Storage and migration: docs/contributing/flashcards.md. */
(function () {
  "use strict";
  if (window.studyCards) return;
  var KEY = "studykit.flashcards";
  var VERSION = 2;
  var DAY = 86400000;
  var LEITNER_DAYS = [0, 0, 1, 3, 7, 14];
  var RE_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  var FIELDS = ["due", "stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  /* As scripts/fsrs-reference.cjs (the test's reference). */
  var PARAMS = { enable_fuzz: true, enable_short_term: true, request_retention: 0.9, maximum_interval: 36500 };
  var lib, scheduler; /* set by start() once ts-fsrs.min.js has run */

  function isMap(value) { return !!value && typeof value === "object" && !Array.isArray(value); }
  function finite(value) { return typeof value === "number" && isFinite(value) && value >= 0; }

  /* A sound stored card, else null (it starts again as new). */
  function clean(entry) {
    if (!isMap(entry) || !FIELDS.every(function (name) { return finite(entry[name]); })) return null;
    if (entry.state > 3 || (entry.last_review !== null && entry.last_review !== undefined && !finite(entry.last_review))) return null;
    return entry;
  }

  function toCard(entry) {
    var card = {};
    FIELDS.forEach(function (name) { card[name] = entry[name]; });
    card.due = new Date(entry.due);
    card.last_review = finite(entry.last_review) ? new Date(entry.last_review) : undefined;
    return card;
  }

  function fromCard(card, t) {
    var entry = {};
    FIELDS.forEach(function (name) { entry[name] = card[name]; });
    entry.due = card.due.getTime();
    entry.last_review = card.last_review ? new Date(card.last_review).getTime() : null;
    entry.t = t;
    return entry;
  }

  function localMidnight(day) {
    var m = RE_DAY.exec(day);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null;
  }

  /* Leitner box 1: a card failed on its due day; boxes 2-5: a review card, stability = the box's interval. */
  function fromLeitner(old) {
    var due = old && typeof old.d === "string" ? localMidnight(old.d) : null;
    var box = old && Math.floor(old.b) === old.b && old.b >= 1 && old.b <= 5 ? old.b : 0;
    if (due === null || !box) return null;
    var entry;
    if (box === 1) {
      entry = fromCard(scheduler.next(lib.createEmptyCard(new Date(due)), new Date(due), lib.Rating.Again).card, due);
      entry.due = due;
    } else {
      var days = LEITNER_DAYS[box];
      var last = due - days * DAY;
      var good = scheduler.next(lib.createEmptyCard(new Date(last)), new Date(last), lib.Rating.Good).card;
      entry = {
        due: due, stability: days, difficulty: good.difficulty, elapsed_days: 0, scheduled_days: days,
        learning_steps: 0, reps: box - 1, lapses: 0, state: lib.State.Review, last_review: last, t: last
      };
    }
    entry.leitner = box;
    return entry;
  }

  function parse(raw) {
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  /* Sound entries and logs of stored data in its current form (version), into out; else out.broken. */
  function readAs(data, version, out) {
    if (!isMap(data) || data.v !== version || !isMap(data.cards)) { out.broken = true; return out; }
    Object.keys(data.cards).forEach(function (id) {
      var entry = clean(data.cards[id]);
      if (entry) out.cards[id] = entry;
    });
    if (isMap(data.log)) {
      Object.keys(data.log).forEach(function (id) {
        if (Array.isArray(data.log[id])) out.log[id] = data.log[id].filter(isMap);
      });
    }
    return out;
  }

  /* Any stored form -> {cards, log, broken, migrated}; unreadable data starts fresh. */
  function read(raw) {
    var out = { cards: {}, log: {}, broken: false, migrated: 0 };
    if (raw === null || raw === undefined) return out;
    var data = parse(raw);
    if (isMap(data) && data.v === 1 && isMap(data.cards)) {
      Object.keys(data.cards).forEach(function (id) {
        var entry = fromLeitner(data.cards[id]);
        if (entry) { out.cards[id] = entry; out.migrated += 1; }
      });
      return out;
    }
    return readAs(data, VERSION, out);
  }

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return read(null); }
    return read(raw);
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ v: VERSION, cards: state.cards, log: state.log }));
    } catch (e) { /* private mode or full: keep going */ }
  }

  /* The outcomes of grades 1-4 now: [{grade, due, card}]. */
  function preview(entry, now) {
    var card = entry ? toCard(entry) : lib.createEmptyCard(new Date(now));
    var outcomes = scheduler.repeat(card, new Date(now));
    return [1, 2, 3, 4].map(function (grade) {
      return { grade: grade, due: outcomes[grade].card.due.getTime(), card: outcomes[grade].card };
    });
  }

  /* Grades a card, logs the review; returns the new entry. shown: the outcome a button showed
   * (preview(...)[g - 1], computed when the answer appeared), so the card gets what the learner saw. */
  function grade(state, id, g, now, spent, shown) {
    var before = state.cards[id];
    var outcome = shown || preview(before, now)[g - 1];
    var entry = fromCard(outcome.card, now);
    state.cards[id] = entry;
    (state.log[id] = state.log[id] || []).push({ t: now, g: g, st: before ? before.state : 0, ms: Math.max(0, Math.round(spent || 0)), due: entry.due });
    return entry;
  }

  /* "1분", "10분", "3시간", "2일", "4개월", "1.5년": the wait before a card comes back. */
  function wait(ms) {
    if (ms < 3600000) return Math.max(1, Math.round(ms / 60000)) + "분";
    if (ms < DAY) return Math.round(ms / 3600000) + "시간";
    var days = Math.round(ms / DAY);
    if (days < 31) return days + "일";
    if (days < 365) return Math.round(days / 30.4) + "개월";
    return Math.round(days / 36.5) / 10 + "년";
  }

  function endOfToday(now) {
    var d = new Date(now);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  }

  /* {due: seen cards due today, fresh: never studied, learned: in review, total}. */
  function counts(state, ids, now) {
    var limit = endOfToday(now);
    var out = { due: 0, fresh: 0, learned: 0, total: ids.length };
    ids.forEach(function (id) {
      var entry = state.cards[id];
      if (!entry) { out.fresh += 1; return; }
      if (entry.due < limit) out.due += 1;
      if (entry.state === lib.State.Review) out.learned += 1;
    });
    return out;
  }

  /* ---- 오답노트 (quiz.js adds a wrong answer as a new card; review.js grades; progress-page.js counts and moves it) ----
   * "k8s-study.notebook" {v: 1, cards: {"<page>/<question id>": FSRS fields + t, added, streak (rights in a row),
   * out (ms it left the notebook after STREAK_OUT rights, else 0), o (option order last shown)},
   * log: {key: [{t, g, src: "quiz"|"review", ok?, st?, ms?, due?}]}}. Items never leave the storage: the history. */
  var NOTEBOOK = "k8s-study.notebook";
  var STREAK_OUT = 3;

  function readNotebook(raw) {
    var out = { cards: {}, log: {}, broken: false };
    return raw === null || raw === undefined ? out : readAs(parse(raw), 1, out);
  }

  function loadNotebook() {
    try { return readNotebook(window.localStorage.getItem(NOTEBOOK)); } catch (e) { return readNotebook(null); }
  }

  function saveNotebook(book) {
    try {
      window.localStorage.setItem(NOTEBOOK, JSON.stringify({ v: 1, cards: book.cards, log: book.log }));
    } catch (e) { /* private mode or full */ }
  }

  /* A review of an item: the FSRS outcome shown, the run of rights, out of the notebook after STREAK_OUT. */
  function review(book, id, g, ok, now, spent, shown) {
    var before = book.cards[id];
    var entry = grade(book, id, g, now, spent, shown);
    ["added", "o"].forEach(function (name) { if (before[name] !== undefined) entry[name] = before[name]; });
    entry.streak = ok ? (before.streak || 0) + 1 : 0;
    entry.out = entry.streak >= STREAK_OUT ? now : 0;
    var logged = book.log[id][book.log[id].length - 1];
    logged.src = "review";
    logged.ok = ok;
    return entry;
  }

  /* Due now for a session: a card in review due today (as Anki counts days), a learning card within LEARN_AHEAD. */
  var LEARN_AHEAD = 20 * 60000;
  function isDue(entry, now) {
    return entry.state === lib.State.Review ? entry.due < endOfToday(now) : entry.due <= now + LEARN_AHEAD;
  }

  /* The wait when only learning steps are left in a session (count items, the first due at soon). */
  function later(count, soon, now) {
    var at = new Date(soon);
    return "남은 " + count + "개는 방금 채점한 것입니다. 버튼에 보인 시간이 지나야 다시 나옵니다. 다음은 " + wait(soon - now) +
      " 뒤(" + at.getHours() + ":" + String(at.getMinutes()).padStart(2, "0") + ")에 나옵니다. 이 페이지를 열어 두면 그때 이어집니다.";
  }

  /* After a flip: when less than about three lines of the answer (back) show between the header and the
   * sticky grades (bar), the question (face) scrolls to the top, and the answer's start with it. */
  function reveal(face, back, bar) {
    var header = document.querySelector(".md-header");
    var top = back.getBoundingClientRect().top;
    var lines = 3 * (parseFloat(getComputedStyle(back).lineHeight) || 24);
    if (top < (header ? header.getBoundingClientRect().bottom : 0) || top + lines > bar.getBoundingClientRect().top) {
      face.scrollIntoView({ block: "start" });
    }
  }

  function start() {
    if (window.studyCards) return;
    lib = window.FSRS;
    scheduler = lib.fsrs(lib.generatorParameters(PARAMS));
    window.studyCards = {
      KEY: KEY, VERSION: VERSION, read: read, load: load, save: save, clean: clean,
      preview: preview, grade: grade, counts: counts, endOfToday: endOfToday, wait: wait, isDue: isDue, LEARN_AHEAD: LEARN_AHEAD,
      NOTEBOOK: NOTEBOOK, STREAK_OUT: STREAK_OUT, readNotebook: readNotebook, loadNotebook: loadNotebook,
      saveNotebook: saveNotebook, review: review, fromCard: fromCard, reveal: reveal, later: later
    };
    document.dispatchEvent(new Event("study:cards"));
  }

  /* Instant navigation may run this before ts-fsrs.min.js: wait for it (or load it) if so. */
  if (window.FSRS) {
    start();
  } else {
    var tag = document.querySelector("script[src*='/ts-fsrs/']");
    if (!tag) {
      tag = document.createElement("script");
      tag.src = new URL("../vendor/ts-fsrs/ts-fsrs.min.js", document.currentScript.src).href;
      document.head.appendChild(tag);
    }
    tag.addEventListener("load", start);
  }
})();
