// Loaded by mkdocs-mermaid2 on pages that have a diagram: starts fetching the
// vendored Mermaid early and stops it from rendering by itself (Material renders).
import mermaid from "../vendor/mermaid/mermaid.esm.min.mjs";

mermaid.initialize({ startOnLoad: false });
export default mermaid;
