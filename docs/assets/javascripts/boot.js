/* Runs in <head> on every page, before Material's bundle. Seven jobs:
 *
 * 1. Start-up changes made before the page has any content. When Material's bundle starts (at
 *    the end of <body>) it swaps the <html> classes no-js -> js, its focus-visible polyfill marks
 *    <html>, and instant navigation rewrites every relative href/src to an absolute URL, which
 *    makes the browser re-read each stylesheet. Each of those restyles every element of the page,
 *    about 100 ms on a phone for a long lesson. Made here, while <head> is parsed, there is no
 *    element to restyle yet (the head's stylesheets are read once more, a few milliseconds), and
 *    Material's own changes find nothing left to change.
 *
 * 2. Search on demand. Material starts its search worker and downloads the
 *    whole search index on every page load. Both wait here until the reader
 *    reaches for search (focus, hover or tap on it, or its keyboard shortcut),
 *    so a page that is only read costs neither.
 *
 * 3. Code blocks and tables that scroll sideways are reachable by keyboard from the start, and a
 *    diagram that scrolls sideways says so (a hint line, and its accessible name) only while it does.
 *    Material makes such a code block focusable when it sets the block up, and with
 *    `content.lazy` it sets a block up only when the block scrolls into view; a table's scroll
 *    wrapper it never makes focusable (a table of long commands scrolls on a phone).
 *
 * 4. Diagrams without a CDN, for the fallback only. Diagrams are normally drawn at build time
 *    (hooks/diagrams.py) and arrive as inline SVG: then nothing here loads Mermaid. Where a build
 *    had no Chromium, pages carry mkdocs-mermaid2's <pre class="mermaid"> blocks, and Material
 *    draws them with the global `mermaid`, fetching it from a CDN when that global is missing
 *    (after instant navigation too). This small stand-in is that global; the work is in
 *    mermaid-preload.mjs, imported from this site when a diagram is drawn.
 *
 * 5. The colour palette toggle in the header (system / light / dark), run by this site instead
 *    of by Material's bundle. Material's palette component re-applies the palette on every page
 *    load, after the whole page has been parsed: it marks <body> with data-md-color-switching
 *    (a rule that reaches every element), adds a color-scheme <meta> (the browser restyles the
 *    whole document for it, twice) and reads computed styles in between; on a long lesson page
 *    each of those is a whole-page style recalculation, about 100 ms on a phone (bench/README.md,
 *    "fifth pass"). Here the palette is applied while the header is parsed, before the content
 *    exists (the inline call after the form in overrides/partials/palette.html), and the
 *    switching work runs only when the reader changes the palette. The behaviour is Material
 *    9.8's: the same form (without data-md-component="palette", so that Material leaves it
 *    alone), the same storage ("__palette" through Material's __md_get/__md_set), the same body
 *    attributes, labels and color-scheme <meta>; Enter on the toggle moves to the next palette;
 *    "follow the system" follows a change of the system setting. Material's inline script that
 *    coloured <body> from the stored palette is left out (overrides/partials/javascripts/
 *    palette.html): the call after the form does that.
 *
 * 6. Tables far down the page are laid out once. site.css leaves them out of the first layout
 *    of a page opened by the browser (content-visibility: auto); Material then moves each table
 *    into its scroll wrapper, which for a table already laid out means styling and laying it out
 *    again. Once Material has set the page up (its document$), the skip ends here, so that the
 *    finished page is the same as without it.
 *
 * 7. Back and Forward land where the reader left a page. Material's instant navigation keeps each
 *    history entry's scroll offset (history.state) and scrolls to it when the reader comes back.
 *    Three of its steps miss. (a) It writes the offset 100 ms after each scroll (navigation.tracking
 *    writes the section 250 ms after) to the entry that is current by then: once Back or a link
 *    has changed the URL, that is the next page's entry, which gets the offset of the page still
 *    on screen (Back right after a page arrived on a busy machine, or a scroll while the next page
 *    loads: the reader lands at the top or wherever the old page was). Such a write is dropped
 *    here while the URL and the page on screen differ. (b) navigation.tracking writes {} with the
 *    section's URL, which replaces the offset: Forward after Back landed at the top. Here that
 *    write keeps the offset the entry has. (c) It scrolls to the offset before its components
 *    have set the page up; wrapping the tables above then makes each a few pixels taller, and what
 *    the reader left is no longer at that offset. Here the offset is applied again right after the
 *    set-up, in the same task (nothing is painted in between).
 *
 * 8. Edit pencils for contributors. On learners' pages the pencil (overrides/partials/actions.html)
 *    shows only when <html> carries data-studykit-editor (site.css). A reader turns that on with
 *    the switch on the contributors' guide (docs/contributing/index.md); the choice is stored like
 *    Material's own settings and applied here while <head> is parsed, so it costs no restyle.
 */
(function () {
  "use strict";
  /* 5. Palette toggle. First in the code, so that an error in another job cannot leave the
   * header without its toggle. */
  var AUTO = "(prefers-color-scheme)";
  var LIGHT = "(prefers-color-scheme: light)";
  var KEYS = ["media", "scheme", "primary", "accent"];

  function colorOf(input) {
    var color = {};
    KEYS.forEach(function (key) { color[key] = input.getAttribute("data-md-color-" + key); });
    return color;
  }

  /* Called by the inline script right after the palette form, while the header is parsed. */
  window.studykitPalette = function (form) {
    var inputs = [].slice.call(form.querySelectorAll("input[name=__palette]"));
    if (!inputs.length) return;
    var system = window.matchMedia(LIGHT);
    var meta = document.createElement("meta");
    meta.name = "color-scheme";
    document.head.appendChild(meta);

    var stored = null;
    try {
      stored = window.__md_get ? window.__md_get("__palette") : null;
    } catch (error) {
      /* Storage blocked or a damaged value: start from the system setting, as on a first visit. */
    }
    var current = stored && typeof stored.index === "number" ? stored.index : inputs.findIndex(function (input) {
      return window.matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    current = Math.max(0, Math.min(current, inputs.length - 1));

    function apply(index, switching) {
      var body = document.body;
      var color = colorOf(inputs[index]);
      if (color.media === AUTO) {
        var follow = form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (system.matches ? "light" : "dark") + ")']");
        if (follow) color = Object.assign(colorOf(follow), { media: AUTO });
      }
      /* Material's rule [data-md-color-switching] * stops transitions while the colours change. */
      if (switching) body.setAttribute("data-md-color-switching", "");
      KEYS.forEach(function (key) {
        var name = "data-md-color-" + key;
        if (color[key] !== null && body.getAttribute(name) !== color[key]) body.setAttribute(name, color[key]);
      });
      current = index;
      if (window.__md_set) window.__md_set("__palette", { index: index, color: color });
      var scheme = window.getComputedStyle(body).colorScheme;
      if (meta.content !== scheme) meta.content = scheme;
      if (switching) window.setTimeout(function () { body.removeAttribute("data-md-color-switching"); }, 0);
    }

    /* The toggle shows the label of the current palette (its "for" names the next one). */
    function showToggle() {
      inputs.forEach(function (input, position) {
        var label = input.nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = position !== current;
      });
    }

    apply(current, false);
    /* Shown once the page is parsed, as Material does: shown now, the toggle would be drawn
     * before the header's search button arrives and then move aside (a layout shift). */
    document.addEventListener("DOMContentLoaded", showToggle);
    form.addEventListener("change", function (event) {
      var index = inputs.indexOf(event.target);
      if (index >= 0) {
        apply(index, true);
        showToggle();
      }
    });
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var next = inputs[(current + 1) % inputs.length];
      next.click();
      next.focus();
    });
    function systemChanged() {
      if (colorOf(inputs[current]).media === AUTO) apply(current, true);
    }
    /* Safari before 14 has only the older addListener. */
    if (system.addEventListener) system.addEventListener("change", systemChanged);
    else system.addListener(systemChanged);
  };

  /* 1. Start-up changes. If Material's bundle fails to load, overrides/main.html puts "no-js"
   * back. Stylesheet URLs: the same test as Material 9.8's instant navigation (an href that
   * starts with a scheme or with // is left alone), which is off on file:// pages. Other links
   * and the scripts are left to Material: changing them restyles nothing. */
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js", "js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
  if (location.protocol !== "file:") {
    var sheets = document.head.querySelectorAll("link[rel~=stylesheet][href]");
    for (var i = 0; i < sheets.length; i++) {
      var value = sheets[i].getAttribute("href");
      if (value && !/^(?:[a-z]+:)?\/\//i.test(value)) sheets[i].href = sheets[i].href;
    }
  }

  /* 3. Scrollable code blocks and tables. One ResizeObserver reads every box's size after layout
   * (no forced layout per box) and applies Material's rule: focusable when the box scrolls
   * sideways and the pointer can hover (on touch screens a box scrolls by touch). A build-time
   * diagram's box (hooks/diagrams.py, named "그림: <its title>") says it scrolls only while it
   * does: data-sk-scrolls for site.css's hint line, and the words at the end of its name. */
  var canHover = window.matchMedia("(hover)");
  var SCROLLS = " (옆으로 밀어 볼 수 있음)";
  function markDiagram(box, scrolls) {
    var name = box.getAttribute("aria-label") || "";
    if (name.slice(-SCROLLS.length) === SCROLLS) name = name.slice(0, -SCROLLS.length);
    box.setAttribute("aria-label", scrolls ? name + SCROLLS : name);
    box.toggleAttribute("data-sk-scrolls", scrolls);
  }
  var codeSizes = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target, scrolls = box.scrollWidth > box.clientWidth;
      if (box.classList.contains("studykit-diagram")) markDiagram(box, scrolls);
      else if (canHover.matches && scrolls) box.setAttribute("tabindex", "0");
    });
  }) : null;
  function watchCodeBlocks() {
    if (!codeSizes) return;
    codeSizes.disconnect();
    document.querySelectorAll(".md-content pre > code, .md-content .md-typeset__scrollwrap, .md-content .studykit-diagram")
      .forEach(function (box) { codeSizes.observe(box); });
  }
  /* Work for every page: Material's document$ emits for this page (after Material has set it up)
   * and again after every instant navigation. */
  function onEveryPage(work) {
    document.addEventListener("DOMContentLoaded", function () {
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(work);
      else work();
    });
  }
  onEveryPage(watchCodeBlocks);

  /* 6. Tables skipped in the first layout, laid out for good once Material has moved them. The
   * attribute on <html> ends the skip for this page and for every page reached by instant
   * navigation (Material scrolls those before this runs, so their tables must be at full height
   * from the start). Only the rule in site.css reads it: the holders are restyled, nothing else. */
  onEveryPage(function () {
    if (!root.hasAttribute("data-studykit-tables")) root.setAttribute("data-studykit-tables", "");
  });

  /* 7. Back and Forward: the page on screen is `shown`; its offset is not written on another
   * page's history entry, and a page returned to gets its offset once Material has set it up. */
  var shown = location.pathname;
  var returning = false;
  window.addEventListener("popstate", function () {
    returning = returning || location.pathname !== shown;
  });
  onEveryPage(function () {
    var left = history.state;
    shown = location.pathname;
    if (returning && left && typeof left.y === "number") window.scrollTo(left.x || 0, left.y);
    returning = false;
  });
  var replaceState = history.replaceState;
  history.replaceState = function (state, title, url) {
    if (location.pathname !== shown) return undefined;
    var kept = history.state;
    /* navigation.tracking writes {} with the section's URL: keep the offset already there. */
    if (state && typeof state.y !== "number" && kept && typeof kept.y === "number") state = kept;
    return replaceState.call(history, state, title, url);
  };

  /* 8. Edit pencils: the reader's choice, and the switch that changes it. */
  var EDITOR = "__studykit_editor";
  try {
    if (window.__md_get && window.__md_get(EDITOR) === true) root.setAttribute("data-studykit-editor", "");
  } catch (error) {
    /* Storage blocked or a damaged value: pencils stay as on a first visit. */
  }
  var EDITOR_SWITCH = "input[data-studykit-editor-switch]";
  onEveryPage(function () {
    document.querySelectorAll(EDITOR_SWITCH).forEach(function (box) {
      box.checked = root.hasAttribute("data-studykit-editor");
    });
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches(EDITOR_SWITCH)) return;
    if (box.checked) root.setAttribute("data-studykit-editor", "");
    else root.removeAttribute("data-studykit-editor");
    if (window.__md_set) window.__md_set(EDITOR, box.checked);
  });

  /* 2. Search */
  var release;
  var wanted = new Promise(function (resolve) { release = resolve; });
  var SEARCH_UI = ".md-search, label[for='__search']";
  function reach(event) {
    var target = event.target;
    var shortcut = event.type === "keydown" && /^[fs/]$/.test(event.key) &&
      !(target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)));
    if (shortcut || (target && target.closest && target.closest(SEARCH_UI))) {
      release();
      ["focusin", "pointerover", "pointerdown", "keydown"].forEach(function (type) {
        document.removeEventListener(type, reach, true);
      });
    }
  }
  if (/[?&][qh]=/.test(location.search)) {
    release();
  } else {
    ["focusin", "pointerover", "pointerdown", "keydown"].forEach(function (type) {
      document.addEventListener(type, reach, true);
    });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.studykitDeferred = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.studykitDeferred) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };

  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^/]*\.js$/.test(String(url))) return new RealWorker(url, options);
    var proxy = new EventTarget();
    var queue = [];
    var real = null;
    proxy.postMessage = function (message) {
      if (real) real.postMessage(message);
      else queue.push(message);
    };
    proxy.terminate = function () {
      if (real) real.terminate();
      queue = [];
    };
    wanted.then(function () {
      real = new RealWorker(url, options);
      ["message", "messageerror", "error"].forEach(function (type) {
        real.addEventListener(type, function (event) {
          proxy.dispatchEvent(type === "error" ? new ErrorEvent("error", event) : new MessageEvent(type, { data: event.data }));
        });
      });
      queue.forEach(function (message) { real.postMessage(message); });
      queue = [];
    });
    return proxy;
  };
  window.Worker.prototype = RealWorker.prototype;

  /* 4. Diagrams (fallback) */
  var diagrams = new URL("mermaid-preload.mjs", document.currentScript.src).href;
  var settings = {};
  window.mermaid = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return import(diagrams).then(function (module) { return module.draw(settings, id, text); });
    }
  };
})();
