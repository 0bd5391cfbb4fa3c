"""The generic article extractor: title, body text, publish time and its source, outlet, author,
canonical URL, and a thread's replies.

Body text comes from trafilatura (measured in tests/test_crawl_extract.py::test_extraction_report),
run on a copy of the page from which a forum's or blog's replies and comments (kept apart as
`replies`, crawlers/threads.py) and its footer, share bar and licence lines are removed. What
Chinese news pages need is added around it: titles from <h1>/og:title rather than the
`标题_站点名` <title>, publish times from the page's structure first (crawlers/pagedate.py: meta
tags, the byline under the headline, <time>; `published_source` says which, or why there is
none), authors only when a person or a named desk is stated (never the site), outlets from
og:site_name, the <title> suffix or a table of well-known domains, and boilerplate lines
(`责任编辑：`, `【纠错】`, ICP licence, copyright, …) dropped from the text.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

from crawlers.dates import DEFAULT_TZ
from crawlers.encoding import decode_html
from crawlers.pagedate import find_published
from crawlers.threads import drop_furniture, is_furniture_line, split_replies
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
_NAME = r"[\u4e00-\u9fa5·]{2,4}"
_AUTHOR = re.compile(r"(?:(?:作者|撰文|撰稿|文|记者|通讯员)\s*[:：|丨/]\s*|(?:本报|本台|新华社|中新网)?(?:特约)?(?:记者|通讯员)[ \u3000]+)"
                     rf"({_NAME}(?:[ 、,，]{{1,2}}{_NAME}){{0,3}})(?=$|[\s,，。;；)）\]】|｜/]|来源|发布|时间|编辑)")
_ORIGIN = re.compile(r"来源\s*[:：]\s*([\u4e00-\u9fa5A-Za-z0-9·（）()]{2,20})")
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
    flat_clean = re.sub(r"\s+", "", cleaned)
    if len(flat_clean) >= 5 and any(re.sub(r"\s+", "", _text(h)) == flat_clean for h in tree.iter("h1", "h2", "h3")):
        return cleaned, suffix  # the <title>'s head is a heading: the post, not the blog's name in <h1>
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


_SITE_LIKE = re.compile(r"(?:网|网站|在线|出版社|杂志社|报社|日报|晚报|周刊|电视台|广播电台|频道|官网|新闻|资讯|门户|"
                        r"客户端|公司|集团|平台|\.com|\.cn|\.net)$", re.I)
_DESK = re.compile(r"(?:评论员|评论部|编辑部|记者部|采访组|调研组|课题组|工作室|部|组)$")
_NOT_NAME = re.compile(r"[■□●◆★☆▲▶>»|｜:：/\\]|文章|查看|更多|主页|博客|空间|首页|专栏|点击|登录|关注|粉丝|http|"
                       r"帖子|积分|注册|楼主|回复|发表|威望|金钱|在线|等级", re.I)
_PERSONS = re.compile(r"^(?:[\u4e00-\u9fa5]{2,4}|[\u4e00-\u9fa5]{2,6}·[\u4e00-\u9fa5]{2,6}|[A-Za-z][A-Za-z .'\-]{1,38})"
                      r"(?:[、,，\s]+(?:[\u4e00-\u9fa5]{2,4}|[A-Za-z][A-Za-z .'\-]{1,38}))*$")


def person_or_desk(name: str | None, sites: set[str]) -> str | None:
    """`name` when it is a person (or several) or a named desk (`本报评论员`, `国际部`); None for
    a site or publisher (`云南网`, `汉斯出版社`), link text (`■ 该作者文章`) or anything else."""
    name = re.sub(r"^(?:作者|记者|文|撰文)\s*[:：]?\s*", "", (name or "").strip()).strip()
    if not name or len(name) > 40 or _NOT_NAME.search(name):
        return None
    flat = re.sub(r"\s+", "", name)
    if any(site and (flat == site or (len(site) >= 2 and site in flat and not _DESK.search(flat))) for site in sites):
        return None
    if _DESK.search(flat) and re.fullmatch(r"[\u4e00-\u9fa5]{2,16}", flat):
        return flat
    if _SITE_LIKE.search(flat) or not _PERSONS.match(name):
        return None
    return name


def _find_author(tree: Any, page_text: str, title: str | None, sites: set[str]) -> str | None:
    a = _meta(tree, "author", "article:author", "byl")
    if a and (ok := person_or_desk(a, sites)):
        return ok
    ld = _jsonld(tree).get("author")
    lds = ld if isinstance(ld, list) else [ld]
    names = [str(x["name"]) for x in lds if isinstance(x, dict) and x.get("name") and x.get("@type") != "Organization"]
    if names and (ok := person_or_desk("、".join(names), sites)):
        return ok
    start = page_text.find(title) if title else 0
    head = page_text[max(start, 0): max(start, 0) + 600]
    for m in _AUTHOR.finditer(head):
        names = [n for n in re.split(r"[、,，\s]+", m.group(1)) if n and n not in _AUTHOR_STOP]
        if any(len(n) > 4 for n in names):
            continue
        names = [n for n in names if not _BAD_AUTHOR.search(n)]
        if names and (ok := person_or_desk("、".join(names), sites)):
            return ok
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
        if not s or _BOILER.match(s) or is_furniture_line(s):
            continue
        flat = re.sub(r"\s+", "", s)
        if norm_title and (flat == norm_title or (norm_title in flat and len(flat) < len(norm_title) + 30)):
            continue  # the headline, or a breadcrumb ending in it
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


_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "header", "footer", "dd", "dt", "blockquote", "pre", "form")


def _page_text(tree: Any) -> str:
    """The page's visible text, one line per block element (the byline is a line of its own)."""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in tree.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
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
    title, suffix = _pick_title(tree, None)
    body_tree = copy.deepcopy(tree)  # replies and furniture leave this copy only
    replies = split_replies(body_tree, now, tz, title)
    drop_furniture(body_tree)
    try:
        doc = trafilatura.bare_extraction(copy.deepcopy(body_tree), url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True, deduplicate=False,
                                          # htmldate's extensive search runs dateparser: ~100 ms a page
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # noqa: BLE001 - a broken page must not stop the crawl
        doc = None
    traf_text = getattr(doc, "text", None) or ""
    if not title:
        title = getattr(doc, "title", None) or None
    canonical = _canonical(tree, url)
    outlet = _find_outlet(tree, canonical or url, suffix, getattr(doc, "sitename", None))
    jsonld_date = _jsonld(tree).get("datePublished")  # read before _page_text drops <script>
    sites = {x for x in (outlet, suffix, _meta(tree, "og:site_name"), getattr(doc, "sitename", None),
                         *KNOWN_OUTLETS.values()) if x}
    page_text = _page_text(tree)
    page_lines = [s for s in (ln.strip() for ln in page_text.splitlines()) if s]
    published, published_source = find_published(tree, page_lines, title, url, now, tz, jsonld_date,
                                                  getattr(doc, "date", None))
    author = _find_author(tree, page_text, title, sites) or person_or_desk(getattr(doc, "author", None), sites)
    text = _clean_body(traf_text, title, trim)
    if len(text) < 40:
        fb = _clean_body(_fallback_body(body_tree), title, trim)
        if len(fb) > len(text):
            text = fb
    origin = _ORIGIN.search(page_text)
    cjk = sum(1 for c in text[:2000] if "\u4e00" <= c <= "\u9fff")
    return {
        "title": title,
        "text": text,
        "published_at": published.isoformat() if published else None,
        "published_source": published_source,
        "author": author,
        "outlet": outlet,
        "canonical_url": canonical,
        "origin": origin.group(1) if origin else None,
        "language": "zh" if cjk >= 0.2 * max(1, len(text[:2000])) else (getattr(doc, "language", None) or None),
        "encoding": enc,
        "replies": [r for r in replies if r["text"] and r["text"] not in text],
    }
