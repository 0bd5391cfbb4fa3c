"""The generic article extractor: title, body text, publish time, outlet, author, canonical URL.

Body text comes from trafilatura (measured in tests/test_crawl_extract.py::test_extraction_report);
what Chinese news pages need is added around it: titles from <h1>/og:title rather than the
`标题_站点名` <title>, publish times from Chinese meta tags, `发布时间：` lines and relative times
(`3小时前`, `昨天 10:30`), authors from `作者：`/`记者` lines, outlets from og:site_name, the
<title> suffix or a table of well-known domains, and boilerplate lines (`责任编辑：`, `【纠错】`, …)
dropped from the text.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

from crawlers.dates import DEFAULT_TZ, parse_date, plausible
from crawlers.encoding import decode_html
from crawlers.urls import canonical_url, domain_of

KNOWN_OUTLETS = {
    "people.com.cn": "人民网", "xinhuanet.com": "新华网", "news.cn": "新华网", "cctv.com": "央视网",
    "chinanews.com.cn": "中国新闻网", "chinanews.com": "中国新闻网", "gmw.cn": "光明网", "china.com.cn": "中国网",
    "chinadaily.com.cn": "中国日报网", "ce.cn": "中国经济网", "cnr.cn": "央广网", "youth.cn": "中国青年网",
    "thepaper.cn": "澎湃新闻", "caixin.com": "财新网", "yicai.com": "第一财经", "21jingji.com": "21世纪经济报道",
    "sina.com.cn": "新浪", "sohu.com": "搜狐", "163.com": "网易", "qq.com": "腾讯网", "ifeng.com": "凤凰网",
    "cnipa.gov.cn": "国家知识产权局", "creditchina.gov.cn": "信用中国", "court.gov.cn": "最高人民法院",
    "chinacourt.org": "中国法院网", "cipnews.com.cn": "中国知识产权资讯网", "iprchn.com": "中国知识产权报",
}
_TITLE_SEP = re.compile(r"\s*(?:[_|｜]|\s[-–—·]\s|--|—|–)\s*")
_DATE_META = ("article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
              "publish_date", "publishtime", "publish-date", "datepublished", "dc.date", "dc.date.issued",
              "dcterms.created", "sailthru.date", "release_date", "weibo:article:create_at", "firstpublishedtime",
              "ptime", "article:modified_time", "lastmodifiedtime")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发稿时间|时间|日期|发表于|发表时间|更新时间|Published)\s*[:：]?\s*"
                         r"((?:19|20)\d{2}[^\n]{0,20}|\d{1,2}[-/月][^\n]{0,14}|[^\n]{0,8}前|昨天[^\n]{0,8}|前天[^\n]{0,8})")
_NAME = r"[\u4e00-\u9fa5·]{2,4}"
_AUTHOR = re.compile(r"(?:(?:作者|撰文|撰稿|文|记者|通讯员)\s*[:：|丨/]\s*|(?:本报|本台|新华社|中新网)?(?:特约)?(?:记者|通讯员)[ \u3000]+)"
                     rf"({_NAME}(?:[ 、,，]{{1,2}}{_NAME}){{0,3}})(?=$|[\s,，。;；)）\]】|｜/]|来源|发布|时间|编辑)")
_ORIGIN = re.compile(r"来源\s*[:：]\s*([\u4e00-\u9fa5A-Za-z0-9·（）()]{2,20})")
_DATE_CLASS = re.compile(r"date|time|pub|info|source|meta|author", re.I)
_BOILER = re.compile(r"^\s*(?:[（(【\[]?\s*(?:责任编辑|责编|编辑|审核|校对|纠错|原标题|来源|本文来源|点击|分享到|扫一扫|"
                     r"打印本页|关闭窗口|声明|特别声明|平台声明|版权所有|免责声明|相关阅读|相关新闻|延伸阅读|相关推荐|为你推荐|热点排行|"
                     r"热门推荐|猜你喜欢|返回搜狐|海量资讯|预览时标签不可点|微信扫一扫|网友评论)\s*[：:】\]\)）]?).*$")
_AUTHOR_STOP = {"责任编辑", "编辑", "来源", "发布", "时间", "日期", "本报", "记者", "通讯员", "摄影", "图片"}
_BAD_AUTHOR = re.compile(r"(?:发布|时间|来源|日期|编辑|点击|浏览|字号)")


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip() if el is not None else ""


def _meta(tree: Any, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        if key in wanted and (m.get("content") or "").strip():
            return m.get("content").strip()
    return None


def _meta_in_order(tree: Any, names: tuple[str, ...]) -> str | None:
    for n in names:
        v = _meta(tree, n)
        if v:
            return v
    return None


def _jsonld(tree: Any) -> dict[str, Any]:
    for s in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(s.text or "")
        except (ValueError, TypeError):
            continue
        for d in data if isinstance(data, list) else [data]:
            if isinstance(d, dict) and d.get("@type") in ("NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"):
                return d
    return {}


def _clean_title(raw: str) -> tuple[str, str | None]:
    """`标题_人民网` -> (`标题`, `人民网`)."""
    raw = re.sub(r"\s+", " ", raw or "").strip()
    parts = [p for p in _TITLE_SEP.split(raw) if p]
    if len(parts) <= 1:
        return raw, None
    head = parts[0] if len(parts[0]) >= 5 else max(parts, key=len)
    tail = parts[-1] if parts[-1] != head and len(parts[-1]) <= 12 else None
    return head, tail


def _pick_title(tree: Any, traf_title: str | None) -> tuple[str | None, str | None]:
    title_tag = _text(tree.find(".//title"))
    cleaned, suffix = _clean_title(title_tag)
    og = _meta(tree, "og:title", "twitter:title")
    h1s = [_text(h) for h in tree.iter("h1")]
    h1s = [h for h in h1s if 4 <= len(h) <= 120]
    norm = re.sub(r"\s+", "", title_tag)
    for h in h1s:  # an <h1> that is (part of) the <title> is the headline, not the site logo
        if re.sub(r"\s+", "", h) in norm:
            return h, suffix
    if og:
        return _clean_title(og)[0], suffix
    if cleaned and len(cleaned) >= 4:
        return cleaned, suffix
    if h1s:
        return h1s[0], suffix
    return (traf_title or cleaned or None), suffix


_HAS_TIME = re.compile(r"\d{1,2}\s*[:：时]\s*\d{2}|前|刚刚|T\d{2}")


def _find_date(tree: Any, page_text: str, title: str | None, url: str, now: datetime, tz) -> datetime | None:
    """The publish time: meta tags, <time>, date-ish elements, `发布时间：` lines, the text under the
    headline, the URL — in that order. A candidate without a time of day is kept only until a
    later one gives the same day with a time (meta `publishdate` is often the bare day)."""
    best: datetime | None = None

    def consider(raw: str | None, context: str | None = None) -> datetime | None:
        nonlocal best
        dt = parse_date(raw, now, tz) if raw else None
        if not plausible(dt, now):
            return None
        if _HAS_TIME.search(raw or ""):
            if best is None or dt.date() == best.date():
                return dt
            return None
        if context:  # a bare date: the time may sit in the next element (<span>09-04</span><span>11:26</span>)
            dt2 = parse_date(context, now, tz)
            if plausible(dt2, now) and dt2.date() == dt.date() and _HAS_TIME.search(context):
                if best is None or dt2.date() == best.date():
                    return dt2
        if best is None:
            best = dt
        return None

    # 1. meta tags and JSON-LD
    for raw in (_meta_in_order(tree, _DATE_META), _jsonld(tree).get("datePublished")):
        if isinstance(raw, str) and (dt := consider(raw)):
            return dt
    # 2. <time datetime> and elements whose class/id speaks of dates
    for t in tree.iter("time"):
        if dt := consider(t.get("datetime") or _text(t)):
            return dt
    for el in tree.xpath("//*[@class or @id]"):
        if el.tag in ("script", "style", "body", "html", "ul", "table"):
            continue
        cid = f"{el.get('class', '')} {el.get('id', '')}"
        if not _DATE_CLASS.search(cid):
            continue
        txt = " ".join(" ".join(el.itertext()).split())
        if not txt or len(txt) > 120:
            continue
        parent = el.getparent()
        ctx = " ".join(" ".join(parent.itertext()).split())[:200] if parent is not None else None
        if dt := consider(txt, ctx):
            return dt
    # 3. a labelled date line (发布时间：…), else the first date after the headline
    m = _DATE_LABEL.search(page_text)
    if m and (dt := consider(m.group(1))):
        return dt
    start = page_text.find(title) if title else -1
    window = page_text[start: start + 400] if start >= 0 else page_text[:600]
    if dt := consider(window):
        return dt
    if best is not None:
        return best
    # 4. the URL (/2023-09/05/, /20230905/, t20230905_…)
    m = re.search(r"/((?:19|20)\d{2})[-/]?(\d{2})[-/]?(\d{2})[/_]", url) or \
        re.search(r"[/t]((?:19|20)\d{2})(\d{2})(\d{2})[_/]", url)
    if m:
        dt = parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", now, tz)
        if plausible(dt, now):
            return dt
    return None


def _find_author(tree: Any, page_text: str, title: str | None) -> str | None:
    a = _meta(tree, "author", "article:author", "byl")
    if a and not a.startswith("http") and len(a) <= 40:
        return re.sub(r"^(?:作者|记者)\s*[:：]?\s*", "", a).strip() or None
    ld = _jsonld(tree).get("author")
    if isinstance(ld, dict) and ld.get("name"):
        return str(ld["name"])
    if isinstance(ld, list) and ld and isinstance(ld[0], dict) and ld[0].get("name"):
        return "、".join(str(x.get("name")) for x in ld if isinstance(x, dict) and x.get("name"))
    start = page_text.find(title) if title else 0
    head = page_text[max(start, 0): max(start, 0) + 600]
    for m in _AUTHOR.finditer(head):
        names = [n for n in re.split(r"[、,，\s]+", m.group(1)) if n and n not in _AUTHOR_STOP]
        if any(len(n) > 4 for n in names):
            continue
        names = [n for n in names if not _BAD_AUTHOR.search(n)]
        if names:
            return "、".join(names)
    return None


def _find_outlet(tree: Any, url: str, title_suffix: str | None, traf_site: str | None) -> str | None:
    site = _meta(tree, "og:site_name", "application-name", "sitename", "site_name")
    if site:
        return site
    dom = domain_of(url)
    for d, name in KNOWN_OUTLETS.items():
        if dom == d or dom.endswith("." + d):
            return name
    if title_suffix and 2 <= len(title_suffix) <= 12:
        return title_suffix
    return traf_site or dom or None


def _canonical(tree: Any, url: str) -> str:
    for href in (tree.xpath('//link[@rel="canonical"]/@href') or []) + [_meta(tree, "og:url") or ""]:
        href = (href or "").strip()
        if not href:
            continue
        absu = urljoin(url, href)
        if urlsplit(absu).scheme in ("http", "https") and urlsplit(absu).path not in ("", "/"):
            return canonical_url(absu)
    return canonical_url(url)


_META_LINE = re.compile(r"(?:发布时间|发布日期|来源|作者|记者|责任编辑|字号|字体|浏览|阅读)\s*[:：]|"
                        r"^\s*[\d\-/年月日:： ]{5,}\s*(?:作者|来源|$)")


def _clean_body(text: str, title: str | None, trim: bool = True) -> str:
    lines: list[str] = []
    keep: set[int] = set()  # table rows (record fields) are content however short
    norm_title = re.sub(r"\s+", "", title or "")
    for line in (text or "").splitlines():
        s = line.strip()
        row = False
        if s.startswith("|") and s.endswith("|"):  # a table row rendered by trafilatura
            cells = [c.strip() for c in s.strip("|").split(" | ") if c.strip()]
            s = "：".join(cells) if len(cells) == 2 and len(cells[0]) <= 24 else " ".join(cells)
            row = len(cells) == 2
        s = re.sub(r"^[-•·]\s+", "", s) if len(s) < 30 else s
        if not s or _BOILER.match(s):
            continue
        if norm_title and re.sub(r"\s+", "", s) == norm_title:
            continue
        if trim and not row and len(s) < 80 and _META_LINE.search(s) and (len(lines) < 2 or len(s) < 40):  # bylines
            continue
        if row:
            keep.add(len(lines))
        lines.append(s)
    # short lines around the body (outlet, place, related-link lists) are page furniture
    long_idx = [i for i, s in enumerate(lines) if len(s) >= 30 or re.search(r"[。！？!?]$", s)]
    if long_idx and trim:
        first, last = long_idx[0], long_idx[-1]
        lines = [s for i, s in enumerate(lines)
                 if first <= i <= last or i in keep or (len(s) >= 20 and re.search(r"[。！？!?；;]", s))]
    return "\n".join(lines)


def _fallback_body(tree: Any) -> str:
    """The block with the most paragraph text (when trafilatura finds nothing)."""
    best, best_len = None, 0
    for el in tree.xpath("//div|//article|//td|//section"):
        ps = [_text(p) for p in el.findall("p")]
        n = sum(len(p) for p in ps)
        if n > best_len:
            best, best_len = ps, n
    return "\n".join(p for p in best or [] if p)


def _page_text(tree: Any) -> str:
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    body = tree.find(".//body")
    raw = (body if body is not None else tree).text_content()
    return re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", raw)


def parse_tree(html: str) -> Any:
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.fromstring(html or "<html></html>")
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.fromstring("<html><body></body></html>")


def extract(page: str | bytes, url: str, *, content_type: str | None = None, encoding: str | None = None,
            now: datetime | None = None, tz=DEFAULT_TZ, trim: bool = True) -> dict[str, Any]:
    """Article fields of one page. `published_at` is ISO 8601 with offset (or None).

    `trim=False` keeps short lines around the body (record pages: every label/value line counts)."""
    now = now or datetime.now(timezone.utc)
    if isinstance(page, bytes):
        html, enc = decode_html(page, content_type, encoding)
    else:
        html, enc = page, "unicode"
    tree = parse_tree(html)
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True, deduplicate=False,
                                          # htmldate's extensive search runs dateparser: ~100 ms a page
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # noqa: BLE001 - a broken page must not stop the crawl
        doc = None
    traf_text = getattr(doc, "text", None) or ""
    traf_title = getattr(doc, "title", None)
    title, suffix = _pick_title(tree, traf_title)
    canonical = _canonical(tree, url)
    outlet = _find_outlet(tree, canonical or url, suffix, getattr(doc, "sitename", None))
    # metadata read before _page_text drops scripts (JSON-LD lives in <script>)
    meta_date = _meta_in_order(tree, _DATE_META)
    page_text = _page_text(tree)
    published = _find_date(tree, page_text, title, url, now, tz)
    if published is None and getattr(doc, "date", None):
        published = parse_date(doc.date, now, tz)
    if published is None and meta_date:
        published = parse_date(meta_date, now, tz)
    author = _find_author(tree, page_text, title) or (getattr(doc, "author", None) or None)
    text = _clean_body(traf_text, title, trim)
    if len(text) < 40:
        fb = _clean_body(_fallback_body(tree), title, trim)
        if len(fb) > len(text):
            text = fb
    origin = _ORIGIN.search(page_text)
    cjk = sum(1 for c in text[:2000] if "\u4e00" <= c <= "\u9fff")
    return {
        "title": title,
        "text": text,
        "published_at": published.isoformat() if published else None,
        "author": author,
        "outlet": outlet,
        "canonical_url": canonical,
        "origin": origin.group(1) if origin else None,
        "language": "zh" if cjk >= 0.2 * max(1, len(text[:2000])) else (getattr(doc, "language", None) or None),
        "encoding": enc,
    }
