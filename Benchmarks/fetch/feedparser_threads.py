#!/usr/bin/env python3
"""The Python peer: fetch and parse every URL with feedparser, 16 threads (feedparser.parse fetches too)."""
import sys, socket
from concurrent.futures import ThreadPoolExecutor
import feedparser

socket.setdefaulttimeout(float(sys.argv[2]) if len(sys.argv) > 2 else 5)
urls = [u.strip() for u in open(sys.argv[1]) if u.strip()]


def one(url):
    try:
        d = feedparser.parse(url)
        return len(d.entries)
    except Exception:
        return 0


with ThreadPoolExecutor(max_workers=16) as pool:
    total = sum(pool.map(one, urls))
print(total)
