"""A page's publish time and where it came from (`published_source`).

The page's own structure is trusted before its text: meta tags and JSON-LD (`meta`), the line
under the headline (`byline`), <time> elements (`time`), elements whose class names a date
(`date_element`), a labelled line anywhere (`发布时间：…`, `label`), a last-modified meta tag
(`modified`), the URL (`url`), and last trafilatura's own metadata reading (`trafilatura`).
A month-only date gets `:month` appended (read as the 1st). A date later than the crawl is
rejected, and a month-day with no year is not a date unless the page's URL or meta date gives the
year (Baijiahao's `发布时间：09-04` under a /2023/09/05/ URL). When nothing is left, `published_at` is None and `published_source` says why:
`none:no-date`, `none:no-year` (only year-less dates such as a reply list's `08-11`) or
`none:after-crawl` (only dates later than the fetch).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from crawlers.dates import DateHit, parse_detail, plausible, yearless_only

DATE_META = ("article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
             "publish_date", "publishtime", "publish-date", "datepublished", "dc.date", "dc.date.issued",
             "dcterms.created", "sailthru.date", "release_date", "weibo:article:create_at", "firstpublishedtime",
             "ptime")
# when the page was last changed: a publish date only when nothing else on the page gives one
MODIFIED_META = ("article:modified_time", "og:updated_time", "lastmodifiedtime", "datemodified", "dcterms.modified")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发稿时间|发表时间|发表日期|发文日期|成文日期|时间|日期|发表于|发布于|更新时间|"
                         r"Published|Posted(?: on)?|Date)\s*[:：]?\s*"
                         r"((?:\d|[〇○一二三四五六七八九]|今天|昨天|前天|刚刚|[A-Z][a-z]{2})[^\n]{0,40})")
# a member's registration or last login next to a forum post is not the post's date
_NOT_PUBLISHED = re.compile(r"^\s*(?:注册|注册时间|加入|加入时间|最后登录|上次登录|上次访问|在线时间|生日|到期|截止)")
_DATE_CLASS = re.compile(r"date|time|pub|info|source|meta|author", re.I)
_HAS_TIME = re.compile(r"\d{1,2}\s*[:：时]\s*\d{2}|前|刚刚|T\d{2}")
_URL_DATE = (re.compile(r"/((?:19|20)\d{2})[-/]?(\d{2})[-/]?(\d{2})[/_]"), re.compile(r"[/t]((?:19|20)\d{2})(\d{2})(\d{2})[_/]"))


class _Finder:
    """Candidates in order of trust; a bare date waits for a later candidate that gives the same
    day with a time of day (meta `publishdate` is often the bare day, the byline has the time)."""

    def __init__(self, now: datetime, tz: Any):
        self.now, self.tz = now, tz
        self.best: tuple[DateHit, str] | None = None
        self.rejected: set[str] = set()
        self.anchor: datetime | None = None  # a dated day the page gives (URL, meta): year of a year-less date

    def hit(self, raw: str | None, anchor: datetime | None = None) -> DateHit | None:
        if not raw:
            return None
        h = parse_detail(raw, self.now, self.tz)
        if h is None and yearless_only(raw):
            anchor = anchor or self.anchor
            if anchor is None:
                self.rejected.add("no-year")
                return None
            # the page itself gives the year (its URL or meta date): the latest such day not after it
            h = parse_detail(raw, anchor.replace(hour=23, minute=59), self.tz, yearless=True)
            if h is None or (anchor - h.when).days > 180:
                self.rejected.add("no-year")
                return None
        if h is None:
            return None
        if not plausible(h.when, self.now):
            if h.when > self.now:
                self.rejected.add("after-crawl")
            return None
        return h

    def consider(self, raw: str | None, source: str, context: str | None = None) -> tuple[DateHit, str] | None:
        h = self.hit(raw)
        if h is None:
            return None
        if h.kind in ("datetime", "relative") or (h.kind == "yearless" and _HAS_TIME.search(raw or "")):
            if self.best is None or h.when.date() == self.best[0].when.date():
                return h, source
            return None
        if context:  # a bare date: the time may sit in the next element (<span>09-04</span><span>11:26</span>)
            h2 = self.hit(context, anchor=h.when)
            if h2 is not None and h2.when.date() == h.when.date() and _HAS_TIME.search(context) and \
                    (h2.when.hour, h2.when.minute) != (0, 0):
                if self.best is None or h2.when.date() == self.best[0].when.date():
                    return h2, source
        if self.best is None:
            self.best = (h, source)
        return None


def _meta(tree: Any, names: tuple[str, ...]) -> str | None:
    found: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        if key in names and key not in found and (m.get("content") or "").strip():
            found[key] = m.get("content").strip()
    return next((found[n] for n in names if n in found), None)


def byline(page_lines: list[str], title: str | None) -> str:
    """The short lines right under the headline, up to the first paragraph of body text."""
    norm = re.sub(r"\s+", "", title or "")
    start = 0
    if norm:
        for i, line in enumerate(page_lines):
            if norm in re.sub(r"\s+", "", line) and len(line) < len(title or "") + 40:
                start = i + 1
                break
        else:
            return ""
    out: list[str] = []
    for line in page_lines[start: start + 12]:
        if len(line) >= 80 or (len(line) >= 40 and re.search(r"[。！？]", line)):
            break
        if not _NOT_PUBLISHED.match(line):
            out.append(line)
    labelled = [ln for ln in out if _DATE_LABEL.search(ln)]
    return "\n".join(labelled + [ln for ln in out if ln not in labelled])  # a labelled date first


def find_published(tree: Any, page_lines: list[str], title: str | None, url: str, now: datetime, tz: Any,
                   jsonld_date: Any = None, fallback: str | None = None) -> tuple[datetime | None, str]:
    """(publish time or None, published_source)."""
    f = _Finder(now, tz)

    def done(found: tuple[DateHit, str]) -> tuple[datetime, str]:
        h, source = found
        return h.when, source + (":month" if h.kind == "month" else "")

    meta_raw = _meta(tree, DATE_META)
    for raw in (meta_raw, *(f"{m.group(1)}-{m.group(2)}-{m.group(3)}" for rx in _URL_DATE if (m := rx.search(url)))):
        h = parse_detail(raw, now, tz)
        if h is not None and h.kind != "month" and plausible(h.when, now):
            f.anchor = h.when
            break
    for raw in (meta_raw, jsonld_date if isinstance(jsonld_date, str) else None):
        if found := f.consider(raw, "meta"):
            return done(found)
    if found := f.consider(byline(page_lines, title), "byline"):
        return done(found)
    for t in tree.iter("time"):
        if found := f.consider(t.get("datetime") or " ".join(t.itertext()), "time"):
            return done(found)
    for el in tree.xpath("//*[@class or @id]"):
        if el.tag in ("script", "style", "body", "html", "ul", "table") or \
                not _DATE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        txt = " ".join(" ".join(el.itertext()).split())
        if not txt or len(txt) > 120:
            continue
        parent = el.getparent()
        ctx = " ".join(" ".join(parent.itertext()).split())[:200] if parent is not None else None
        if found := f.consider(txt, "date_element", ctx):
            return done(found)
    for m in _DATE_LABEL.finditer("\n".join(page_lines)):
        if found := f.consider(m.group(1), "label"):
            return done(found)
    if found := f.consider(_meta(tree, MODIFIED_META), "modified"):
        return done(found)
    if f.best is not None:
        return done(f.best)
    for rx in _URL_DATE:
        if (m := rx.search(url)) and (found := f.consider(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "url")):
            return done(found)
    if f.best is not None:
        return done(f.best)
    if fallback and (found := f.consider(fallback, "trafilatura")):
        return done(found)
    if f.best is not None:
        return done(f.best)
    reason = "after-crawl" if "after-crawl" in f.rejected else "no-year" if "no-year" in f.rejected else "no-date"
    return None, f"none:{reason}"
