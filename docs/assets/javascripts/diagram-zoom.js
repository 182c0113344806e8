/* 크게 보기 for build-time diagrams (hooks/diagrams.py): a button under each diagram opens it in a
 * full-screen dialog at a size where its labels read: the whole drawing, enlarged up to twice, where
 * the screen holds it; else its own size (labels 12 px or more), to be moved by finger, mouse or keys
 * (a line says so). 축소/확대 (and + / −) go down to the whole drawing and up to 3x. Escape, 닫기 and
 * the browser's Back close it, and focus returns to the button. The drawing itself moves into the dialog and back (no copy: ids stay
 * unique); its box keeps its height meanwhile, so the page behind does not move.
 * Loaded only on pages with a diagram; instant navigation runs it again on each of them. */
(function () {
  "use strict";
  var STEP = 1.25;
  var MAX = 3;
  var state = window.__studykitZoom || (window.__studykitZoom = { open: null, popping: false, next: null });

  /* Back closes the dialog instead of leaving the page. The listener runs before Material's own
   * (capture on window), and the Back that only closes the dialog goes no further: neither Material
   * nor the browser moves the page (the browser restores a place after popstate unless the entry
   * says "manual"; the entry's own setting comes back a task later). */
  if (!state.listening) {
    state.listening = true;
    window.addEventListener("popstate", function (event) {
      if (!state.popping && !state.open) return;
      event.stopImmediatePropagation();
      var mode = history.scrollRestoration;
      history.scrollRestoration = "manual";
      setTimeout(function () { history.scrollRestoration = mode; }, 0);
      if (state.open) {
        state.open(true);
      } else {
        state.popping = false;
        var next = state.next;
        state.next = null;
        if (next) next();
      }
    }, true);
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function button(cls, text, name) {
    var b = el("button", cls, text);
    b.type = "button";
    if (name) b.setAttribute("aria-label", name);
    return b;
  }

  /* The drawing's own width and height (its viewBox), which the build sized so labels read. */
  function natural(svg) {
    var box = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
    return box.length === 4 && box[2] > 0 && box[3] > 0 ? { w: box[2], h: box[3] } : { w: svg.clientWidth || 600, h: svg.clientHeight || 400 };
  }

  /* The drawing's own title (its accTitle, which also names the box "그림: <title>"). */
  function title(box) {
    var own = box.querySelector(":scope > svg > title");
    return (own && own.textContent.trim().replace(/\s+/g, " ")) || "그림";
  }

  function open(box, opener) {
    if (state.open) return;
    /* The entry of the last dialog is still on its way out (history.back() is not instant): open after it. */
    if (state.popping) {
      state.next = function () { open(box, opener); };
      return;
    }
    var svgs = Array.prototype.slice.call(box.querySelectorAll(":scope > svg"));
    if (!svgs.length) return;
    var styles = svgs.map(function (svg) { return svg.getAttribute("style"); });
    var size = natural(svgs[0]);
    var name = title(box);
    /* The entry Back removes, added before the page changes at all. The entry it leaves gets the page's
     * place first, as Material's own links do: Material writes it only 100 ms after a scroll. */
    var here = {};
    var current = history.state;
    if (current && typeof current === "object") Object.keys(current).forEach(function (key) { here[key] = current[key]; });
    here.x = window.scrollX;
    here.y = window.scrollY;
    history.replaceState(here, "");
    history.pushState(here, "");

    var dialog = el("dialog", "sk-zoom");
    dialog.setAttribute("aria-label", "그림 크게 보기: " + name);
    var bar = dialog.appendChild(el("div", "sk-zoom-bar"));
    bar.appendChild(el("p", "sk-zoom-title", name));
    var out = bar.appendChild(button("sk-zoom-btn", "−", "축소"));
    var level = bar.appendChild(el("output", "sk-zoom-level"));
    var into = bar.appendChild(button("sk-zoom-btn", "+", "확대"));
    var close = bar.appendChild(button("sk-zoom-btn sk-zoom-close", "닫기"));
    var hint = dialog.appendChild(el("p", "sk-zoom-hint", "끌거나 방향키로 움직입니다. −를 누르면 그림 전체가 보입니다."));
    var view = dialog.appendChild(el("div", "sk-zoom-view"));
    view.tabIndex = 0;
    view.setAttribute("role", "group");
    view.setAttribute("aria-label", "그림: " + name + " (방향키로 움직이고 +, −로 크기를 바꿉니다)");
    level.setAttribute("aria-live", "polite");

    box.style.height = box.offsetHeight + "px";
    svgs.forEach(function (svg) { view.appendChild(svg); });
    document.body.appendChild(dialog);
    dialog.showModal();

    /* The whole drawing where the screen holds it at its own size or more (at most twice); else its own
     * size, never less (labels stay 12 px or more). 축소 goes down to the whole drawing on screen. */
    var fit = Math.min((view.clientWidth - 16) / size.w, (view.clientHeight - 16) / size.h);
    var start = Math.max(1, Math.min(2, fit));
    var least = Math.min(1, fit);
    var scale = 0;
    /* A button at its limit says so (aria-disabled) but keeps the focus: a disabled one would drop it
     * out of the dialog. */
    function limit(b, reached) {
      if (reached) b.setAttribute("aria-disabled", "true"); else b.removeAttribute("aria-disabled");
    }
    function zoom(to, keepCentre) {
      var before = scale;
      scale = Math.max(least, Math.min(MAX, to));
      var cx = view.scrollLeft + view.clientWidth / 2, cy = view.scrollTop + view.clientHeight / 2;
      svgs.forEach(function (svg) {
        svg.style.cssText = "width:" + Math.round(size.w * scale) + "px;max-width:none;min-width:0;height:auto";
      });
      level.textContent = "배율 " + Math.round(scale * 100) + "%";
      limit(out, scale <= least + 1e-6);
      limit(into, scale >= MAX - 1e-6);
      hint.hidden = view.scrollWidth <= view.clientWidth + 1 && view.scrollHeight <= view.clientHeight + 1;
      if (keepCentre && before) {
        view.scrollLeft = cx * scale / before - view.clientWidth / 2;
        view.scrollTop = cy * scale / before - view.clientHeight / 2;
      }
    }
    zoom(start, false);
    out.onclick = function () { zoom(scale / STEP, true); };
    into.onclick = function () { zoom(scale * STEP, true); };
    close.onclick = function () { dialog.close(); };
    /* How far a key that scrolls moves the drawing ([x, y] px), or undefined. Space does so only on the
     * drawing itself: on a button it presses the button. */
    function step(event) {
      var page = 0.9 * view.clientHeight, all = view.scrollHeight;
      var key = event.key === " " && event.target === view ? (event.shiftKey ? "PageUp" : "PageDown") : event.key;
      return { ArrowUp: [0, -40], ArrowDown: [0, 40], ArrowLeft: [-40, 0], ArrowRight: [40, 0],
               PageUp: [0, -page], PageDown: [0, page], Home: [0, -all], End: [0, all] }[key];
    }
    /* Keys stay in the dialog: Material's own shortcuts (n, p, s, ...) would navigate behind it, and keys
     * that scroll move the drawing wherever the focus is in the dialog (on a button they scrolled the page). */
    dialog.addEventListener("keydown", function (event) {
      event.stopPropagation();
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var move = step(event);
      if (event.key === "+" || event.key === "=") zoom(scale * STEP, true);
      else if (event.key === "-" || event.key === "_") zoom(scale / STEP, true);
      else if (move) view.scrollBy(move[0], move[1]);
      else return;
      event.preventDefault();
    });
    /* A mouse drags the drawing, as a finger does (it selected the labels' text). */
    view.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse" || event.button !== 0) return;
      var x = event.clientX, y = event.clientY;
      view.setPointerCapture(event.pointerId);
      view.classList.add("sk-dragging");
      function drag(e) { view.scrollBy(x - e.clientX, y - e.clientY); x = e.clientX; y = e.clientY; }
      function drop() {
        view.classList.remove("sk-dragging");
        view.removeEventListener("pointermove", drag);
        view.removeEventListener("pointerup", drop);
        view.removeEventListener("pointercancel", drop);
      }
      view.addEventListener("pointermove", drag);
      view.addEventListener("pointerup", drop);
      view.addEventListener("pointercancel", drop);
      event.preventDefault();
    });

    /* Closed by Back (fromHistory) or by the dialog (Escape, 닫기): then the entry it added goes. */
    var done = false;
    function finish(fromHistory) {
      if (done) return;
      done = true;
      state.open = null;
      if (dialog.open) dialog.close();
      svgs.forEach(function (svg, i) {
        if (styles[i] === null) svg.removeAttribute("style"); else svg.setAttribute("style", styles[i]);
        box.appendChild(svg);
      });
      box.style.height = "";
      dialog.remove();
      if (!fromHistory) {
        state.popping = true;
        history.back();
      }
      opener.focus({ preventScroll: true });
    }
    dialog.addEventListener("close", function () { finish(false); });
    state.open = finish;
    view.focus();
  }

  function setup(box) {
    if (box.hasAttribute("data-sk-zoom")) return;
    box.setAttribute("data-sk-zoom", "");
    var opener = button("sk-zoom-open", "⤢ 크게 보기", "그림 크게 보기: " + title(box));
    opener.onclick = function () { open(box, opener); };
    box.after(opener);
  }

  document.querySelectorAll(".md-content .studykit-diagram").forEach(setup);
})();
