#!/usr/bin/env python3
"""Generates the parse benchmark's feeds: RSS 2.0 and Atom 1.0 at three sizes.

typical ~30 KB / 16 items, large ~1 MB / 500 items, stress ~50 MB / 20,000 items. Items carry what
partner outlets publish: escaped HTML content (paragraphs, links, images, lists, a script to strip),
content:encoded, dc:creator, media:thumbnail, categories, RFC 822 / RFC 3339 dates, Cyrillic titles.
Deterministic (seeded), so every run parses the same bytes.
"""
import os, random, sys
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
SIZES = {"typical": 16, "large": 500, "stress": 20000}
OUTLETS = ["The Astana Times", "The Diplomat", "Eurasia Review", "Kazinform", "Trend News Agency", "The Times of Central Asia"]
TITLES = [
    "Kazakhstan to Host Astana International Forum on May 29-30",
    "Astana forum highlights rising role of middle powers in reshaping global governance",
    "Opinion: How the Emerging Trump Doctrine Played at Astana International Forum",
    "Middle Powers as Bridge-Builders: Reinventing Global Cooperation",
    "Токаев открыл Астанинский международный форум",
    "Эксперты обсудили роль средних держав на форуме в Астане",
]
PARAS = [
    "Kazakhstan will convene the Astana International Forum (AIF) later this month, emphasizing its profile as an active mediator in the evolving architecture of global diplomacy.",
    "The AIF began in 2008 as the Astana Economic Forum, originally conceived as a technocratic venue focused on macroeconomic development, fiscal strategy, and public-sector reform.",
    "President Kassym-Jomart Tokayev has invoked Kazakhstan’s unique geopolitical position to advocate for the AIF as a new platform of balanced engagement — a “bridge between East and West.”",
    "В столице начал работу Астанинский международный форум, который собрал делегации из более чем 70 стран.",
]

def content(rng, k):
    parts = []
    for p in range(5):
        parts.append(f'<p>{rng.choice(PARAS)} <a href="/2025/05/story-{k}-{p}/" onclick="track()">Read more</a></p>')
    parts.append(f'<figure><img src="https://cdn.example.org/img/{k}.jpg" alt="AIF {k}" width="800"><figcaption>Astana, May 2025</figcaption></figure>')
    parts.append("<ul><li>Dialogue</li><li>Trust</li><li>Connectivity</li></ul><script>window.ads=1</script>")
    return "".join(parts)

def rss(n, rng):
    start = datetime(2025, 5, 29, 9, 0, tzinfo=timezone.utc)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
           "<channel><title>AIF coverage</title><link>https://astanatimes.com/</link>",
           '<atom:link href="https://astanatimes.com/feed/" rel="self" type="application/rss+xml"/>',
           "<description>Coverage of the Astana International Forum</description><language>en-US</language>",
           f"<lastBuildDate>{start.strftime('%a, %d %b %Y %H:%M:%S +0000')}</lastBuildDate>"]
    for k in range(n):
        d = start - timedelta(minutes=37 * k)
        out.append("<item>")
        out.append(f"<title>{escape(rng.choice(TITLES))} #{k}</title>")
        out.append(f"<link>https://astanatimes.com/2025/05/story-{k}/</link>")
        out.append(f'<guid isPermaLink="false">https://astanatimes.com/?p={100000 + k}</guid>')
        out.append(f"<dc:creator>{rng.choice(OUTLETS)}</dc:creator>")
        out.append(f"<pubDate>{d.strftime('%a, %d %b %Y %H:%M:%S +0500')}</pubDate>")
        out.append("<category>Kazakhstan</category><category>Astana International Forum</category>")
        out.append(f"<description>{escape('<p>' + rng.choice(PARAS) + '</p>')}</description>")
        out.append(f"<content:encoded><![CDATA[{content(rng, k)}]]></content:encoded>")
        out.append(f'<media:thumbnail url="https://cdn.example.org/thumb/{k}.jpg"/>')
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)

def atom(n, rng):
    start = datetime(2025, 5, 29, 9, 0, tzinfo=timezone.utc)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en" xml:base="https://thediplomat.com/">',
           "<title>The Diplomat – Central Asia</title><id>tag:thediplomat.com,2025:central-asia</id>",
           '<link rel="alternate" href="/regions/central-asia/"/><link rel="self" href="/regions/central-asia/feed.atom"/>',
           f"<updated>{start.isoformat()}</updated>"]
    for k in range(n):
        d = start - timedelta(minutes=37 * k)
        out.append("<entry>")
        out.append(f'<title type="html">{escape(rng.choice(TITLES))} #{k}</title>')
        out.append(f'<link rel="alternate" type="text/html" href="2025/05/story-{k}/"/>')
        out.append(f"<id>tag:thediplomat.com,2025:story-{k}</id>")
        out.append(f"<published>{d.isoformat()}</published><updated>{(d + timedelta(hours=2)).isoformat()}</updated>")
        out.append(f"<author><name>{rng.choice(OUTLETS)}</name></author>")
        out.append('<category term="Diplomacy"/><category term="Central Asia"/>')
        out.append(f'<summary type="text">{escape(rng.choice(PARAS))}</summary>')
        out.append(f'<content type="html">{escape(content(rng, k))}</content>')
        out.append(f'<media:thumbnail url="https://cdn.example.org/thumb/{k}.jpg"/>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)

os.makedirs(OUT, exist_ok=True)
for name, n in SIZES.items():
    for fmt, fn in (("rss", rss), ("atom", atom)):
        path = os.path.join(OUT, f"{fmt}-{name}.xml")
        data = fn(n, random.Random(n)).encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        print(f"{path}: {len(data):,} bytes, {n} items")
