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

KK_TITLES = [
    "Астана халықаралық форумы басталды",
    "Тоқаев Астана халықаралық форумында сөз сөйледі",
    "Astana halyqaralyq forumyna 70 eldiń delegaciialary keldi",
]

def xhtml_body(rng, k):
    """Atom type="xhtml" content: namespaced markup, relative links under xml:base, entities."""
    return (f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(rng.choice(PARAS))} &#8212; '
            f'<a href="../story-{k}/notes/" title="AIF &amp; partners">notes</a></p>'
            f'<blockquote><p>{escape(rng.choice(PARAS))}</p></blockquote>'
            f'<p><img src="img/{k}.png" alt="Forum hall"/><br/><em>Astana</em> &amp; <strong>Almaty</strong></p>'
            f'<ol><li>Dialogue</li><li>Trust</li></ol><p onclick="x()">{escape(rng.choice(PARAS))}</p></div>')

def atom_xhtml(n, rng):
    """What the Diplomat-style outlets publish: xml:base per entry, xml:lang, html titles, xhtml content."""
    start = datetime(2025, 5, 29, 9, 0, tzinfo=timezone.utc)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://thediplomat.com/">',
           '<title type="html">The Diplomat &amp;mdash; Central Asia</title><id>tag:thediplomat.com,2025:ca</id>',
           '<subtitle type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Coverage of <b>Central Asia</b></div></subtitle>',
           '<link rel="alternate" href="/regions/central-asia/"/><link rel="self" href="feed.atom"/>',
           '<generator uri="https://wordpress.org/" version="6.5">WordPress</generator>',
           f"<updated>{start.isoformat()}</updated>"]
    langs = ["en", "ru", "kk"]
    for k in range(n):
        d = start - timedelta(minutes=37 * k)
        lang = langs[k % 3]
        title = rng.choice(KK_TITLES) if lang == "kk" else rng.choice(TITLES)
        out.append(f'<entry xml:base="/2025/05/{k % 7}/" xml:lang="{lang}">')
        out.append(f'<title type="html">{escape(escape(title))} &lt;em&gt;#{k}&lt;/em&gt;</title>')
        out.append(f'<link rel="alternate" type="text/html" href="story-{k}/"/>')
        out.append(f'<link rel="enclosure" type="image/jpeg" length="51234" href="img/{k}.jpg"/>')
        out.append(f"<id>tag:thediplomat.com,2025:story-{k}</id>")
        out.append(f"<published>{d.isoformat()}</published><updated>{(d + timedelta(hours=2)).isoformat()}</updated>")
        out.append(f"<author><name>{rng.choice(OUTLETS)}</name><uri>/authors/{k % 5}/</uri></author>")
        out.append('<category term="diplomacy" label="Diplomacy"/><category term="central-asia"/>')
        out.append(f'<summary type="html">{escape("<p>" + rng.choice(PARAS) + "</p>")}</summary>')
        if k % 2:
            out.append(f'<content type="xhtml">{xhtml_body(rng, k)}</content>')
        else:
            out.append(f'<content type="html" xml:base="/2025/05/">{escape(content(rng, k))}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)

def rss_local(n, rng):
    """A Russian/Kazakh outlet: windows-style entities, description only, named-zone dates, no namespaces."""
    start = datetime(2025, 5, 29, 9, 0, tzinfo=timezone.utc)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0">',
           "<channel><title>Kazinform &#8212; Новости</title><link>https://www.inform.kz/ru/</link>",
           "<description>Новости Казахстана</description><language>ru</language>"]
    for k in range(n):
        d = start - timedelta(minutes=41 * k)
        title = rng.choice(KK_TITLES + TITLES[4:])
        out.append("<item>")
        out.append(f"<title>{escape(title)} &#171;АМФ-2025&#187; №{k}</title>")
        out.append(f"<link>https://www.inform.kz/ru/news/{k}?utm_source=rss&amp;utm_medium=feed</link>")
        out.append(f"<guid>https://www.inform.kz/ru/news/{k}</guid>")
        out.append(f"<pubDate>{d.strftime('%a, %d %b %Y %H:%M:%S')} GMT</pubDate>")
        out.append(f"<category>{'Политика' if k % 2 else 'Экономика'}</category>")
        body = f"<p>{rng.choice(PARAS[3:])}</p><p>{rng.choice(PARAS)}</p><img src=\"/i/{k}.jpg\">"
        out.append(f"<description>{escape(body)}</description>")
        out.append(f'<enclosure url="https://www.inform.kz/i/{k}.jpg" length="40000" type="image/jpeg"/>')
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)

SHAPES = [("rss", rss, SIZES), ("atom", atom, SIZES),
          ("atom-xhtml", atom_xhtml, {"typical": 16, "large": 500}),
          ("rss-local", rss_local, {"small": 5, "typical": 16})]

os.makedirs(OUT, exist_ok=True)
for fmt, fn, sizes in SHAPES:
    for name, n in sizes.items():
        path = os.path.join(OUT, f"{fmt}-{name}.xml")
        data = fn(n, random.Random(n)).encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        print(f"{path}: {len(data):,} bytes, {n} items")
