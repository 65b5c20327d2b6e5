#!/usr/bin/env python3
"""Fetch benchmark: one pass over N feeds served by simulator.py on 100 loopback addresses, FeedHub vs
the curl transfer floor vs Python feedparser in 16 threads, wall and CPU time side by side in one run;
first with 50-500 ms latency per feed, then with none (CPU-bound: fetch + parse + store).

--shape scale serves the scale benchmark's feeds instead (25 items, every one about the forum and kept, with
planted syndicated copies): the work of relevance, dedup and storage at its largest per feed.

Usage: compare_fetch.py --feedhub .build/release/feedhub --out results.md [--feeds 500] [--rounds 3] [--shape mixed|scale]
       [--tables latency,failing,answering]
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--feedhub", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--feeds", type=int, default=500)
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--port", type=int, default=18080)
ap.add_argument("--shape", choices=["mixed", "scale"], default="mixed")
ap.add_argument("--tables", default="latency,failing,answering",
                help="which tables: latency (50-500 ms), failing (none, with the failing feeds), answering (none, all answer)")
args = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="feedhub-fetchbench-")
urls_file = os.path.join(work, "urls.txt")


def reachable(i):
    return i % 50 not in (7, 21) and i % 97 not in (33, 77)


def timed(cmd, **kw):
    """Runs cmd; returns (wall seconds, CPU seconds of the process and its children, stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0,):
        print(f"warning: {cmd[0]} exited {os.waitstatus_to_exitcode(status)}", file=sys.stderr)
    return wall, usage.ru_utime + usage.ru_stime, out


# Per-feed timeout: 5 s with latency; 1 s without, where every reachable feed answers in milliseconds
# and a longer timeout would only measure the never-answering feeds, not the work.
TIMEOUT = {"on": 5, "off": 1}
ITEMS = 25 if args.shape == "scale" else 20


def write_config(path, urls, timeout):
    with open(path, "w") as f:
        f.write("feed: { title: Bench, id: 'tag:bench.example,2025:feed', url: 'https://bench.example/' }\n")
        f.write("storage: bench.sqlite\n")
        f.write(f"fetch: {{ timeout: {timeout}s, max_bytes: 10MB, concurrency: 16, allow_private_addresses: true }}\n")
        f.write("relevance: { include: [Astana International Forum, Astana Think Tank Forum] }\n")
        f.write("sources:\n")
        for i, u in enumerate(urls):
            f.write(f"  - {{ name: outlet {i}, url: '{u}' }}\n")


def run_mode(latency, failures):
    sim = subprocess.Popen([sys.executable, os.path.join(here, "simulator.py"), "--port", str(args.port), "--feeds",
                            str(args.feeds), "--latency", latency, "--urls", urls_file, "--shape", args.shape,
                            "--items", str(ITEMS), "--failures", failures], stdout=subprocess.PIPE)
    assert sim.stdout.readline().strip() == b"ready"
    urls = [u.strip() for u in open(urls_file) if u.strip()]
    curl_cfg = os.path.join(work, "curl.cfg")
    with open(curl_cfg, "w") as f:
        for u in urls:
            f.write(f'url = "{u}"\noutput = "/dev/null"\n')
    results = {"curl --parallel": [], "feedhub fetch": [], "feedparser (16 threads)": []}
    stored = []
    try:
        for rnd in range(args.rounds):
            results["curl --parallel"].append(timed(["curl", "-s", "-Z", "--parallel-max", "16", "-m", str(TIMEOUT[latency]),
                                                     "--compressed", "-K", curl_cfg])[:2])
            d = tempfile.mkdtemp(dir=work)
            cfg = os.path.join(d, "feeds.yml")
            write_config(cfg, urls, TIMEOUT[latency])
            w, c, _ = timed([args.feedhub, "fetch", "--config", cfg])
            results["feedhub fetch"].append((w, c))
            listing = subprocess.run([args.feedhub, "items", "list", "--config", cfg, "--json"], capture_output=True)
            stories = json.loads(listing.stdout)
            stored.append(len(stories) + sum(len(s["also_at"]) for s in stories))
            shutil.rmtree(d)
            results["feedparser (16 threads)"].append(timed([sys.executable, os.path.join(here, "feedparser_threads.py"),
                                                            urls_file, str(TIMEOUT[latency])])[:2])
            print(f"latency {latency}, failures {failures}: round {rnd + 1} done", file=sys.stderr)
    finally:
        sim.kill()
        sim.wait()
    return results, stored


# With latency; without (CPU-bound), first with the failing feeds, then with every feed answering: there every
# tool waits out the timeout of the never-answering feeds, which bounds the wall from below (curl's included).
MODES = [mode for name, mode in [("latency", ("on", "on")), ("failing", ("off", "on")), ("answering", ("off", "off"))]
         if name in args.tables.split(",")]
modes = {mode: run_mode(*mode) for mode in MODES}

lines = [f"# Fetch benchmark — {time.strftime('%Y-%m-%d')}", "",
         f"- Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}",
         (f"- {args.feeds} RSS feeds (20 items, ~30 KB each, a few about the forum)" if args.shape == "mixed" else
          f"- {args.feeds} RSS feeds of simulator.py --shape scale (25 items, every one about the forum and stored, planted copies)") +
         " on 100 loopback addresses (127.1.x.y), simulator.py;"
         f" failures (except where a table says every feed answers): 500, 404, garbage, never-answering (cut by the timeout) on "
         f"{sum(1 for i in range(args.feeds) if not reachable(i))} feeds",
         f"- {args.rounds} interleaved rounds, medians; CPU = user + system of the process and its children;"
         " feedhub starts from an empty database each round", ""]
for (latency, failures), (results, stored) in modes.items():
    title = ("50–500 ms latency per feed, 5 s timeout" if latency == "on"
             else "zero latency (CPU-bound), 1 s timeout" + (", every feed answers" if failures == "off" else ""))
    expected = sum(ITEMS for i in range(args.feeds) if failures == "off" or reachable(i))
    lines += [f"## {title}", "", "| tool | wall s | CPU s | CPU ms/feed | wall vs curl | wall vs feedhub |", "|---|---:|---:|---:|---:|---:|"]
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in results.items()}
    for tool, (w, c) in med.items():
        lines.append(f"| {tool} | {w:.2f} | {c:.2f} | {1000 * c / args.feeds:.2f} | {w / med['curl --parallel'][0]:.2f}x |"
                     f" {w / med['feedhub fetch'][0]:.2f}x |")
    lines += ["", f"Items stored by feedhub per round (stories + their also_at copies): {stored} (expected {expected}: every item of every reachable feed)", ""]
with open(args.out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
shutil.rmtree(work)
