#!/usr/bin/env bash
# Re-vendor mermaid's ES-module build from the npm registry into docs/assets/vendor/mermaid.
set -euo pipefail
version="${1:?usage: scripts/vendor-mermaid.sh VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/docs/assets/vendor/mermaid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "mermaid@$version" --silent >/dev/null && tar xzf "mermaid-$version.tgz")
rm -rf "$dest/chunks" "$dest/mermaid.esm.min.mjs"
mkdir -p "$dest/chunks/mermaid.esm.min"
cp "$work/package/dist/mermaid.esm.min.mjs" "$dest/"
cp "$work/package/dist/chunks/mermaid.esm.min/"*.mjs "$dest/chunks/mermaid.esm.min/"
cp "$work/package/LICENSE" "$dest/LICENSE"
sed -i.bak "s/^- Version: .*/- Version: $version/" "$dest/README.md" && rm -f "$dest/README.md.bak"
echo "mermaid $version vendored into $dest"
