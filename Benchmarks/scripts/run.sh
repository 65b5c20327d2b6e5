#!/usr/bin/env bash
# Parse benchmark: FeedParse (release) vs xmllint --stream --noout (the libxml2 floor), Python feedparser
# and feedparser-rs, interleaved in one run over generated RSS and Atom feeds of three sizes.
# Usage: bash Benchmarks/scripts/run.sh [ROUNDS]   -> Benchmarks/results/<date>-<host>.md
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
command -v xmllint >/dev/null || { echo "needs xmllint (apt-get install libxml2-utils)" >&2; exit 1; }
python3 -c 'import feedparser, feedparser_rs' 2>/dev/null || python3 -m pip install -q feedparser feedparser-rs
swift build -c release --product feedhub >/dev/null
python3 Benchmarks/scripts/generate.py Benchmarks/data >/dev/null
python3 Benchmarks/scripts/compare_peers.py --rounds "$rounds" --feedhub .build/release/feedhub --data Benchmarks/data \
  --out "Benchmarks/results/$(date +%Y-%m-%d)-$(hostname -s).md"
