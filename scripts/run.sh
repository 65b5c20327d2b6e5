#!/usr/bin/env bash
# The main job: build feedhub, fetch every source of feeds.yml once (as cron would), list the stories.
# Offline: bash scripts/run.sh --config examples/offline.yml
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
swift build -c release --product feedhub
config=(--config feeds.yml)
[ "$#" -gt 0 ] && config=("$@")
.build/release/feedhub fetch "${config[@]}"
.build/release/feedhub items list "${config[@]}" --status published
