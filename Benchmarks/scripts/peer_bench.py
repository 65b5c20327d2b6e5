#!/usr/bin/env python3
"""Times N in-process parses of one file (already in memory) with a Python peer.

Usage: peer_bench.py feedparser|feedparser-rs FILE N
Prints one JSON line like `feedhub parse --timing`: file, reps, items, parse_s, peak_rss_bytes.
"""
import json, resource, sys, time

lib, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
if lib == "feedparser":
    import feedparser
    parse = feedparser.parse
elif lib == "feedparser-rs":
    import feedparser_rs
    limits = feedparser_rs.ParserLimits(max_feed_size_bytes=1 << 30, max_entries=10**6)
    parse = lambda b: feedparser_rs.parse_with_limits(b, limits=limits)
else:
    sys.exit(f"unknown peer {lib}")
items = 0
t0 = time.perf_counter()
for _ in range(reps):
    result = parse(data)
    items = len(result["entries"])
    del result
elapsed = time.perf_counter() - t0
print(json.dumps({"file": path, "reps": reps, "items": items, "parse_s": elapsed,
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
