"""Page structure around the article: a thread's replies kept apart, page furniture dropped.

A forum thread or a blog post carries its replies and comments in the same page; trafilatura
keeps them as body text, so the body of a thread was every reply. Replies matter for public
opinion, so they are lifted out (`replies`: author, text, time) before the body is extracted.
Two general shapes are recognised, never a site:

* a comment container: an element whose class/id names comments or replies (`comments`,
  `reply-list`, `commentlist`, `pinglun`, ...) — every item in it is a reply;
* a thread: sibling posts of one shape (`post_1`, `post_2`, ... / `class="floor"` / `pid123`) —
  the first is the main post, the others replies.

Footers, copyright and ICP licence lines, share bars and toolbars are dropped from the tree the
body is taken from (`drop_furniture`) and, line by line, from the text (`is_furniture_line`).
"""

from __future__ import annotations

import re
from typing import Any

from crawlers.dates import parse_detail, plausible

_REPLY_BOX = re.compile(r"(?:^|[\s_\-])(?:comments?|comment-?list|commentlist|cmt-?list|replies|reply-?list|"
                        r"replylist|respond|responses|discuss(?:ion)?s?|pinglun|huifu|gentie)(?:$|[\s_\-])", re.I)
_POST = re.compile(r"post|floor|reply|pid|lou|tiezi|comment", re.I)
_AUTHOR_CLS = re.compile(r"author|authi|user|name|poster|nick", re.I)
_NOT_ITEM = re.compile(r"title|head|count|pager|form|textarea|noitem", re.I)  # the list's heading, the reply form
_BOX_ITEM = re.compile(r"post|floor|reply|pid|lou|tiezi|comment|feedback|item", re.I)
_TIME_CLS = re.compile(r"time|date|posted|pub", re.I)
_MSG_CLS = (re.compile(r"message|msg", re.I), re.compile(r"content|text|body|entry", re.I))  # most specific first
_FURNITURE = re.compile(r"(?:^|[\s_\-])(?:footer|foot|copyright|copy-?right|bottom|share|sharebar|share-?box|"
                        r"bdshare\w*|jiathis\w*|social(?:-share)?|toolbar|tool-?bar|icp|beian|gotop|backtop)(?:$|[\s_\-])",
                        re.I)
_FURNITURE_LINE = re.compile(
    r"(?:[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP[备证]|ICP\s*[备证]|公网安备|"
    r"版权所有(?![人者权])|Copyright\s*(?:©|\(c\)|\d{4})|©|\(C\)\s*\d{4}|All Rights Reserved|"
    r"信息网络传播视听节目许可证|互联网新闻信息服务许可证|违法和不良信息举报|"
    r"未经(?:书面)?(?:许可|授权)[，,]?\s*(?:不得|禁止|严禁)(?:转载|复制|镜像)|(?:不得|禁止|严禁)转载|"
    r"^(?:网站地图|联系我们|关于我们|广告服务)|"
    r"^分享到|^分享：|^分享至|^一键分享|^微信扫一扫|^扫一扫|^返回顶部|^打印\s*关闭|^【打印】|^\[打印\])",
    re.I)
_DIGITS = re.compile(r"\d+")
_TEXT_TAGS = ("div", "li", "td", "table", "section", "article", "dl", "tr")


def _ident(el: Any) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def _text(el: Any) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _shape(el: Any) -> str:
    """Tag, class and id with numbers removed: `div#post_123` and `div#post_124` share a shape."""
    return "|".join((el.tag, _DIGITS.sub("#", el.get("class", "")), _DIGITS.sub("#", el.get("id", ""))))


def _reply(el: Any, now: Any, tz: Any) -> dict[str, Any] | None:
    """Author (the first text of an author block), time (a year-less one stays empty) and the
    message (the longest message-like block, else the whole item)."""
    author = when = None
    messages: list[str] = ["", ""]
    for sub in el.iter():
        if not isinstance(sub.tag, str) or sub is el:
            continue
        cid = _ident(sub)
        if not cid:
            continue
        if author is None and _AUTHOR_CLS.search(cid):
            first = next((t.strip() for t in sub.itertext() if t.strip()), None)
            # `authorposton123` holds the post time, not a name
            author = first if first and len(first) <= 30 and not re.search(r"\d{1,2}[-/:]\d{2}|发表", first) else None
        if when is None and _TIME_CLS.search(cid):
            hit = parse_detail(_text(sub), now, tz)
            when = hit.when.isoformat() if hit and plausible(hit.when, now) else None
        for i, rx in enumerate(_MSG_CLS):
            if rx.search(cid) and len(t := _text(sub)) > len(messages[i]):
                messages[i] = t
    text = messages[0] or messages[1] or _text(el)
    if len(text) < 2:
        return None
    return {"author": author, "published_at": when, "text": text}


def _link_share(el: Any) -> float:
    """The share of an element's text that is link text (navigation and link lists are ~1)."""
    total = len(_text(el))
    return sum(len(_text(a)) for a in el.iter("a")) / total if total else 1.0


def _thread_posts(tree: Any, title_el: Any) -> list[Any]:
    """Sibling posts of one shape (the thread's floors); [] when the page is not a thread."""
    best: list[Any] = []
    for parent in tree.iter(*_TEXT_TAGS, "body", "ol", "ul", "tbody"):
        groups: dict[str, list[Any]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag in _TEXT_TAGS and _POST.search(_ident(child)):
                groups.setdefault(_shape(child), []).append(child)
        for members in groups.values():
            # posts are written text; a "related posts" list of the same shape is links
            texty = [m for m in members if len(_text(m)) >= 10 and _link_share(m) < 0.5]
            if len(texty) >= 2 and len(texty) > len(best):
                best = texty
    if title_el is not None and best and any(title_el in m.iter() for m in best[1:]):
        return []
    return best


def split_replies(tree: Any, now: Any, tz: Any, title: str | None = None) -> list[dict[str, Any]]:
    """Remove replies and comments from `tree` (a copy the body is taken from); return them in
    page order. Nothing that holds the headline is ever a reply."""
    norm = "".join((title or "").split())
    title_el = next((h for h in tree.iter("h1", "h2") if norm and "".join(_text(h).split()) == norm), None)
    replies: list[dict[str, Any]] = []
    boxes = [el for el in tree.iter(*_TEXT_TAGS, "ol", "ul", "aside")
             if _REPLY_BOX.search(_ident(el)) and (title_el is None or title_el not in el.iter())]
    boxes = [b for b in boxes if not any(o is not b and b in o.iter() for o in boxes)]  # outermost only
    for box in boxes:
        items = [c for c in box.iter(*_TEXT_TAGS) if c is not box and _BOX_ITEM.search(_ident(c))
                 and not _NOT_ITEM.search(_ident(c))]
        items = [c for c in items if not any(o is not c and c in o.iter() for o in items)]
        if not items:  # unclassed comments: the box's own children, the reply form and headings aside
            items = [c for c in box if isinstance(c.tag, str) and c.tag in (*_TEXT_TAGS, "p", "dd")
                     and not _NOT_ITEM.search(_ident(c)) and not c.xpath(".//textarea|.//input")]
        for item in items:
            if _link_share(item) >= 0.5:
                continue
            if r := _reply(item, now, tz):
                replies.append(r)
    for box in boxes:
        _drop(box)
    posts = _thread_posts(tree, title_el)
    for post in posts[1:]:
        if r := _reply(post, now, tz):
            replies.append(r)
        _drop(post)
    return replies


def drop_furniture(tree: Any) -> None:
    """Drop footers, copyright/ICP blocks, share bars and toolbars (short blocks only: a wrapper
    that merely carries such a class around the article is kept)."""
    doomed = [el for el in tree.iter("footer")]
    for el in tree.iter("div", "p", "span", "ul", "section", "table", "td", "center"):
        if _FURNITURE.search(_ident(el)) and len(_text(el)) < 400:
            doomed.append(el)
    for el in doomed:
        _drop(el)


def is_furniture_line(line: str) -> bool:
    """A copyright, ICP licence, reporting-hotline or share-bar line (short lines only). IP news
    is about copyright: `版权所有人`, `未经许可使用` in a sentence are content, not furniture."""
    return len(line) < 160 and bool(_FURNITURE_LINE.search(line.strip()))


def _drop(el: Any) -> None:
    if el.getparent() is not None:
        el.drop_tree()
