/* 내 학습 현황 (docs/progress.md): reads the widgets' own storage, exports and imports all of it.
 * The manifest (what each lesson asks: question, checklist, log and card keys) is written by
 * hooks/progress.py into data-sp-manifest. Nothing here keeps a copy of any progress. Storage read:
 *   "k8s-study.quiz"      {v: 1, q: {key: {a, ok}}, t: {key: ms}}               (quiz.js)
 *   "k8s-study.progress"  {v: 1, c: {key: {item: true}}, l: {key: {...}}, m: {"c:key"|"l:key": ms}} (progress.js)
 *   "studykit.flashcards" {v: 2, cards, log}                                      (cards-store.js)
 *   "k8s-study.notebook"  {v: 1, cards, log}: the 오답노트                         (quiz.js, review.js) */
(function () {
  "use strict";
  var QUIZ = "k8s-study.quiz";
  var PROGRESS = "k8s-study.progress";
  var MAX_BYTES = 5 * 1024 * 1024;
  var DAY = 86400000;
  var cards;

  function isMap(value) { return !!value && typeof value === "object" && !Array.isArray(value); }
  function map(value) { return isMap(value) ? value : {}; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function link(text, href) { var a = el("a", "", text); a.href = href; return a; }

  function readJson(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function readQuiz() {
    var d = readJson(QUIZ);
    return d && d.v === 1 && isMap(d.q) ? { v: 1, q: d.q, t: map(d.t) } : { v: 1, q: {}, t: {} };
  }
  function readProgress() {
    var d = readJson(PROGRESS);
    return d && d.v === 1 && isMap(d.c) && isMap(d.l) ? { v: 1, c: d.c, l: d.l, m: map(d.m) } : { v: 1, c: {}, l: {}, m: {} };
  }
  function readAll() {
    var deck = cards.load();
    var book = cards.loadNotebook();
    return { quiz: readQuiz(), progress: readProgress(), cards: { cards: deck.cards, log: deck.log },
      notebook: { cards: book.cards, log: book.log } };
  }
  function writeAll(all) {
    try {
      localStorage.setItem(QUIZ, JSON.stringify(all.quiz));
      localStorage.setItem(PROGRESS, JSON.stringify(all.progress));
    } catch (e) { /* private mode */ }
    cards.save(all.cards);
    cards.saveNotebook(all.notebook);
  }

  function dayOf(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  /* Consecutive days with any study, up to today (or up to yesterday when today has none yet). */
  function streak(all) {
    var days = {};
    function mark(ms) { if (typeof ms === "number" && ms > 0) days[dayOf(ms)] = true; }
    Object.keys(all.quiz.t).forEach(function (k) { mark(all.quiz.t[k]); });
    Object.keys(all.progress.m).forEach(function (k) { mark(all.progress.m[k]); });
    [all.cards.log, all.notebook.log].forEach(function (log) {
      Object.keys(log).forEach(function (id) { log[id].forEach(function (r) { mark(r.t); }); });
    });
    var now = Date.now();
    var count = 0;
    var at = days[dayOf(now)] ? now : now - DAY;
    while (days[dayOf(at)] && count < 3660) { count += 1; at -= DAY; }
    return count;
  }

  function render(root, manifest) {
    var all = readAll();
    var now = Date.now();
    var totals = { asked: 0, right: 0, items: 0, done: 0, reviews: 0 };
    Object.keys(all.cards.log).forEach(function (id) { totals.reviews += all.cards.log[id].length; });
    var lessons = manifest.lessons.map(function (lesson) {
      var box = el("section", "sp-lesson");
      var h = el("h2");
      h.appendChild(link("Day " + lesson.day + ": " + lesson.title, lesson.url));
      box.appendChild(h);
      var list = el("ul", "sp-rows");
      var ids = [];
      var items = 0, done = 0, lastLog = null;
      lesson.parts.forEach(function (part) {
        ids = ids.concat(part.cards);
        part.checklists.forEach(function (c) {
          var saved = map(all.progress.c[c.key]);
          items += c.items.length;
          done += c.items.filter(function (k) { return saved[k] === true; }).length;
        });
        part.logs.forEach(function (log) {
          var saved = map(all.progress.l[log.key]);
          var date = typeof saved[log.date] === "string" ? saved[log.date] : "";
          var when = all.progress.m["l:" + log.key] || 0;
          if ((date || when) && (!lastLog || (date || dayOf(when)) > lastLog.date)) {
            lastLog = { date: date || dayOf(when), hours: typeof saved[log.hours] === "string" ? saved[log.hours] : "", url: part.url };
          }
        });
      });
      totals.items += items;
      totals.done += done;
      if (items) list.appendChild(el("li", "sp-check", "체크리스트: " + done + " / " + items + " 완료"));
      lesson.parts.forEach(function (part) {
        if (!part.questions.length) return;
        var answered = part.questions.filter(function (k) { return isMap(all.quiz.q[k]); });
        var right = answered.filter(function (k) { return all.quiz.q[k].ok === true; }).length;
        totals.asked += part.questions.length;
        totals.right += right;
        var row = el("li", "sp-quiz");
        row.appendChild(link(part.title, part.url));
        row.appendChild(document.createTextNode(" 퀴즈: " + right + " / " + part.questions.length + " 정답 (" + answered.length + "문제 풂)"));
        list.appendChild(row);
        var noted = part.questions.filter(function (k) { return all.notebook.cards[k] && !all.notebook.cards[k].out; });
        if (!noted.length) return;
        var due = noted.filter(function (k) { return cards.isDue(all.notebook.cards[k], now); }).length;
        var book = el("li", "sp-notebook", part.title + " 오답노트: " + noted.length + "문제 · 오늘 복습할 문제 " + due + "개");
        if (manifest.review) { book.append(" · "); book.appendChild(link("오늘의 복습", manifest.review)); }
        list.appendChild(book);
      });
      if (ids.length) {
        var n = cards.counts(all.cards, ids, now);
        var row = el("li", "sp-cards");
        row.appendChild(link("면접 카드", lesson.deck));
        row.appendChild(document.createTextNode(": 오늘 복습할 카드 " + n.due + "장 · 익힌 카드 " + n.learned + " / " + n.total + "장 · 새 카드 " + n.fresh + "장"));
        list.appendChild(row);
      }
      var logRow = el("li", "sp-log");
      if (lastLog) {
        logRow.appendChild(document.createTextNode("마지막 학습 기록: " + lastLog.date + (lastLog.hours ? " · " + lastLog.hours + "시간 " : " ")));
        logRow.appendChild(link("기록 보기", lastLog.url));
      } else {
        logRow.textContent = "마지막 학습 기록: 아직 없습니다";
      }
      list.appendChild(logRow);
      box.appendChild(list);
      return box;
    });
    var summary = el("p", "sp-total",
      "연속 학습 " + streak(all) + "일 · 퀴즈 정답 " + totals.right + " / " + totals.asked +
      " · 체크리스트 " + totals.done + " / " + totals.items + " · 카드 복습 " + totals.reviews + "번");
    var view = root.querySelector(".sp-view");
    view.replaceChildren.apply(view, [summary].concat(lessons));
  }

  /* ---- export / import ---- */

  function exportData(manifest) {
    var all = readAll();
    return { format: manifest.format, version: manifest.version, site: manifest.site, exported: Date.now(),
      quiz: all.quiz, progress: all.progress, cards: all.cards, notebook: all.notebook };
  }

  function download(name, type, text) {
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  /* A review-log CSV in the column layout of the FSRS optimizer (and Anki's revlog fields). */
  function reviewCsv(all) {
    var rows = ["card_id,review_time,review_rating,review_state,review_duration,card"];
    Object.keys(all.cards.log).sort().forEach(function (id) {
      var num = 0;
      for (var i = 0; i < id.length; i++) num = (num * 31 + id.charCodeAt(i)) >>> 0;
      all.cards.log[id].forEach(function (r) {
        rows.push([num, r.t, r.g, r.st, r.ms || 0, '"' + id.replace(/"/g, '""') + '"'].join(","));
      });
    });
    return rows.join("\n") + "\n";
  }

  /* Returns [file data, ""] or [null, Korean reason]. */
  function check(text, manifest) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!isMap(data) || data.format !== manifest.format || typeof data.version !== "number") {
      return [null, "파일을 읽을 수 없습니다. 손상되었거나 학습 현황 파일이 아닙니다. 아무것도 바꾸지 않았습니다."];
    }
    if (data.version > manifest.version) {
      return [null, "이 파일은 더 새로운 형식(버전 " + data.version + ")으로 만들어졌습니다. 이 페이지를 새로 고친 뒤 다시 가져오세요. 아무것도 바꾸지 않았습니다."];
    }
    if (data.site !== manifest.site) {
      return [null, "다른 사이트(" + String(data.site).slice(0, 80) + ")에서 내보낸 파일입니다. 이 사이트의 기록만 가져올 수 있습니다. 아무것도 바꾸지 않았습니다."];
    }
    /* Version 1 files have no 오답노트; a section that is there must have its own shape. */
    var shapes = { quiz: "q", progress: "c", cards: "cards", notebook: "cards" };
    if (Object.keys(shapes).some(function (name) { return data[name] !== undefined && !isMap(map(data[name])[shapes[name]]); })) {
      return [null, "파일을 읽을 수 없습니다. 손상되었거나 학습 현황 파일이 아닙니다. 아무것도 바꾸지 않았습니다."];
    }
    if (!data.progress && !data.cards) {
      return [null, "이 파일에는 학습 기록이 없습니다. 이 페이지의 '모든 기록 내보내기'로 만든 파일을 고르세요. 아무것도 바꾸지 않았습니다."];
    }
    Object.keys(shapes).forEach(function (name) { data[name] = map(data[name]); });
    return [data, ""];
  }

  /* Newest wins per item; items only one side has are kept; review logs are joined. */
  function merge(local, incoming) {
    var out = JSON.parse(JSON.stringify(local));
    var count = { quiz: 0, checklist: 0, log: 0, card: 0, review: 0 };
    var quiz = { q: map(incoming.quiz.q), t: map(incoming.quiz.t) };
    Object.keys(quiz.q).forEach(function (k) {
      if (!isMap(quiz.q[k])) return;
      var mine = out.quiz.q[k];
      if (!mine || (quiz.t[k] || 0) > (out.quiz.t[k] || 0)) {
        if (JSON.stringify(mine) !== JSON.stringify(quiz.q[k])) count.quiz += 1;
        out.quiz.q[k] = quiz.q[k];
        if (quiz.t[k]) out.quiz.t[k] = quiz.t[k];
      }
    });
    var prog = { c: map(incoming.progress.c), l: map(incoming.progress.l), m: map(incoming.progress.m) };
    [["c", "checklist"], ["l", "log"]].forEach(function (pair) {
      var part = pair[0];
      Object.keys(prog[part]).forEach(function (k) {
        if (!isMap(prog[part][k])) return;
        var stamp = part + ":" + k;
        if (!out.progress[part][k] || (prog.m[stamp] || 0) > (out.progress.m[stamp] || 0)) {
          if (JSON.stringify(out.progress[part][k]) !== JSON.stringify(prog[part][k])) count[pair[1]] += 1;
          out.progress[part][k] = prog[part][k];
          if (prog.m[stamp]) out.progress.m[stamp] = prog.m[stamp];
        }
      });
    });
    mergeDeck(out.cards, cards.read(JSON.stringify({ v: 2, cards: map(incoming.cards.cards), log: map(incoming.cards.log) })), count, "card", "review");
    mergeDeck(out.notebook, cards.readNotebook(JSON.stringify({ v: 1, cards: map(incoming.notebook.cards), log: map(incoming.notebook.log) })), count, "noted", "notedReview");
    return { data: out, count: count };
  }

  /* FSRS entries: the newer one (t) wins; review logs are joined, each review once. */
  function mergeDeck(mine, deck, count, entries, reviews) {
    count[entries] = count[entries] || 0;
    count[reviews] = count[reviews] || 0;
    Object.keys(deck.cards).forEach(function (id) {
      var have = mine.cards[id];
      if (!have || (deck.cards[id].t || 0) > (have.t || 0)) {
        count[entries] += 1;
        mine.cards[id] = deck.cards[id];
      }
    });
    Object.keys(deck.log).forEach(function (id) {
      var have = mine.log[id] || [];
      var seen = {};
      have.forEach(function (r) { seen[r.t + ":" + r.g] = true; });
      var added = deck.log[id].filter(function (r) { return typeof r.t === "number" && !seen[r.t + ":" + r.g]; });
      if (!added.length) return;
      count[reviews] += added.length;
      mine.log[id] = have.concat(added).sort(function (a, b) { return a.t - b.t; });
    });
  }

  function describe(count) {
    var parts = [];
    if (count.quiz) parts.push("퀴즈 답 " + count.quiz + "개");
    if (count.checklist) parts.push("체크리스트 " + count.checklist + "개");
    if (count.log) parts.push("학습 기록 " + count.log + "개");
    if (count.card) parts.push("카드 " + count.card + "장");
    if (count.review) parts.push("복습 기록 " + count.review + "개");
    if (count.noted) parts.push("오답노트 " + count.noted + "문제");
    if (count.notedReview) parts.push("오답노트 기록 " + count.notedReview + "개");
    return parts.join(", ");
  }

  function setup(root) {
    root.setAttribute("data-sp-ready", "");
    var manifest;
    try { manifest = JSON.parse(root.getAttribute("data-sp-manifest")); } catch (e) { return; }
    var loading = root.querySelector(".sp-loading");
    if (loading) loading.remove();
    var view = el("div", "sp-view");
    var io = el("section", "sp-io");
    io.appendChild(el("h2", "", "기록 옮기기"));
    io.appendChild(el("p", "", "모든 기록(퀴즈, 체크리스트, 학습 기록, 카드 상태와 복습 기록, 오답노트)을 파일 하나로 내보내고, 다른 기기의 이 페이지에서 가져옵니다. 가져오면 항목마다 더 새로운 기록이 남습니다."));
    var tools = el("p", "sp-tools");
    var exportButton = el("button", "md-button", "모든 기록 내보내기 (JSON)");
    var csvButton = el("button", "md-button", "복습 기록 내보내기 (CSV)");
    exportButton.type = csvButton.type = "button";
    var label = el("label", "sp-file", "가져올 파일 (JSON) ");
    var input = el("input");
    input.type = "file";
    input.accept = "application/json,.json";
    label.appendChild(input);
    tools.append(exportButton, " ", csvButton, " ", label);
    var message = el("p", "sp-msg");
    message.setAttribute("role", "status");
    message.setAttribute("aria-live", "polite");
    var confirmBox = el("div", "sp-confirm");
    confirmBox.hidden = true;
    io.append(tools, message, confirmBox);
    root.append(view, io);
    render(root, manifest);

    exportButton.addEventListener("click", function () {
      download("k8s-study-progress-" + dayOf(Date.now()) + ".json", "application/json",
        JSON.stringify(exportData(manifest), null, 1) + "\n");
      message.textContent = "모든 기록을 파일로 내보냈습니다.";
    });
    csvButton.addEventListener("click", function () {
      download("k8s-study-reviews-" + dayOf(Date.now()) + ".csv", "text/csv", reviewCsv(readAll()));
      message.textContent = "카드 복습 기록을 CSV로 내보냈습니다.";
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      confirmBox.hidden = true;
      if (!file) return;
      if (file.size > MAX_BYTES) {
        message.textContent = "파일이 너무 큽니다(" + (file.size / 1048576).toFixed(1) + " MB, 최대 5 MB). 아무것도 바꾸지 않았습니다.";
        input.value = "";
        return;
      }
      file.text().then(function (text) {
        input.value = "";
        var checked = check(text, manifest);
        if (!checked[0]) { message.textContent = checked[1]; return; }
        var merged = merge(readAll(), checked[0]);
        var what = describe(merged.count);
        if (!what) { message.textContent = "가져올 새 기록이 없습니다. 이미 모두 있습니다."; return; }
        message.textContent = "";
        var ok = el("button", "md-button md-button--primary", "가져오기 적용");
        var cancel = el("button", "md-button", "취소");
        ok.type = cancel.type = "button";
        confirmBox.replaceChildren(el("p", "sp-summary", "가져올 기록: " + what + ". 항목마다 더 새로운 기록이 남고, 이 기기에만 있는 기록은 그대로 둡니다."), ok, " ", cancel);
        confirmBox.hidden = false;
        ok.focus();
        ok.addEventListener("click", function () {
          writeAll(merged.data);
          confirmBox.hidden = true;
          render(root, manifest);
          message.textContent = "가져왔습니다: " + what + ".";
        });
        cancel.addEventListener("click", function () {
          confirmBox.hidden = true;
          message.textContent = "가져오기를 취소했습니다. 아무것도 바꾸지 않았습니다.";
        });
      });
    });
  }

  function setupAll() {
    cards = window.studyCards;
    Array.prototype.forEach.call(document.querySelectorAll(".sp:not([data-sp-ready])"), setup);
  }
  if (window.studyCards) setupAll(); else document.addEventListener("study:cards", setupAll, { once: true });
})();
