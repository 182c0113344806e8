// Fallback only: diagrams the reader's browser draws (a build without Chromium, or a diagram with
// a syntax error under `mkdocs serve`). boot.js's small `mermaid` stand-in imports this module when
// Material draws the first such diagram; hooks/diagrams.py also loads it early on pages whose
// diagrams are all drawn this way. Mermaid comes from this site, never from a CDN.
import mermaid from "../vendor/mermaid/mermaid.esm.min.mjs";

mermaid.initialize({ startOnLoad: false });
let initialized = null;

/* On a phone, a diagram shrunk to the screen width is unreadable: keep it at least 560px (or its
 * natural width, if smaller) and let its box scroll. */
function readableOnPhones(result) {
  result.svg = result.svg.replace(/style="max-width: ([\d.]+)px;/, (all, width) =>
    `${all} min-width: ${Math.min(Number(width), 560)}px;`);
  return result;
}

/* Material's settings (theme, fonts) as it passed them to the stand-in, then the drawing. */
export function draw(settings, id, text) {
  if (initialized !== settings) {
    mermaid.initialize({ ...settings, startOnLoad: false });
    initialized = settings;
  }
  return mermaid.render(id, text).then(readableOnPhones);
}

/* A diagram box that scrolls must be reachable by keyboard: Material inserts each drawn diagram
 * as a div.mermaid; this names it and puts it in the tab order. Its title is in Material's closed
 * shadow root, out of reach here, and whether it scrolls depends on the screen: just "그림". */
const drawnByReader = document.getElementsByClassName("mermaid");
new MutationObserver(() => {
  if (!drawnByReader.length) return;
  for (const box of document.querySelectorAll("div.mermaid:not([tabindex])")) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "그림");
  }
}).observe(document.documentElement, { childList: true, subtree: true });

export default mermaid;
