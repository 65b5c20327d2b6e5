#!/usr/bin/env bash
# Scores the release parser on ../shared/conformance: at least 97% of files and 98% on every field.
set -euo pipefail
cd "$(dirname "$0")/.."
conf=../shared/conformance
out=$(mktemp)
python3 "$conf/compare.py" \
  --parser ".build/release/feedhub parse --json --url {url} {file}" \
  --corpus "$conf/feeds" --expected "$conf/expected" \
  --max-fail-rate 0.03 --jobs 4 --report "${CONFORMANCE_REPORT:-/tmp/feedhub-conformance.json}" | tee "$out"
status=${PIPESTATUS[0]}
python3 - "$out" <<'PY'
import re, sys
bad = []
for line in open(sys.argv[1]):
    m = re.match(r"^(\S+)\s+(\d+)\s+(\d+)\s+([\d.]+)%$", line.strip())
    if m and m.group(1) != "files" and float(m.group(4)) < 98.0:
        bad.append(f"{m.group(1)} {m.group(4)}%")
if bad:
    print("conformance: fields below 98%: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
rm -f "$out"
exit "$status"
