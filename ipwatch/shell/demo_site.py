"""The demo's scenario as a web site on 127.0.0.1: a news search engine, an RSS feed, article pages and a
regulator's penalty list, built from demo/scenario.yaml. Entries appear phase by phase, so one run
shows the earlier news and then the day the story breaks."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from zoneinfo import ZoneInfo

import yaml

from ipwatch.shell.localsite import LocalServer, render_dates

TZ = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 10


@dataclass
class Scenario:
    data: dict[str, Any]
    now: datetime = field(default_factory=lambda: datetime.now(TZ))
    phase: int = 99        # entries with a later `phase` are not on the site yet

    @classmethod
    def load(cls, path: Path, now: datetime | None = None) -> Scenario:
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")), (now or datetime.now(TZ)).astimezone(TZ))

    def _live(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [x for x in items if x.get("phase", 1) <= self.phase]

    @property
    def articles(self) -> list[dict[str, Any]]:
        return self._live(self.data["articles"])

    @property
    def penalties(self) -> dict[str, Any]:
        return {**self.data["penalties"], "records": self._live(self.data["penalties"]["records"])}

    @property
    def phases(self) -> list[int]:
        return sorted({x.get("phase", 1) for x in self.data["articles"] + self.data["penalties"]["records"]})

    def when(self, a: dict[str, Any]) -> datetime:
        return (self.now - timedelta(hours=a["hours_ago"])).replace(second=0, microsecond=0)

    def render(self, text: str) -> str:
        return render_dates(text, self.now)

    def article_page(self, a: dict[str, Any]) -> str:
        e = html.escape
        when = self.when(a)
        paras = "\n".join(f"<p>{e(self.render(p))}</p>" for p in a["paragraphs"])
        return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                f'<title>{e(a["title"])} - {e(a["outlet"])}</title>\n'
                f'<meta property="og:site_name" content="{e(a["outlet"])}">'
                f'<meta name="author" content="{e(a.get("author", ""))}">'
                f'<meta property="article:published_time" content="{when.isoformat()}"></head>\n<body>'
                f'<div class="nav"><a href="/">{e(a["outlet"])}首页</a> <a href="/news/">新闻</a> '
                f'<a href="/finance/">财经</a> <a href="/legal/">法治</a></div>\n'
                f'<div id="article"><h1>{e(a["title"])}</h1>\n'
                f'<p class="meta"><span class="time">{when:%Y-%m-%d %H:%M}</span> '
                f'<span class="source">来源：{e(a["outlet"])}</span> <span class="author">作者：{e(a.get("author", ""))}</span></p>\n'
                f'<div class="content">\n{paras}\n</div></div>\n'
                f'<div class="foot">{e(a["outlet"])} 版权所有 未经授权不得转载</div></body></html>\n')

    def ago(self, a: dict[str, Any]) -> str:
        h = a["hours_ago"]
        return f"{h}小时前" if h < 24 else f"{h // 24}天前"

    def search(self, q: str, page: int) -> str:
        q = q.strip().strip('"“”')
        hits = [a for a in sorted(self.articles, key=lambda a: a["hours_ago"])
                if q and (q in a["title"] or any(q in p for p in a["paragraphs"]))]
        pages = max(1, -(-len(hits) // PAGE_SIZE))
        shown = hits[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        e = html.escape
        items = "\n".join(
            f'<div class="result c-container"><h3 class="t"><a href="{e(a["path"])}" target="_blank">{e(a["title"])}</a>'
            f'</h3><div class="c-abstract">{e(a["paragraphs"][0][:80])}……</div><div class="c-info">'
            f'<span class="c-src">{e(a["outlet"])}</span> <span class="c-time">{self.ago(a)}</span></div></div>'
            for a in shown)
        nxt = f'<a class="n" href="/search?q={quote(q)}&amp;page={page + 1}">下一页&gt;</a>' if page < pages else ""
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(q)}_资讯搜索</title></head>'
                f'<body><div id="head"><form action="/search"><input name="q" value="{e(q)}"></form></div>'
                f'<div id="content_left">{items or "<p class=nores>抱歉，没有找到相关结果</p>"}</div>'
                f'<div id="page">{nxt}</div></body></html>')

    def feed(self) -> str:
        e = html.escape
        items = "".join(
            f"<item><title>{e(a['title'])}</title><link>{e(a['path'])}</link>"
            f"<pubDate>{format_datetime(self.when(a))}</pubDate>"
            f"<description>{e(a['paragraphs'][0][:120])}</description></item>\n"
            for a in sorted(self.articles, key=lambda a: a["hours_ago"]) if a.get("feed"))
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f'<title>{e(self.data.get("site_name", "示例新闻网"))} 知识产权频道</title><link>/news/</link>'
                f'<description>知识产权新闻</description>\n{items}</channel></rss>\n')

    def penalty_list(self) -> str:
        p = self.penalties
        e = html.escape
        rows = "\n".join(
            f'<tr class="row"><td><a href="{e(r["path"])}" target="_blank">{e(r["title"])}</a></td>'
            f'<td class="date">{(self.now - timedelta(days=r["days_ago"])):%Y-%m-%d}</td></tr>'
            for r in p["records"])
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(p["list_title"])}_{e(p["authority"])}</title>'
                f'</head><body><div class="header">{e(p["authority"])} 信息公开 &gt; {e(p["list_title"])}</div>'
                f'<table class="list"><tr><th>标题</th><th>公示日期</th></tr>\n{rows}\n</table>'
                f'<div class="pager"></div></body></html>')

    def penalty_detail(self, r: dict[str, Any]) -> str:
        e = html.escape
        rows = "\n".join(f"<tr><th>{e(k)}</th><td>{e(self.render(str(v)))}</td></tr>" for k, v in r["fields"].items())
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(r["title"])}_{e(self.penalties["authority"])}'
                f'</title></head><body><div class="header">信息公开 &gt; 行政处罚公示</div><h1>{e(r["title"])}</h1>'
                f'<table class="detail">\n{rows}\n</table><div class="footer">公示日期：'
                f'{(self.now - timedelta(days=r["days_ago"])):%Y-%m-%d}</div></body></html>')

    def route(self, raw_path: str) -> tuple[int, str, str]:
        parts = urlsplit(raw_path)
        path, qs = parts.path, parse_qs(parts.query)
        htm = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n"
        if path == "/search":
            try:
                page = max(1, int(qs.get("page", ["1"])[0] or 1))
            except ValueError:
                page = 1
            return 200, htm, self.search(qs.get("q", [""])[0], page)
        if path == "/feeds/news.xml":
            return 200, "application/rss+xml; charset=utf-8", self.feed()
        if path == "/penalty/list.html":
            return 200, htm, self.penalty_list()
        for r in self.penalties["records"]:
            if r["path"] == path:
                return 200, htm, self.penalty_detail(r)
        for a in self.articles:
            if a["path"] == path:
                return 200, htm, self.article_page(a)
        if path == "/":
            links = "".join(f'<li><a href="{html.escape(a["path"])}">{html.escape(a["title"])}</a></li>'
                            for a in self.articles)
            return 200, htm, f'<html><head><meta charset="utf-8"><title>示例新闻网</title></head><body><ul>{links}</ul></body></html>'
        return 404, htm, "<h1>404 Not Found</h1>"


class DemoSite(LocalServer):
    """The scenario as a web site on 127.0.0.1 (a free port)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                code, ctype, body = outer.scenario.route(self.path)
                data = body.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_HEAD = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)
        self.start()
