/* Offline and installable: registers the site's service worker (sw.js at the site folder, see
 * hooks/offline.py) and, when a new deployment has been downloaded, shows
 * "새 내용이 있습니다 · 새로고침"; pressing it switches to the new version and reloads.
 * Where service workers are unavailable (file://, some private modes) it does nothing. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !/^https?:$/.test(location.protocol)) return;
  var root = new URL("../../", document.currentScript.src);
  var reloading = false;

  function notice(worker) {
    if (document.querySelector(".offline-notice")) return;
    var bar = document.createElement("div");
    bar.className = "offline-notice";
    bar.setAttribute("role", "status");
    bar.style.cssText = "position:fixed;z-index:10;left:50%;bottom:1rem;transform:translateX(-50%);" +
      "padding:.5rem 1rem;border-radius:.2rem;box-shadow:var(--md-shadow-z2);" +
      "background:var(--md-primary-fg-color);color:var(--md-primary-bg-color);font-size:.8rem";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "새로고침";
    button.style.cssText = "margin-left:.3rem;color:inherit;font:inherit;font-weight:700;text-decoration:underline;cursor:pointer";
    button.addEventListener("click", function () { worker.postMessage("skip-waiting"); });
    bar.append("새 내용이 있습니다 · ", button);
    document.body.appendChild(bar);
  }

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) notice(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) notice(worker);
      });
    });
  }

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading || !document.querySelector(".offline-notice")) return;
    reloading = true;
    location.reload();
  });
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname }).then(function (registration) {
      if (registration) watch(registration);
    }, function () {
      /* No worker (blocked, private mode): the site simply works online. */
    });
  }
  /* The first registration downloads the whole site for offline use: wait until the page has
   * loaded and the browser is idle, so that download never competes with the page being read. */
  window.addEventListener("load", function () {
    if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 5000 });
    else window.setTimeout(register, 2000);
  });
})();
