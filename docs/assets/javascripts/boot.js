/* Runs in <head> on every page, before Material's bundle. Four jobs:
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
 * 3. Code blocks that scroll sideways are reachable by keyboard from the start. Material
 *    makes such a block focusable when it sets the block up, and with `content.lazy` it sets
 *    a block up only when the block scrolls into view.
 *
 * 4. Diagrams without a CDN, for the fallback only. Diagrams are normally drawn at build time
 *    (hooks/diagrams.py) and arrive as inline SVG: then nothing here loads Mermaid. Where a build
 *    had no Chromium, pages carry mkdocs-mermaid2's <pre class="mermaid"> blocks, and Material
 *    draws them with the global `mermaid`, fetching it from a CDN when that global is missing
 *    (after instant navigation too). This small stand-in is that global; the work is in
 *    mermaid-preload.mjs, imported from this site when a diagram is drawn.
 */
(function () {
  "use strict";
  var diagrams = new URL("mermaid-preload.mjs", document.currentScript.src).href;

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

  /* 3. Scrollable code blocks. One ResizeObserver reads every block's size after layout (no
   * forced layout per block) and applies Material's rule: focusable when the block scrolls
   * sideways and the pointer can hover (on touch screens a block scrolls by touch). */
  var canHover = window.matchMedia("(hover)");
  var codeSizes = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var code = entry.target;
      if (canHover.matches && code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
    });
  }) : null;
  function watchCodeBlocks() {
    if (!codeSizes) return;
    codeSizes.disconnect();
    document.querySelectorAll(".md-content pre > code").forEach(function (code) { codeSizes.observe(code); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    /* Material's document$ emits for this page and again after every instant navigation. */
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(watchCodeBlocks);
    else watchCodeBlocks();
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
  var settings = {};
  window.mermaid = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return import(diagrams).then(function (module) { return module.draw(settings, id, text); });
    }
  };
})();
