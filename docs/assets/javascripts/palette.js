/* The colour palette toggle in the header (system / light / dark), run by this site instead of by
 * Material's bundle.
 *
 * Why: Material's palette component re-applies the palette on every page load, after the whole
 * page has been parsed. It marks <body> with data-md-color-switching (a rule that reaches every
 * element), adds a color-scheme <meta> (the browser restyles the whole document for it, twice)
 * and reads computed styles in between. On a long lesson page each of those is a whole-page
 * style recalculation, about 100 ms on a phone (bench/README.md, "fifth pass"). Here the palette
 * is applied while the header is parsed, before the content exists, and the switching work runs
 * only when the reader changes the palette.
 *
 * The behaviour is Material 9.8's: the same form (overrides/partials/palette.html, without
 * data-md-component="palette" so that Material leaves it alone), the same storage ("__palette"
 * through Material's __md_get/__md_set), the same body attributes, labels and color-scheme
 * <meta>; Enter on the toggle moves to the next palette; "follow the system" follows a change of
 * the system setting. Material's inline script that coloured <body> from the stored palette is
 * left out (overrides/partials/javascripts/palette.html): the call after the form does that.
 */
(function () {
  "use strict";
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
})();
