#!/usr/bin/env bash
# Installs the system packages FeedHub needs to build and test, when they are missing.
# Safe to run repeatedly; uses sudo when not root.
set -euo pipefail

packages=(libxml2-dev libcurl4-openssl-dev libsqlite3-dev pkg-config python3 python3-pip)
# The tests read the published feeds as users' tools do: jing (RFC 4287 schema) and newsboat (a feed reader);
# headless Chromium, driven by node over the DevTools protocol, uses the editors' page.
[ "${FEEDHUB_TEST_TOOLS:-0}" = 1 ] && packages+=(libxml2-utils jing newsboat chromium nodejs)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pip_packages=(feedparser)
[ "${FEEDHUB_TEST_TOOLS:-0}" = 1 ] && pip_packages+=(feedparser-rs)
for p in "${pip_packages[@]}"; do
  if ! python3 -c "import ${p//-/_}" >/dev/null 2>&1; then
    python3 -m pip install -q "$p" 2>/dev/null || python3 -m pip install -q --break-system-packages "$p"
  fi
done
