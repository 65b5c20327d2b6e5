#!/usr/bin/env bash
# The main job, for now: build feedhub and parse the bundled sample feed (written from the seeds).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
swift build -c release --product feedhub
.build/release/feedhub parse examples/aif-sample.rss "$@"
