// Fallback only: hooks/diagrams.py adds this module to pages whose diagrams the
// reader's browser draws (no Chromium at build time). It starts fetching the
// vendored Mermaid early and stops it from rendering by itself (Material renders).
import mermaid from "../vendor/mermaid/mermaid.esm.min.mjs";

mermaid.initialize({ startOnLoad: false });
export default mermaid;
