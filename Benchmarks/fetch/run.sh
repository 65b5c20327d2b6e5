#!/usr/bin/env bash
# Fetch benchmark (release build): bash Benchmarks/fetch/run.sh [ROUNDS] -> Benchmarks/results/<date>-<host>-fetch.md
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import feedparser' 2>/dev/null || python3 -m pip install -q feedparser
swift build -c release --product feedhub >/dev/null
python3 Benchmarks/fetch/compare_fetch.py --feedhub .build/release/feedhub --rounds "${1:-3}" \
  --out "Benchmarks/results/$(date +%Y-%m-%d)-$(hostname -s)-fetch.md"
