/* 오늘의 복습 (docs/review.md): the interview cards and the 오답노트 questions due today, in one session.
 * hooks/progress.py writes the manifest (every lesson's question keys and card ids, links relative to
 * this page) into data-rv-manifest; hooks/flashcards.py puts every card in .rv-bank (as on the flashcards
 * page). A question comes from its lesson page (the same markup, set up by quiz.js's studyQuiz.mount),
 * fetched when it comes up; the service worker has it offline. Scheduling and storage: cards-store.js. */
(function () {
  "use strict";
  var store;
  var GRADES = ["다시", "어려움", "좋음", "쉬움"];
  var NEW_PER_DAY = 5; /* new interview cards a day; the rest wait on the flashcards pages */
  var SECONDS = { card: 45, question: 40 }; /* a spoken answer, a question read and answered */
  var pages = {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, action) {
    var b = el("button", "md-button", label);
    b.type = "button";
    b.setAttribute("data-rv-action", action);
    return b;
  }

  /* A page of this site as a document (from the network, or the service worker's copy offline). */
  function page(url) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.text();
      }).then(function (text) { return new DOMParser().parseFromString(text, "text/html"); });
      pages[url].catch(function () { delete pages[url]; });
    }
    return pages[url];
  }

  /* Links and images in a piece taken from another page keep pointing where they did there. */
  function rebase(node, base) {
    Array.prototype.forEach.call(node.querySelectorAll("a[href], img[src]"), function (n) {
      var name = n.hasAttribute("href") ? "href" : "src";
      n.setAttribute(name, new URL(n.getAttribute(name), base).href);
    });
    return node;
  }

  function startOfToday(now) {
    var d = new Date(now);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  }

  function same(a, b) { return Array.isArray(b) && a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }

  /* A new random order of the children of list, never the order last seen (nor, given, the answer's). */
  function shuffle(list, key, last, answer) {
    var nodes = Array.prototype.slice.call(list.children);
    var order = nodes.map(function (n) { return Number(n.querySelector("input") ? n.querySelector("input").value : n.getAttribute(key)); });
    var next = order.slice();
    for (var tries = 0; tries < 20 && (tries === 0 || same(next, last) || same(next, answer)); tries++) {
      for (var i = next.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = next[i]; next[i] = next[j]; next[j] = t;
      }
    }
    while (next.length > 1 && (same(next, last) || same(next, answer)) && tries++ < 40) next.push(next.shift());
    next.forEach(function (value) { list.appendChild(nodes[order.indexOf(value)]); });
    return next;
  }

  function setup(root) {
    root.setAttribute("data-rv-ready", "");
    var manifest;
    try { manifest = JSON.parse(root.getAttribute("data-rv-manifest")); } catch (e) { return; }
    var questions = {}; /* key -> {url, title} */
    var decks = {}; /* card id -> its .fc-card in the bank */
    var deckOrder = [];
    manifest.lessons.forEach(function (lesson) {
      lesson.parts.forEach(function (part) {
        part.questions.forEach(function (key) { questions[key] = { url: new URL(part.url, location.href).href, title: part.title }; });
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".rv-bank .fc-card"), function (li) {
      decks[li.getAttribute("data-fc-id")] = li;
      deckOrder.push(li.getAttribute("data-fc-id"));
    });
    var state = store.load();
    var book = store.loadNotebook();
    adopt();
    /* The session: items due now, or later today within LEARN_AHEAD (a learning step), each shown no earlier
     * than it is due (at), so a button's "10분" is what the learner lives; numbers: each item's place in it. */
    var queue = [], current = null, outcomes = [], shownAt = 0, flipped = false, result = null;
    var numbers = {}, size = 0, timer = 0;
    var open = false; /* a grade may be given now (the card is flipped, or the question answered) */
    var tally = { card: 0, question: 0, out: 0 };

    var counts = el("p", "rv-counts");
    var missing = el("p", "rv-missing");
    var stage = el("div", "rv-stage");
    var where = el("p", "fc-pos");
    var item = el("div", "rv-item");
    var before = el("p", "fc-before", "답을 본 뒤 스스로 채점합니다. 카드를 눌러 뒤집으세요.");
    var prompt = el("p", "rv-prompt");
    var grades = el("div", "fc-grades");
    var next = button("다음 →", "next");
    var foot = el("div", "rv-foot"); /* sticky at the screen's foot: what to do next is always in view */
    var summary = el("div", "fc-summary");
    var help = el("p", "fc-help", "키보드: 카드는 Enter 또는 Space로 뒤집고, 문제는 화살표와 Space로 고른 뒤 Tab으로 확인에 가서(다시 볼 곳 링크가 있으면 그다음) Enter. 채점은 1 다시 · 2 어려움 · 3 좋음 · 4 쉬움.");
    var live = el("p", "fc-live");
    var history = el("details", "rv-history");
    grades.setAttribute("role", "group");
    grades.setAttribute("aria-label", "스스로 채점");
    GRADES.forEach(function (label, g) {
      var b = button(label, "grade-" + (g + 1));
      b.appendChild(el("span", "fc-ivl"));
      grades.appendChild(b);
    });
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    summary.tabIndex = -1;
    item.tabIndex = -1;
    foot.append(prompt, grades, next);
    stage.append(where, item, before, foot);
    var loading = root.querySelector(".rv-loading");
    if (loading) loading.remove();
    root.append(counts, missing, stage, summary, help, live, history);

    function say(text) { live.textContent = text; }

    /* Wrong answers saved before the 오답노트 existed (k8s-study.quiz, never noted): into the notebook once. */
    function adopt() {
      var quiz;
      try { quiz = JSON.parse(localStorage.getItem("k8s-study.quiz")); } catch (e) { quiz = null; }
      var saved = quiz && quiz.q && typeof quiz.q === "object" ? quiz.q : {};
      var added = Object.keys(saved).filter(function (key) {
        return known(key) && saved[key] && saved[key].ok === false && !book.cards[key] && !book.log[key];
      });
      added.forEach(function (key) {
        var t = (quiz.t && quiz.t[key]) || Date.now();
        book.cards[key] = store.fromCard(window.FSRS.createEmptyCard(new Date(t)), t);
        book.cards[key].added = t;
        book.cards[key].streak = book.cards[key].out = 0;
        book.log[key] = [{ t: t, g: 1, src: "quiz" }];
      });
      if (added.length) store.saveNotebook(book);
    }

    function known(key) { return !!questions[key]; }

    function isNew(entry) { return !entry || !entry.reps; }

    /* Everything due now: seen cards and 오답노트 questions by due time, then today's few new cards. */
    function build(now) {
      var list = [];
      Object.keys(state.cards).forEach(function (id) {
        if (decks[id] && store.isDue(state.cards[id], now)) list.push({ kind: "card", id: id, due: state.cards[id].due });
      });
      Object.keys(book.cards).forEach(function (key) {
        var entry = book.cards[key];
        if (!entry.out && known(key) && store.isDue(entry, now)) list.push({ kind: "question", id: key, due: entry.due });
      });
      list.forEach(function (it) { it.at = it.due > now ? it.due : 0; });
      list.sort(function (a, b) { return a.due - b.due; });
      var start = startOfToday(now);
      var introduced = Object.keys(state.log).filter(function (id) {
        return state.log[id].some(function (r) { return r.t >= start && r.st === 0; });
      }).length;
      var room = Math.max(0, NEW_PER_DAY - introduced);
      deckOrder.forEach(function (id) {
        if (room > 0 && !state.cards[id]) { list.push({ kind: "card", id: id, due: Infinity, at: 0 }); room -= 1; }
      });
      return list;
    }

    function entryOf(it) { return it.kind === "card" ? state.cards[it.id] : book.cards[it.id]; }

    /* The item to show now: a learning step come due first, else the next in line; null while all wait. */
    function pick(now) {
      var ready = queue.filter(function (it) { return it.at <= now; });
      var back = ready.filter(function (it) { return it.at > 0; });
      back.sort(function (a, b) { return a.at - b.at; });
      return back[0] || ready[0] || null;
    }

    function showCounts() {
      var now = Date.now(), start = startOfToday(now), done = 0;
      Object.keys(state.log).forEach(function (id) {
        if (decks[id] && state.log[id].some(function (r) { return r.t >= start; })) done += 1;
      });
      Object.keys(book.log).forEach(function (key) {
        if (book.log[key].some(function (r) { return r.t >= start && r.src === "review"; })) done += 1;
      });
      /* Only what can be done now counts; a learning step waiting for its time is counted apart. */
      var ready = queue.filter(function (it) { return it.at <= now; });
      var fresh = ready.filter(function (it) { return it.kind === "card" && isNew(entryOf(it)); }).length;
      var waiting = queue.length - ready.length;
      var seconds = ready.reduce(function (sum, it) { return sum + SECONDS[it.kind]; }, 0);
      counts.textContent = "복습할 것 " + (ready.length - fresh) + "개 · 새 카드 " + fresh + "장 · 오늘 끝낸 것 " + done + "개" +
        (waiting ? " · 잠시 뒤 다시 볼 것 " + waiting + "개" : "") +
        (ready.length ? " · 예상 시간 약 " + Math.max(1, Math.ceil(seconds / 60)) + "분" : "");
    }

    function showMissing() {
      var lost = Object.keys(book.cards).filter(function (key) { return !book.cards[key].out && !known(key); });
      missing.hidden = !lost.length;
      missing.textContent = lost.length
        ? "오답노트의 " + lost.length + "문제는 사이트에서 찾을 수 없어 복습에서 뺐습니다(문제 id가 바뀌었거나 문제가 지워졌습니다). 기록은 그대로 남아 있습니다: " + lost.join(", ")
        : "";
    }

    function showHistory() {
      var keys = Object.keys(book.cards).sort();
      var now = Date.now();
      var active = keys.filter(function (k) { return !book.cards[k].out; }).length;
      var list = el("ul");
      keys.forEach(function (key) {
        var entry = book.cards[key];
        var q = questions[key];
        var row = el("li");
        if (q) {
          var a = el("a", "", q.title);
          a.href = q.url;
          row.append(a, " · ");
        }
        row.append(key.replace(/^.*\//, "") + " — " + (entry.out ? "세 번 연속 맞혀 오답노트에서 뺐습니다"
          : !q ? "찾을 수 없어 복습에서 뺐습니다"
          : entry.due <= now ? "지금 복습할 차례입니다" : store.wait(entry.due - now) + " 뒤 복습합니다") +
          " (틀린 횟수 " + (book.log[key] || []).filter(function (r) { return r.g === 1; }).length + ")");
        list.appendChild(row);
      });
      history.replaceChildren(el("summary", "", "오답노트 전체: 복습 중 " + active + "문제 · 기록 " + keys.length + "문제"), list);
      history.hidden = !keys.length;
    }

    function start() {
      queue = build(Date.now());
      size = queue.length;
      render();
    }

    function render() {
      showCounts();
      showMissing();
      showHistory();
      flipped = false;
      result = null;
      open = false;
      root.classList.remove("fc-flipped");
      grades.hidden = true;
      next.hidden = true;
      before.hidden = true;
      prompt.hidden = true;
      clearTimeout(timer);
      current = pick(Date.now());
      stage.hidden = !current;
      summary.hidden = !!current;
      if (!current) return queue.length ? later() : finish();
      var key = current.kind + ":" + current.id, again = !!numbers[key];
      numbers[key] = numbers[key] || Object.keys(numbers).length + 1;
      where.textContent = "항목 " + numbers[key] + " / " + size + (again ? " · 다시" : "") +
        " · " + (current.kind === "card" ? "면접 카드" : "오답노트 · " + questions[current.id].title);
      item.replaceChildren(el("p", "rv-wait", "불러오는 중입니다…"));
      var it = current;
      (it.kind === "card" ? showCard(it) : showQuestion(it)).catch(function () {
        if (it !== current) return;
        item.replaceChildren(el("p", "", "이 항목을 불러오지 못했습니다. 연결을 확인한 뒤 다시 여세요. 건너뜁니다."));
        next.hidden = false;
        next.focus();
      });
    }

    function showCard(it) {
      return Promise.resolve(decks[it.id]).then(function (source) {
        var face = el("div", "fc-face");
        var back = el("div", "fc-back");
        face.setAttribute("role", "button");
        face.tabIndex = 0;
        back.id = "rv-back";
        back.hidden = true;
        face.setAttribute("aria-controls", back.id);
        face.setAttribute("aria-expanded", "false");
        face.append.apply(face, Array.prototype.slice.call(source.querySelector(".fc-q").cloneNode(true).childNodes));
        back.append.apply(back, Array.prototype.slice.call(source.querySelector(".fc-a").cloneNode(true).childNodes));
        item.replaceChildren(face, back);
        before.hidden = false;
        face.addEventListener("click", function (event) { if (!event.target.closest("a")) flip(); });
        face.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); flip(); }
        });
        face.focus();
      });
    }

    /* Grades' outcomes from now: the card or item gets exactly what its button shows. */
    function label(entry, allowed) {
      var t = Date.now();
      outcomes = store.preview(entry, t);
      Array.prototype.forEach.call(grades.children, function (b, i) {
        outcomes[i].label = store.wait(outcomes[i].due - t);
        b.lastChild.textContent = outcomes[i].label;
        b.setAttribute("aria-label", GRADES[i] + " · " + outcomes[i].label + " 뒤 복습");
        b.hidden = allowed.indexOf(i + 1) < 0;
        b.classList.toggle("rv-suggest", i === 2 && allowed.length > 1);
      });
      shownAt = t;
    }

    function flip() {
      if (!current || current.kind !== "card") return;
      flipped = !flipped;
      var face = item.querySelector(".fc-face");
      item.querySelector(".fc-back").hidden = !flipped;
      face.setAttribute("aria-expanded", String(flipped));
      root.classList.toggle("fc-flipped", flipped);
      before.hidden = flipped;
      grades.hidden = !flipped;
      open = flipped;
      if (flipped) {
        label(state.cards[current.id], [1, 2, 3, 4]);
        store.reveal(face, item.querySelector(".fc-back"), grades);
      }
      say(flipped ? "답을 펼쳤습니다. 스스로 채점하세요." : "답을 접었습니다.");
    }

    function showQuestion(it) {
      var url = questions[it.id].url;
      var qid = it.id.replace(/^.*\//, "");
      return page(url).then(function (doc) {
        var source = doc.querySelector('li.sk-q[data-qid="' + CSS.escape(qid) + '"]');
        if (it !== current) return;
        if (!source) throw new Error("question " + it.id);
        var data = JSON.parse(source.closest(".sk-quiz").getAttribute("data-sk-answers"))[qid];
        var li = rebase(document.importNode(source, true), url);
        var list = li.querySelector(".sk-opts, .sk-order");
        var entry = book.cards[it.id];
        if (list) {
          entry.o = shuffle(list, "data-k", entry.o, li.getAttribute("data-type") === "order" ? data.c : null);
          store.saveNotebook(book);
        }
        var quiz = el("section", "sk-quiz rv-quiz");
        var ol = el("ol", "sk-qs");
        quiz.setAttribute("data-sk-ready", "");
        quiz.setAttribute("aria-label", "오답노트 문제");
        ol.appendChild(li);
        quiz.appendChild(ol);
        item.replaceChildren(quiz);
        var asked = window.studyQuiz.mount(li, data, "", function () { answered(asked.state()); });
        var first = li.querySelector("input, .sk-order button:not([disabled])");
        if (first) first.focus();
      });
    }

    /* The quiz widget graded the answer: wrong is 다시 at once; right suggests 좋음 and lets the learner pick. */
    function answered(ok) {
      result = ok;
      open = true;
      if (!ok) {
        label(book.cards[current.id], [1]);
        grade(1);
        return;
      }
      label(book.cards[current.id], [1, 2, 3, 4]);
      prompt.textContent = "맞혔습니다. 얼마나 쉬웠나요? (보통은 좋음)";
      prompt.hidden = false;
      grades.hidden = false;
      say("정답입니다. 스스로 채점하세요. 보통은 3 좋음입니다.");
    }

    function grade(g) {
      if (!current || !open || (grades.children[g - 1].hidden && result !== false)) {
        if (current && result === null) say(current.kind === "card" ? "먼저 카드를 뒤집어 답을 보세요. Enter 또는 Space로 뒤집습니다." : "먼저 문제를 풀고 확인을 누르세요.");
        return;
      }
      open = false;
      var it = current, t = Date.now(), chosen = outcomes[g - 1], entry;
      if (it.kind === "card") {
        entry = store.grade(state, it.id, g, t, t - shownAt, chosen);
        store.save(state);
        tally.card += 1;
      } else {
        entry = store.review(book, it.id, g, result, t, t - shownAt, chosen);
        store.saveNotebook(book);
        tally.question += 1;
        if (entry.out) tally.out += 1;
      }
      queue.splice(queue.indexOf(it), 1);
      if (!entry.out && entry.due <= t + store.LEARN_AHEAD) { it.due = it.at = entry.due; queue.push(it); }
      var message = GRADES[g - 1] + ": " + chosen.label + " 뒤 다시 봅니다." +
        (entry.out ? " 세 번 연속 맞혀 오답노트에서 뺐습니다. 기록은 남습니다." : "");
      if (it.kind === "question" && !result) {
        /* Wrong: the explanation stays on screen until the learner moves on. */
        grades.hidden = true;
        prompt.textContent = "오답입니다. " + message;
        prompt.hidden = false;
        next.hidden = false;
        showCounts();
        say(prompt.textContent);
        return;
      }
      render();
      say(message);
    }

    /* Only learning steps are left, each due in a few minutes: say when, and go on then (the page left open). */
    function later() {
      var now = Date.now();
      var soon = Math.min.apply(null, queue.map(function (it) { return it.at; }));
      summary.replaceChildren(el("h2", "", "잠시 뒤 이어집니다"), el("p", "", store.later(queue.length, soon, now)));
      timer = setTimeout(function () { if (root.isConnected) render(); }, soon - now + 1);
      if (tally.card + tally.question) summary.focus();
    }

    function finish() {
      var total = tally.card + tally.question;
      summary.replaceChildren(
        el("h2", "", total ? "오늘의 복습을 마쳤습니다" : "지금 복습할 것이 없습니다"),
        el("p", "", total
          ? "면접 카드 " + tally.card + "번, 오답노트 " + tally.question + "번 채점했습니다." +
            (tally.out ? " 오답노트에서 " + tally.out + "문제를 뺐습니다(세 번 연속 정답)." : "")
          : "퀴즈에서 틀린 문제와 복습할 때가 된 면접 카드가 여기에 나옵니다.")
      );
      if (manifest.lessons.length) {
        var more = el("p", "", "새 면접 카드는 하루 " + NEW_PER_DAY + "장씩 나옵니다. 더 보려면 ");
        var a = el("a", "", "면접 플래시카드");
        a.href = new URL(manifest.lessons[manifest.lessons.length - 1].deck, location.href).href;
        more.append(a, " 페이지를 여세요.");
        summary.appendChild(more);
      }
      if (total) summary.focus();
    }

    root.addEventListener("click", function (event) {
      var target = event.target.closest("[data-rv-action]");
      if (!target) return;
      var action = target.getAttribute("data-rv-action");
      if (action === "next") {
        if (result === null) queue.splice(queue.indexOf(current), 1); /* an item that could not be loaded is skipped; a graded one is already off */
        render();
        return;
      }
      grade(Number(action.slice(-1)));
    });
    root.rvKey = function (event) {
      if (!/^[1-4]$/.test(event.key)) return;
      event.preventDefault();
      grade(Number(event.key));
    };
    start();
  }

  function setupAll() {
    store = window.studyCards;
    Array.prototype.forEach.call(document.querySelectorAll(".rv:not([data-rv-ready])"), setup);
  }
  if (window.studyCards) setupAll(); else document.addEventListener("study:cards", setupAll, { once: true });

  /* Grades 1-4 from the keyboard, anywhere but a text field; one listener for the whole visit. */
  if (!window.studykitReviewKeys) {
    window.studykitReviewKeys = true;
    document.addEventListener("keydown", function (event) {
      var root = document.querySelector(".rv[data-rv-ready]");
      if (!root || !root.rvKey || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.closest && event.target.closest("input[type=text], textarea, select, [contenteditable]")) return;
      root.rvKey(event);
    });
  }
})();
