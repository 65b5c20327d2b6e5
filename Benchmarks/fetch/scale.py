#!/usr/bin/env python3
"""Scale benchmark: does a pass cost the same per feed at 200 and at 2,000 outlets, and does a second pass
over a grown archive cost the same as the first? simulator.py --shape scale serves N feeds of 25 items,
every one about the forum, with planted syndicated copies and near-misses, at zero latency on 100
loopback hosts. Per N: pass 1 on an empty database, then pass 2 with new items in every feed (the
archive doubles). Checks that every reachable feed's items are stored, every planted copy joined its
original's story and no near-miss did.

Usage: scale.py --feedhub .build/release/feedhub --out results.md [--feeds 200,2000] [--rounds 3]
With several rounds, sizes alternate (200, 2000, 200, 2000, ...) so that a slow spell of the machine hits
both, and the table shows medians (every round's CPU is listed below it).
"""
import argparse, os, platform, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--feedhub", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--feeds", default="200,2000")
ap.add_argument("--port", type=int, default=18090)
ap.add_argument("--passes", type=int, default=2, choices=[1, 2])
ap.add_argument("--rounds", type=int, default=1)
args = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
ITEMS = 25


def reachable(i):
    return i % 50 not in (7, 21) and i % 97 not in (33, 77)


def timed(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, code, err.decode(errors="replace")


def serve(n, generation, work):
    urls = os.path.join(work, "urls.txt")
    sim = subprocess.Popen([sys.executable, os.path.join(here, "simulator.py"), "--port", str(args.port), "--feeds", str(n),
                            "--items", str(ITEMS), "--latency", "off", "--shape", "scale", "--generation", str(generation),
                            "--urls", urls], stdout=subprocess.PIPE)
    assert sim.stdout.readline().strip() == b"ready"
    return sim, [u.strip() for u in open(urls) if u.strip()]


def check(db, n, generations):
    con = sqlite3.connect(db)
    story = dict(con.execute("SELECT link, storyID FROM item"))
    missing = [i for i in range(n) if reachable(i) for g in range(generations) for k in range(1, ITEMS)
               if f"https://outlet{i}.example/{g}/report-{k}/" not in story]
    copies = merged = near = wrongly = 0
    for g in range(generations):
        for i in range(n):
            j = i - 3 if i % 10 == 3 else i - 6
            if i % 10 not in (3, 6) or not reachable(i) or not reachable(j):
                continue
            original = story.get(f"https://outlet{j}.example/{g}/report-0/")
            if i % 10 == 3:
                copies += 1
                merged += story.get(f"https://outlet{i}.example/{g}/syndicated-{j}/") == original is not None
            else:
                near += 1
                wrongly += story.get(f"https://outlet{i}.example/{g}/near-miss-{j}/") == original
    keys = con.execute("SELECT (SELECT COALESCE(SUM(keys), 0) FROM dedupRun) + (SELECT COUNT(*) FROM dedupKeyRecent)").fetchone()[0]
    items = con.execute("SELECT COUNT(*) FROM item").fetchone()[0]
    return missing, copies, merged, near, wrongly, keys, items


rows, notes = [], []
for n in [int(x) for x in args.feeds.split(",")] * args.rounds:
    work = tempfile.mkdtemp(prefix="feedhub-scale-")
    cfg = os.path.join(work, "feeds.yml")
    sim, urls = serve(n, 0, work)
    with open(cfg, "w") as f:
        f.write("feed: { title: Bench, id: 'tag:bench.example,2025:feed', url: 'https://bench.example/' }\nstorage: bench.sqlite\n"
                "fetch: { timeout: 1s, max_bytes: 10MB, concurrency: 16, allow_private_addresses: true }\n"
                "relevance: { include: [Astana International Forum] }\nsources:\n")
        for i, u in enumerate(urls):
            f.write(f"  - {{ name: outlet {i}, url: '{u}' }}\n")
    try:
        for generation in range(args.passes):
            if generation:
                sim.kill(); sim.wait()
                sim, _ = serve(n, generation, work)
            wall, cpu, code, err = timed([args.feedhub, "fetch", "--config", cfg, "--force"])
            rows.append((n, generation + 1, wall, cpu, code))
            print(f"{n} feeds, pass {generation + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU, exit {code}", file=sys.stderr)
    finally:
        sim.kill(); sim.wait()
    missing, copies, merged, near, wrongly, keys, items = check(os.path.join(work, "bench.sqlite"), n, args.passes)
    if len(notes) < len(args.feeds.split(",")):
        notes.append(f"- {n} feeds: {items} items stored ({len(missing)} of the reachable feeds' items missing), "
                 f"{merged}/{copies} planted copies merged, {wrongly}/{near} near-misses merged; {keys} index keys")
    shutil.rmtree(work)

runs = {}
for n, p, w, c, code in rows:
    runs.setdefault((n, p), []).append((w, c, code))
by = {k: (statistics.median(w for w, _, _ in v), statistics.median(c for _, c, _ in v)) for k, v in runs.items()}
lines = [f"# Scale benchmark — {time.strftime('%Y-%m-%d')}", "",
         f"- Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}; release build",
         f"- simulator.py --shape scale: {ITEMS} items per feed, all about the forum, 100 loopback hosts, zero latency; "
         "pass 2 serves new items in every feed (the archive doubles)",
         f"- {args.rounds} round(s), sizes alternating; medians", "",
         "| feeds | pass | wall s | CPU s | CPU ms/feed | exit |", "|---:|---:|---:|---:|---:|---:|"]
for (n, p), (w, c) in sorted(by.items()):
    codes = sorted({code for _, _, code in runs[(n, p)]})
    lines.append(f"| {n} | {p} | {w:.2f} | {c:.2f} | {1000 * c / n:.1f} | {','.join(map(str, codes))} |")
lines += ["", "CPU s of every round: " + "; ".join(f"{n} feeds pass {p}: " + ", ".join(f"{c:.2f}" for _, c, _ in v)
                                              for (n, p), v in sorted(runs.items()))]
ns = sorted({n for n, *_ in rows})
if len(ns) > 1:
    small, big = ns[0], ns[-1]
    lines += ["", f"- CPU per feed, {big} vs {small} feeds (pass 1): {(by[(big, 1)][1] / big) / (by[(small, 1)][1] / small):.2f}x"]
    if (big, 2) in by:
        lines.append(f"- Pass 2 vs pass 1 at {big} feeds (CPU): {by[(big, 2)][1] / by[(big, 1)][1]:.2f}x")
lines += [""] + notes + [""]
with open(args.out, "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
