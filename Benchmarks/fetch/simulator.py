#!/usr/bin/env python3
"""Serves N generated RSS feeds over HTTP/1.1 on many loopback addresses, with per-feed latency and a
few failures, for the fetch benchmark.

Feed i lives at http://127.1.<a>.<b>:PORT/feed/<i>.xml on host number i % HOSTS. Latency (when on) is
50-500 ms, deterministic per feed. Failures (unless --failures off): i % 50 == 7 -> 500, i % 50 == 21 -> 404,
i % 97 == 33 -> garbage bytes (a parse error), i % 97 == 77 -> never answers (a timeout).

Usage: simulator.py --port 18080 --feeds 500 --hosts 100 --latency on|off [--failures on|off] --urls urls.txt
Writes the URL list (one per line) and stays in the foreground until killed.
"""
import argparse, asyncio, random, sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=18080)
ap.add_argument("--feeds", type=int, default=500)
ap.add_argument("--hosts", type=int, default=100)
ap.add_argument("--items", type=int, default=20)
ap.add_argument("--latency", choices=["on", "off"], default="on")
ap.add_argument("--failures", choices=["on", "off"], default="on", help="off: every feed answers 200 with its feed")
ap.add_argument("--urls", required=True)
ap.add_argument("--shape", choices=["mixed", "scale"], default="mixed",
                help="scale: every item about the forum, realistic vocabulary, planted copies and near-misses")
ap.add_argument("--generation", type=int, default=0, help="scale: which pass's items (each has new ones)")
args = ap.parse_args()

TOPICS = ["Astana International Forum", "Astana Think Tank Forum", "middle powers", "Caspian transport",
          "wheat harvest", "uranium exports", "Almaty weather", "the Middle Corridor", "digital tenge"]
WORDS = ("dialogue cooperation ministers delegation summit corridor energy climate finance security trade "
         "investment region diplomacy agreement partnership infrastructure logistics growth reform").split()
BASE = datetime(2025, 5, 1, tzinfo=timezone.utc)


def host(i):
    h = i % args.hosts
    return f"127.1.{h // 250}.{h % 250 + 1}"


def feed(i):
    rnd = random.Random(i)
    items = []
    for k in range(args.items):
        topic = TOPICS[rnd.randrange(len(TOPICS))]
        words = " ".join(rnd.choice(WORDS) for _ in range(60))
        date = BASE + timedelta(days=rnd.randrange(180), minutes=rnd.randrange(1440))
        title = f"{topic}: {' '.join(rnd.choice(WORDS) for _ in range(6))} ({i}-{k})"
        items.append(
            f"<item><title>{title}</title><link>https://outlet{i}.example/{date:%Y/%m}/report-{k}/</link>"
            f"<guid isPermaLink=\"false\">outlet{i}-{k}</guid><pubDate>{format_datetime(date)}</pubDate>"
            f"<description>&lt;p&gt;{topic}: {words} (outlet {i}, report {k})&lt;/p&gt;</description>"
            f"<content:encoded><![CDATA[<p>{topic}. {words}</p><p>{words[::-1]}</p>]]></content:encoded></item>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" "
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
            f"<title>Outlet {i}</title><link>https://outlet{i}.example/</link>" + "".join(items) +
            "</channel></rss>").encode()


STOP = "the of and to in a on for with at by from as is that was will its their".split()
VOCAB = [f"{a}{b}{c}" for a in ("ka", "ze", "mo", "ri", "tu", "ba", "ne", "so", "li", "da") for b in ("ran", "tel", "mos", "vin",
         "dor", "sak", "lum", "pet", "gor", "fin") for c in ("a", "o", "is", "um", "er", "an", "ik", "ov", "et", "ul",
         "ar", "os", "en", "ia", "ut", "ek", "om", "ir", "ad", "us", "ol", "yn", "ez", "ap", "uk", "eb", "iv", "on", "ax", "il")]


def prose(rnd, n):
    """n words of text with a stop-word share and a 3,000-word vocabulary, as news copy has."""
    return " ".join(rnd.choice(STOP) if rnd.random() < 0.3 else rnd.choice(VOCAB) for _ in range(n))


def scale_item(i, k, g, date, rnd):
    """Item k of feed i in pass g: title, link, date, text."""
    return (f"Astana International Forum: {prose(rnd, 7)}", f"https://outlet{i}.example/{g}/report-{k}/", date,
            f"The Astana International Forum. {prose(rnd, 70)}")


def scale_feed(i):
    """Every item mentions the forum. Planted among them (item 0 of some feeds): a syndicated copy of
    another outlet's item (i % 10 == 3: feed i-3's item 0, own link and headline case, text cut short)
    and a near-miss (i % 10 == 6: feed i-6's item 0 topic and first words, but another story)."""
    g = args.generation
    rnd = random.Random(i * 1_000_003 + g)
    base = BASE + timedelta(days=30 * g)
    items = []
    for k in range(args.items):
        date = base + timedelta(days=rnd.randrange(28), minutes=rnd.randrange(1440))
        items.append(scale_item(i, k, g, date, rnd))
    if i % 10 in (3, 6):
        j = i - 3 if i % 10 == 3 else i - 6
        orig = random.Random(j * 1_000_003 + g)
        odate = base + timedelta(days=orig.randrange(28), minutes=orig.randrange(1440))
        title, _, _, text = scale_item(j, 0, g, odate, orig)
        if i % 10 == 3:
            words = text.split()
            items[0] = (title.upper(), f"https://outlet{i}.example/{g}/syndicated-{j}/", odate + timedelta(hours=3),
                        " ".join(words[: len(words) * 3 // 4]))
        else:
            words = title.split()
            items[0] = (" ".join(words[:5]) + " " + prose(rnd, 4), f"https://outlet{i}.example/{g}/near-miss-{j}/",
                        odate + timedelta(hours=5), " ".join(text.split()[:12]) + " " + prose(rnd, 60))
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid isPermaLink=\"false\">{link}</guid>"
        f"<pubDate>{format_datetime(d)}</pubDate><description>{text}</description></item>" for t, link, d, text in items)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Outlet {i}</title><link>https://outlet{i}.example/</link>{body}</channel></rss>").encode()


FEEDS = {i: (scale_feed(i) if args.shape == "scale" else feed(i)) for i in range(args.feeds)}


def latency(i):
    return 0 if args.latency == "off" else 0.05 + random.Random(i * 7919).random() * 0.45


async def handle(reader, writer):
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        path = head.split(b" ", 2)[1].decode()
        i = int(path.rsplit("/", 1)[-1].split(".")[0]) if path.startswith("/feed/") else -1
        if i not in FEEDS:
            status, body = 404, b"not found"
        else:
            await asyncio.sleep(latency(i))
            failing = args.failures == "on"
            if failing and i % 97 == 77:
                await asyncio.sleep(3600)
            status, body = 200, FEEDS[i]
            if not failing:
                pass
            elif i % 50 == 7:
                status, body = 500, b"internal error"
            elif i % 50 == 21:
                status, body = 404, b"gone"
            elif i % 97 == 33:
                body = bytes(random.Random(i).randrange(256) for _ in range(20000))
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}\r\n"
                     "Connection: close\r\n\r\n".encode() + body)
        await writer.drain()
    except Exception:
        pass
    finally:
        writer.close()


async def main():
    servers = [await asyncio.start_server(handle, host(h), args.port, backlog=256) for h in range(args.hosts)]
    with open(args.urls, "w") as f:
        for i in range(args.feeds):
            f.write(f"http://{host(i)}:{args.port}/feed/{i}.xml\n")
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))

asyncio.run(main())
