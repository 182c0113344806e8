#!/usr/bin/env bash
# Re-vendor ts-fsrs (FSRS scheduler) from the npm registry into docs/assets/vendor/ts-fsrs:
# the functions the flashcards use, bundled and minified by esbuild into one classic script
# that defines window.FSRS. Then records reference intervals computed by the original
# package (tests/learning/fixtures/flashcards/fsrs-reference.json) for the scheduling test.
set -euo pipefail
version="${1:?usage: scripts/vendor-ts-fsrs.sh VERSION}"
esbuild_version="0.28.2"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/docs/assets/vendor/ts-fsrs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "ts-fsrs@$version" --silent >/dev/null && tar xzf "ts-fsrs-$version.tgz")
(cd "$work" && npm install --silent --no-save --no-audit --no-fund "esbuild@$esbuild_version" >/dev/null)
cat > "$work/entry.mjs" <<'JS'
export { createEmptyCard, fsrs, generatorParameters, Rating, State } from "./package/dist/index.mjs";
JS
mkdir -p "$dest"
"$work/node_modules/.bin/esbuild" "$work/entry.mjs" --bundle --minify --format=iife --global-name=FSRS \
  --legal-comments=none --banner:js="/*! ts-fsrs $version | MIT License | Copyright (c) Open Spaced Repetition | see LICENSE */" \
  --outfile="$dest/ts-fsrs.min.js" --log-level=error
cp "$work/package/LICENSE" "$dest/LICENSE"
sed -i.bak "s/^- Version: .*/- Version: $version/" "$dest/README.md" && rm -f "$dest/README.md.bak"
node "$root/scripts/fsrs-reference.cjs" "$work/package/dist/index.cjs" "ts-fsrs@$version (npm, dist/index.cjs)" \
  > "$root/tests/learning/fixtures/flashcards/fsrs-reference.json"
echo "ts-fsrs $version vendored into $dest"
