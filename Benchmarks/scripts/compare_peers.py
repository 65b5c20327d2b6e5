#!/usr/bin/env python3
"""Runs every parser on every benchmark file, interleaved round by round, and writes a Markdown table.

Per file and round each tool parses the file `reps` times in one process with the file already in memory
(feedhub: `parse --repeat N --timing`; peers: peer_bench.py). xmllint has no repeat count, so it is given
the file `reps` times in one `--stream --noout` process; its one process start is measured separately
(on an empty document) and subtracted. Peak RSS is each tool's own process maximum
(one parse for xmllint). The median of the rounds is reported.
"""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--feedhub", required=True)
ap.add_argument("--data", required=True)
ap.add_argument("--out", required=True)
args = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
REPS = {"small": 400, "typical": 200, "large": 20, "stress": 1}
TOOLS = ["feedhub", "xmllint --stream", "feedparser-rs", "feedparser"]

def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)

def xmllint(path, reps):
    """`reps` parses in one process (xmllint reads every file it is given), so the one process start,
    measured on an empty document and subtracted, no longer swamps a sub-millisecond parse."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "xmllint", "--stream", "--noout"] + [path] * reps, capture_output=True, text=True)
    t = time.perf_counter() - t0
    return t, int(r.stderr.strip().splitlines()[-1]) * 1024

with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
    f.write("<a/>")
    empty = f.name
start_cost = min(xmllint(empty, 1)[0] for _ in range(20))

SHAPES = ("rss", "atom", "atom-xhtml", "rss-local")
files = [(fmt, size) for size in REPS for fmt in SHAPES if os.path.exists(os.path.join(args.data, f"{fmt}-{size}.xml"))]
results = {}
for rnd in range(args.rounds):
    for fmt, size in files:
        path = os.path.join(args.data, f"{fmt}-{size}.xml")
        reps = REPS[size]
        for tool in TOOLS:
            if tool == "feedhub":
                r = run_json([args.feedhub, "parse", "--repeat", str(reps), "--timing", path])
                t, peak, items = r["parse_s"], r["peak_rss_bytes"], r["items"]
            elif tool == "xmllint --stream":
                t, peak = xmllint(path, reps)
                t = max(t - start_cost, 1e-9)
                items = None
            else:
                if tool == "feedparser" and size == "stress" and rnd > 0:
                    continue  # one round of ~minutes is enough
                r = run_json([sys.executable, os.path.join(here, "peer_bench.py"), tool, path, str(reps)])
                t, peak, items = r["parse_s"], r["peak_rss_bytes"], r["items"]
            results.setdefault((fmt, size, tool), []).append((t / reps, peak, items))
        print(f"round {rnd + 1}: {fmt}-{size} done", file=sys.stderr)

def med(key):
    rows = results[key]
    return statistics.median(r[0] for r in rows), max(r[1] for r in rows), rows[0][2]

lines = [f"# Parse benchmark — {time.strftime('%Y-%m-%d')}", "",
         f"- Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}",
         f"- Toolchain: {subprocess.run(['swift', '--version'], capture_output=True, text=True).stdout.splitlines()[0]}; release build",
         f"- Peers: {subprocess.run(['xmllint', '--version'], capture_output=True, text=True).stderr.splitlines()[0]}, "
         f"feedparser {run_json([sys.executable, '-c', 'import json,feedparser;print(json.dumps(feedparser.__version__))'])}, "
         f"feedparser-rs (pip) — Python {platform.python_version()}",
         f"- {args.rounds} interleaved rounds, median per parse; xmllint process start ({start_cost * 1000:.2f} ms) subtracted", "",
         "| file | size | items | tool | ms/parse | MB/s | items/s | peak RSS MB | vs feedhub | feedhub vs floor |",
         "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
for fmt, size in files:
    path = os.path.join(args.data, f"{fmt}-{size}.xml")
    mb = os.path.getsize(path) / 1e6
    fh = med((fmt, size, "feedhub"))
    floor = med((fmt, size, "xmllint --stream"))
    for tool in TOOLS:
        t, peak, items = med((fmt, size, tool))
        n = fh[2]
        ratio = f"{t / fh[0]:.2f}x" if tool != "feedhub" else "1.00x"
        vs_floor = f"{fh[0] / floor[0]:.2f}x" if tool == "feedhub" else ""
        lines.append(f"| {fmt}-{size} | {mb:.2f} MB | {n} | {tool} | {t * 1000:.2f} | {mb / t:.1f} | "
                     f"{(n / t) if tool != 'xmllint --stream' else float('nan'):.0f} | {peak / 1e6:.1f} | {ratio} | {vs_floor} |")
lines += ["", "`vs feedhub` = that tool's time / FeedParse's time (above 1 = FeedParse is faster);",
          "`feedhub vs floor` = FeedParse's time / `xmllint --stream --noout` (the libxml2 streaming floor).", ""]
os.makedirs(os.path.dirname(args.out), exist_ok=True)
open(args.out, "w").write("\n".join(lines))
print("\n".join(lines))
