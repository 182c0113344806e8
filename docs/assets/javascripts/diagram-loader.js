/* Material renders diagrams with the global `mermaid` and fetches it from a CDN
 * when that global is missing (also after instant navigation from a page
 * without diagrams). This stand-in defines the global on every page and imports
 * the vendored ES-module build from this site only when a diagram is rendered.
 * Kept in a file (not inline) so that pages without diagrams carry no
 * "mermaid" text and mkdocs-mermaid2 does not re-parse them at build time. */
(function () {
  var src = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  var settings = {};
  var loading = null;
  function load() {
    if (!loading) {
      loading = import(src).then(function (module) {
        module.default.initialize(settings);
        return module.default;
      });
    }
    return loading;
  }
  window.mermaid = {
    initialize: function (options) {
      settings = Object.assign({}, options, { startOnLoad: false });
    },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };
})();
