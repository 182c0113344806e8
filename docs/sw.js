/* Offline copy of the whole site (registered by assets/javascripts/offline.js, scope: the site folder).
 * hooks/offline.py writes the build's version into VERSION and the list of every file to keep
 * into offline-files.json (both generated from the built site). Each version has its own cache;
 * a new version waits until the reader presses 새로고침 (or every tab is closed), then takes
 * over and deletes the older caches. Only this origin's GET requests are ever answered or stored. */
"use strict";
var VERSION = "__OFFLINE_VERSION__";
var PREFIX = "offline:" + self.registration.scope + ":";
var CACHE = PREFIX + VERSION;

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch("offline-files.json?v=" + VERSION, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("offline-files.json: " + response.status);
        return response.json();
      })
      .then(function (list) {
        return caches.open(CACHE).then(function (cache) {
          return cache.addAll(list.files.map(function (path) { return new Request(path, { cache: "no-cache" }); }));
        });
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(self.registration.scope) !== 0) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(request.url, { ignoreSearch: true, ignoreVary: true }).then(function (hit) {
        return hit || fetch(request).catch(function (error) {
          if (request.mode !== "navigate") throw error;
          return cache.match("404.html").then(function (page) { if (page) return page; throw error; });
        });
      });
    })
  );
});
