#!/usr/bin/env python3
"""Writes an RSS feed of 100 AIF stories (~1 KB of content each), so /feed.atom is about 100 KB."""
import sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

base = datetime(2025, 5, 29, 9, 0, tzinfo=timezone.utc)
para = ("Kazakhstan will convene the Astana International Forum later this month, emphasizing its profile as an "
        "active mediator in the evolving architecture of global diplomacy, with middle powers at its centre. ")
items = []
for i in range(100):
    items.append(
        f"<item><title>Astana International Forum report {i}: middle powers and dialogue</title>"
        f"<link>https://astanatimes.com/2025/05/aif-report-{i}/</link><guid isPermaLink=\"false\">aif-{i}</guid>"
        f"<pubDate>{format_datetime(base - timedelta(hours=i))}</pubDate>"
        f"<description>{para[:180]}</description>"
        f"<content:encoded><![CDATA[<p>{para * 3}</p><p><a href=\"/2025/05/aif-{i}/\">More</a></p>]]></content:encoded></item>")
with open(sys.argv[1], "w") as f:
    f.write("<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
            "<channel><title>The Astana Times</title><link>https://astanatimes.com/</link>" + "".join(items) +
            "</channel></rss>")
