#!/usr/bin/env bash
# Builds the libFuzzer target for FeedParse and runs it for SECONDS (default 60) on the fixture and
# conformance corpora. A crash, leak-free timeout or hang fails the run; findings land in Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
(cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address --product FeedParseFuzzer)
bin=Fuzz/.build/release/FeedParseFuzzer
corpus=$(mktemp -d)
cp -r Tests/Fixtures/. "$corpus/" 2>/dev/null || true
find ../shared/conformance/feeds -type f -size -200k -exec cp {} "$corpus/" \; 2>/dev/null || true
mkdir -p Fuzz/crashes
"$bin" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 > Fuzz/last-run.log 2>&1 || {
  status=$?
  grep -v '^"' Fuzz/last-run.log | grep -A60 -m1 -E "ERROR|Fatal|fatal|leak" >&2 || tail -60 Fuzz/last-run.log >&2
  exit "$status"
}
tail -6 Fuzz/last-run.log
