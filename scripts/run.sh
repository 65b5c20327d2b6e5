#!/usr/bin/env bash
# The main job: build feedhub and start the daemon on feeds.yml — it fetches every source every
# fetch.interval and serves the feeds and the page on server.listen (it prints where to subscribe).
# Offline: bash scripts/run.sh --config examples/offline.yml      Stop: Ctrl-C (SIGINT) or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
swift build -c release --product feedhub
config=(--config feeds.yml)
[ "$#" -gt 0 ] && config=("$@")
exec .build/release/feedhub run "${config[@]}"
