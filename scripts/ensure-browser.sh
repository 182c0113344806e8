#!/usr/bin/env bash
# Make sure a Chromium that Playwright can drive is on this machine.
# Debian/Ubuntu: the distribution's chromium (+ Korean fonts for screenshots).
# macOS and others: Playwright's own Chromium download.
set -euo pipefail
bin="${1:-.venv/bin}"

# Two Korean fonts: diagrams are drawn at build time with one and the font test
# (tests/site/test_diagrams_browser.py) views them with the other.
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}
if command -v apt-get >/dev/null 2>&1 && command -v fc-list >/dev/null 2>&1; then
  missing=()
  # Read the list once: `fc-list | grep -q` fails under pipefail when grep stops early (fc-list gets SIGPIPE),
  # which reported installed fonts as missing and ran apt-get on every `make test`.
  fonts="$(fc-list)"
  grep -q "Noto Sans CJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
  grep -q "NanumGothic" <<<"$fonts" || missing+=(fonts-nanum)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "한국어 글꼴을 apt-get으로 설치합니다: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "CHROMIUM_PATH=$CHROMIUM_PATH 이(가) 실행 파일이 아닙니다." >&2; exit 1; }
  exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then exit 0; fi
done

if command -v apt-get >/dev/null 2>&1; then
  echo "Chromium이 없어 apt-get으로 설치합니다 (chromium, fonts-noto-cjk, fonts-nanum)."
  apt_install chromium fonts-noto-cjk fonts-nanum
  if [ ! -x /usr/bin/chromium ]; then
    echo "apt-get으로 chromium을 설치했지만 /usr/bin/chromium이 없습니다. CHROMIUM_PATH를 지정하세요." >&2
    exit 1
  fi
  exit 0
fi

echo "시스템 Chromium이 없어 Playwright의 Chromium을 내려받습니다."
"$bin/playwright" install chromium
