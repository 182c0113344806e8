/* Diagrams drawn by the reader's browser, without a CDN: the fallback only. Diagrams are normally
 * drawn at build time (hooks/diagrams.py) and arrive as inline SVG; then no page loads this file.
 * Where a build had no Chromium, hooks/diagrams.py puts mermaid2's <pre class="mermaid"> blocks
 * in the page together with this script (before Material's bundle). Material draws them with the
 * global `mermaid` and would fetch it from a CDN if that global were missing: this stand-in
 * defines it and imports the vendored ES-module build from this site when a diagram is drawn.
 */
(function () {
  "use strict";
  var here = document.currentScript.src;
  var diagramModule = new URL("../vendor/mermaid/mermaid.esm.min.mjs", here).href;
  var settings = {};
  var loading = null;
  function loadDiagrams() {
    if (!loading) {
      loading = import(diagramModule).then(function (module) {
        module.default.initialize(settings);
        return module.default;
      });
    }
    return loading;
  }
  /* On a phone, a diagram shrunk to the screen width is unreadable: keep it at
   * least 560px (or its natural width, if smaller) and let its box scroll. */
  function readableOnPhones(result) {
    result.svg = result.svg.replace(/style="max-width: ([\d.]+)px;/, function (all, width) {
      return all + " min-width: " + Math.min(Number(width), 560) + "px;";
    });
    return result;
  }
  window.mermaid = {
    initialize: function (options) {
      settings = Object.assign({}, options, { startOnLoad: false });
    },
    render: function (id, text) {
      return loadDiagrams().then(function (real) { return real.render(id, text); }).then(readableOnPhones);
    }
  };
  /* A diagram box that scrolls must be reachable by keyboard. The observer sees every change
   * while the page is parsed and set up: a page without a client-drawn diagram (the live
   * collection is empty) returns at once instead of searching the whole document each time. */
  var drawnByReader = document.getElementsByClassName("mermaid");
  new MutationObserver(function () {
    if (!drawnByReader.length) return;
    var boxes = document.querySelectorAll("div.mermaid:not([tabindex])");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "group");
      boxes[i].setAttribute("aria-label", "다이어그램 (좌우로 스크롤할 수 있음)");
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
