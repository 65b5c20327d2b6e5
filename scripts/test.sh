#!/usr/bin/env bash
# All tests: unit and integration tests, then the conformance corpus at the required pass rate.
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDHUB_TEST_TOOLS=1 bash scripts/deps.sh
swift build -c release --product feedhub
swift test
bash scripts/conformance.sh
