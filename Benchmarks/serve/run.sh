#!/usr/bin/env bash
# Serving benchmark (release build): wrk (2 threads, 64 connections, 10 s) against /feed.atom with 100
# stories, plain / gzip / 304, interleaved with nginx serving the same bytes as a static file
# (plain, gzip_static, ETag 304). Usage: bash Benchmarks/serve/run.sh -> Benchmarks/results/<date>-<host>-serve.md
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in wrk nginx; do command -v $tool >/dev/null || { echo "needs $tool (apt-get install wrk nginx)" >&2; exit 1; }; done
swift build -c release --product feedhub >/dev/null
bin=$PWD/.build/release/feedhub
work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run as nobody: a private (0700) directory would make every answer a 403
trap 'kill $(cat "$work"/feedhub.pid 2>/dev/null) 2>/dev/null || true; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
python3 Benchmarks/serve/make_feed.py "$work/outlet.xml"
cat > "$work/feeds.yml" <<YML
feed: { title: AIF in the news, id: "tag:astanaforum.org,2025:in-the-news", url: "http://127.0.0.1:18282/", max_entries: 100 }
storage: bench.sqlite
relevance: { include: [Astana International Forum] }
sources:
  - { name: The Astana Times, url: "file://$work/outlet.xml", base_url: "https://astanatimes.com/feed/" }
YML
"$bin" fetch --config "$work/feeds.yml" >/dev/null
"$bin" serve --config "$work/feeds.yml" --port 18282 >/dev/null 2>&1 & echo $! > "$work/feedhub.pid"
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:18282/feed.atom && break; sleep 0.1; done
mkdir -p "$work/www"
curl -s http://127.0.0.1:18282/feed.atom -o "$work/www/feed.atom"
gzip -9 -k "$work/www/feed.atom"
cat > "$work/nginx.conf" <<NGX
worker_processes auto; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off; types { application/atom+xml atom; } sendfile on; tcp_nopush on;
  server { listen 127.0.0.1:18283; root $work/www; gzip_static on; etag on; }
}
NGX
chmod -R a+rX "$work/www"
nginx -c "$work/nginx.conf"
sleep 0.5
# Both servers must answer with the document itself, or the comparison means nothing.
for url in http://127.0.0.1:18282/feed.atom http://127.0.0.1:18283/feed.atom; do
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$url")
  [ "$got" = "200 $(wc -c < "$work/www/feed.atom")" ] || { echo "$url answered '$got', not the document" >&2; exit 1; }
done
fh_etag=$(curl -sI http://127.0.0.1:18282/feed.atom | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
ngx_etag=$(curl -sI http://127.0.0.1:18283/feed.atom | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
bytes=$(wc -c < "$work/www/feed.atom"); gz=$(wc -c < "$work/www/feed.atom.gz")
# Requests per second; a run with any answer other than 2xx/3xx fails the benchmark.
rps() {
  local out; out=$(wrk -t2 -c64 -d10s "$@")
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk $*: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
  awk '/Requests\/sec/{print $2}' <<<"$out"
}
declare -A r
for round in 1 2; do
  r[fh_plain]+=" $(rps http://127.0.0.1:18282/feed.atom)"
  r[ngx_plain]+=" $(rps http://127.0.0.1:18283/feed.atom)"
  r[fh_gzip]+=" $(rps -H 'Accept-Encoding: gzip' http://127.0.0.1:18282/feed.atom)"
  r[ngx_gzip]+=" $(rps -H 'Accept-Encoding: gzip' http://127.0.0.1:18283/feed.atom)"
  r[fh_304]+=" $(rps -H "If-None-Match: $fh_etag" http://127.0.0.1:18282/feed.atom)"
  r[ngx_304]+=" $(rps -H "If-None-Match: $ngx_etag" http://127.0.0.1:18283/feed.atom)"
done
best() { tr ' ' '\n' <<<"$1" | sort -g | tail -1; }
out="Benchmarks/results/$(date +%Y-%m-%d)-$(hostname -s)-serve.md"
{
  echo "# Serving benchmark — $(date +%Y-%m-%d)"
  echo
  echo "- Machine: $(hostname -s), $(nproc) cores; $(swift --version 2>&1 | head -1); $(nginx -v 2>&1); wrk -t2 -c64 -d10s"
  echo "- /feed.atom with 100 stories: $bytes bytes, $gz gzipped; 2 interleaved rounds, best of each"
  echo
  echo "| case | feedhub req/s | nginx req/s | feedhub / nginx | goal |"
  echo "|---|---:|---:|---:|---:|"
  for c in plain:75 gzip:60 304:35; do
    k=${c%%:*}; goal=${c##*:}
    a=$(best "${r[fh_$k]}"); b=$(best "${r[ngx_$k]}")
    echo "| $k | $a | $b | $(python3 -c "print(f'{100*$a/$b:.0f}%')") | ≥ $goal% |"
  done
} | tee "$out"
