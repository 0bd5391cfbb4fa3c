"""The extractor, dates, encodings, URL canonicalisation, sources.yaml and `ipwatch extract`
(no Elasticsearch and no crawl needed)."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawlers.dates import parse_date
from crawlers.encoding import decode_html
from benchmarks.extract import evaluate, render as render_report
from crawlers.extractor import extract
from crawlers.middlewares import retry_after_seconds
from crawlers.records import extract_record
from crawlers.sources import DEFAULT_LABELS, SourcesConfig, load_sources
from crawlers.spiders.feeds import parse_feed
from crawlers.state import CrawlState, signature
from crawlers.urls import canonical_url, url_key
from ipwatch.config import validate
from ipwatch.errors import ConfigError

from tests.conftest import ROOT

SITE = ROOT / "tests" / "fixtures" / "site"
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 4, 0, tzinfo=timezone.utc)  # 12:00 in Beijing


def page(rel: str) -> bytes:
    import importlib.util
    import sys

    if "fixture_site_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fixture_site_server", SITE / "server.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules["fixture_site_server"] = mod
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return sys.modules["fixture_site_server"].render((SITE / rel).read_bytes(), NOW.astimezone(TZ))


@pytest.mark.parametrize(("raw", "want"), [
    ("2023年9月5日 10:30", "2023-09-05T10:30:00+08:00"),
    ("发布时间：2023年09月05日10:30 | 来源：人民网", "2023-09-05T10:30:00+08:00"),
    ("2023-09-05", "2023-09-05T00:00:00+08:00"),
    ("2023/9/5 08:01:02", "2023-09-05T08:01:02+08:00"),
    ("3小时前", "2026-03-10T09:00:00+08:00"),
    ("30分钟前", "2026-03-10T11:30:00+08:00"),
    ("3小時前", "2026-03-10T09:00:00+08:00"),
    ("昨天", "2026-03-09T00:00:00+08:00"),
    ("昨天 21:15", "2026-03-09T21:15:00+08:00"),
    ("前天", "2026-03-08T00:00:00+08:00"),
    ("2天前", "2026-03-08T12:00:00+08:00"),
    ("2023年9月5日 星期二 下午 4:05", "2023-09-05T16:05:00+08:00"),
    ("2023-09-05T10:30:00Z", "2023-09-05T10:30:00+00:00"),
    ("9/17/2004 5:54:13 AM", "2004-09-17T05:54:13+08:00"),     # Western forms
    ("9/17/2004 12:04 PM", "2004-09-17T12:04:00+08:00"),
    ("posted on Sep 17, 2004", "2004-09-17T00:00:00+08:00"),
    ("17 September 2004 10:00", "2004-09-17T10:00:00+08:00"),
    ("Fri, 17 Sep 2004 05:54:13 GMT", "2004-09-17T05:54:13+00:00"),
    ("于2005年8月12日16:12:21", "2005-08-12T16:12:21+08:00"),
    ("二〇〇五年八月十二日", "2005-08-12T00:00:00+08:00"),      # an official document's signature line
    ("发布时间：2005年8月", "2005-08-01T00:00:00+08:00"),        # month only: the 1st
])
def test_chinese_dates(raw: str, want: str) -> None:
    assert parse_date(raw, NOW, TZ).isoformat() == want


def test_yearless_dates_only_on_request() -> None:
    """A month-day is not a date unless the caller reads a live listing (a search engine's `09-05`)."""
    assert parse_date("09-05 10:30", NOW, TZ) is None and parse_date("03-09", NOW, TZ) is None
    assert parse_date("09-05 10:30", NOW, TZ, yearless=True).isoformat() == "2025-09-05T10:30:00+08:00"
    assert parse_date("03-09", NOW, TZ, yearless=True).isoformat() == "2026-03-09T00:00:00+08:00"


def test_date_precision_is_reported() -> None:
    from crawlers.dates import parse_detail

    assert [parse_detail(t, NOW, TZ).kind for t in ("2005年8月", "2005-08-12", "2005-08-12 10:00", "3小时前")] == \
        ["month", "date", "datetime", "relative"]
    assert parse_detail("注册 2005-6-2 发表于 2005-8-12 16:12", NOW, TZ).when.day == 2  # the first in the text


def test_dates_none_for_no_date() -> None:
    assert parse_date("没有日期的文字", NOW, TZ) is None and parse_date(None, NOW) is None


@pytest.mark.parametrize(("url", "want"), [
    ("http://Example.com:80/a/b.html?utm_source=wx&id=3&spm=1.2#top", "http://example.com/a/b.html?id=3"),
    ("https://m.sohu.com/a/123?from=timeline&isappinstalled=0", "https://www.sohu.com/a/123"),
    ("https://wap.people.com.cn/n1/x.html", "https://www.people.com.cn/n1/x.html"),
    ("https://m.news.cctv.com/2023/09/05/x.shtml", "https://news.cctv.com/2023/09/05/x.shtml"),
    ("http://a.cn/x?b=2&a=1", "http://a.cn/x?a=1&b=2"),
])
def test_canonical_urls(url: str, want: str) -> None:
    assert canonical_url(url) == want


def test_url_key_joins_scheme_and_mobile_twins() -> None:
    assert url_key("http://m.example.com/a?utm_medium=x") == url_key("https://www.example.com/a#c")


def test_decode_gbk_big5_and_wrong_headers() -> None:
    text = "北京华信知识产权代理有限公司因代理违规被罚款，平台启动信用复核程序。"
    html = f"<html><head><meta charset='gbk'></head><body><p>{text}</p></body></html>"
    gbk = html.encode("gbk")
    assert text in decode_html(gbk, "text/html; charset=utf-8")[0]          # header lies
    assert text in decode_html(gbk, None)[0]                                # meta only
    assert text in decode_html(html.replace("charset='gbk'", "").encode("gb18030"), None)[0]  # nothing declared
    assert text in decode_html(html.encode("utf-8"), "text/html; charset=gbk")[0]  # says GBK, is UTF-8
    trad = "橫琴國際知識產權交易中心有限公司推出跨境質押融資服務，首批企業獲得授信。"
    big5 = f"<html><body><p>{trad}</p></body></html>".encode("big5")
    assert trad in decode_html(big5, "text/html; charset=gbk")[0]           # Big5 labelled GBK


def test_extract_utf8_article_fields() -> None:
    a = extract(page("news/hx-penalty.html"), "http://127.0.0.1:8765/news/hx-penalty.html?utm_source=x", now=NOW)
    assert a["title"] == "北京华信知识产权代理有限公司因代理违规被罚款5万元"
    assert a["published_at"] == "2026-03-09T10:30:00+08:00"
    assert a["author"] == "张伟、李娜" and a["outlet"] == "示例日报" and a["origin"] == "示例日报"
    assert a["canonical_url"] == "http://127.0.0.1:8765/news/hx-penalty.html"
    assert a["text"].startswith("本报讯 近日") and a["text"].endswith("对入驻机构开展信用评价。")
    for junk in ("责任编辑", "相关新闻", "版权所有", "首页"):
        assert junk not in a["text"]


@pytest.mark.parametrize(("rel", "ctype", "title", "published"), [
    ("news/tc-fine.nocs.html", "text/html", "青岛天成知识产权代理有限公司虚假宣传被罚3万元", "2026-03-08T00:00:00+08:00"),
    # its only date is `03-10 12:00`: no year on the page, so no date (the crawl's listing date fills in)
    ("news/hx-credit.wrongcs.html", "text/html; charset=utf-8", "华信知识产权信用评价等级下调 平台启动复核", None),
    ("news/hk-report.big5.html", "text/html; charset=big5", "橫琴知識產權交易中心推出跨境質押融資服務", "2026-03-10T09:00:00+08:00"),
    ("news/malformed.html", None, "华信知识产权涉嫌合同纠纷被起诉", "2026-03-08T12:00:00+08:00"),
])
def test_extract_encodings_and_malformed(rel: str, ctype: str | None, title: str, published: str | None) -> None:
    a = extract(page(rel), "http://127.0.0.1:8765/" + rel, content_type=ctype, now=NOW)
    assert a["title"] == title
    assert a["published_at"] == published
    assert (a["published_source"] == "none:no-year") == (published is None)
    assert len(a["text"]) > 80 and "\ufffd" not in a["text"]


def test_official_record_fields() -> None:
    html = page("penalty/detail-101.html").decode("utf-8")
    src = SourcesConfig.model_validate({"sources": [{
        "name": "pen", "type": "official", "record_type": "administrative_penalty", "list_urls": ["http://x/l"],
        "item": "tr", "link": "a::attr(href)"}]}).sources[0]
    rec = extract_record(html, src.label_map(), "administrative_penalty", NOW, TZ)
    assert rec == {"record_type": "administrative_penalty", "decision_no": "京知执罚字〔2026〕18号",
                   "party": "北京华信知识产权代理有限公司", "party_uscc": "91110108MA01ABCD5X",
                   "authority": "北京市知识产权局", "decision_date": "2026-03-07", "penalty": "警告，罚款人民币5万元",
                   "amount_yuan": 50000.0}
    lines = "<p>当事人：某公司</p><p>处罚决定书文号：X罚〔2024〕1号</p><p>处罚内容：罚款人民币12.5万元</p>"
    rec = extract_record(f"<html><body>{lines}</body></html>", DEFAULT_LABELS, "administrative_penalty", NOW, TZ)
    assert rec["party"] == "某公司" and rec["decision_no"] == "X罚〔2024〕1号" and rec["amount_yuan"] == 125000.0


def test_feed_parsing_rss_and_atom() -> None:
    rss = parse_feed(page("feeds/news.xml"))
    assert len(rss) == 6 and rss[0]["link"] == "/news/tc-fine.nocs.html" and rss[0]["date"].endswith("+0800")
    atom = parse_feed(b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>
        <link rel="alternate" href="http://a.cn/1"/><updated>2026-03-01T10:00:00+08:00</updated></entry></feed>""")
    assert atom == [{"title": "T", "link": "http://a.cn/1", "date": "2026-03-01T10:00:00+08:00", "summary": None}]


def test_retry_after_header() -> None:
    assert retry_after_seconds(b"3") == 3.0
    from email.utils import formatdate

    assert 8 <= retry_after_seconds(formatdate(time.time() + 10, usegmt=True)) <= 10
    assert retry_after_seconds(b"soon") is None


def test_seen_set_and_near_duplicates_survive_restart(tmp_path: Path) -> None:
    text = page("news/hx-penalty.html").decode()
    body_a = extract(text, "http://a.cn/1", now=NOW)["text"]
    body_b = extract(page("mirror/hx-penalty-repost.html"), "http://b.cn/2", now=NOW)["text"]
    st = CrawlState.open(tmp_path, window_days=7)
    assert st.near_duplicate("a", signature(body_a)) is None
    st.mark_seen(["a.cn/1"], "a")
    st.close()
    st2 = CrawlState.open(tmp_path, window_days=7)  # a new process: restored from disk
    assert st2.seen("a.cn/1") == "a" and st2.seen("a.cn/2") is None
    assert st2.near_duplicate("b", signature(body_b)) == "a"
    unrelated = extract(page("news/tc-fine.nocs.html"), "http://c.cn/3", now=NOW)["text"]
    assert st2.near_duplicate("c", signature(unrelated)) is None
    st2.close()


def test_sources_config_errors_are_clear(tmp_path: Path) -> None:
    cfg = load_sources(ROOT / "config" / "sources.yaml", env={})
    assert {s.type for s in cfg.sources} == {"search", "feed", "official"}
    assert all(not s.enabled for s in cfg.sources if s.base_url and "127.0.0.1" not in s.base_url)
    with pytest.raises(ConfigError) as e:
        validate(SourcesConfig, {"sources": [{"name": "x1", "type": "search", "url": "/s?q={qury}", "base_url": "http://a.cn",
                                              "results": {"item": "div", "link": "a::attr(href)"}}]}, "sources.yaml")
    assert "sources[0].search.url" in str(e.value) and "{query}" in str(e.value)
    with pytest.raises(ConfigError) as e:
        validate(SourcesConfig, {"sources": [{"name": "x2", "type": "feed", "urls": ["/rss.xml"]}]}, "sources.yaml")
    assert "needs base_url" in str(e.value)
    with pytest.raises(ConfigError) as e:
        validate(SourcesConfig, {"sources": [{"name": "x3", "type": "blog", "urls": []}]}, "sources.yaml")
    assert "sources[0]" in str(e.value)


def test_base_url_override_from_environment() -> None:
    cfg = load_sources(ROOT / "config" / "sources.yaml", env={"IPWATCH_SOURCES__DEMO_FEED__BASE_URL": "http://127.0.0.1:9999/",
                                                               "IPWATCH_SOURCES_BASE_URL": "http://127.0.0.1:7000/"})
    assert cfg.get("demo-feed").abs_url("/feeds/news.xml") == "http://127.0.0.1:9999/feeds/news.xml"
    assert cfg.get("demo-news").base_url == "http://127.0.0.1:7000/"
    assert cfg.get("baidu-news").base_url == "https://www.baidu.com/"


def test_ipwatch_extract_cli_on_saved_file(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(page("news/tc-fine.nocs.html"))
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "ipwatch"), "extract", str(saved), "--url",
                          "https://m.example.cn/news/tc.html?utm_source=wx"], capture_output=True, check=True, cwd=ROOT)
    data = json.loads(out.stdout)
    assert set(data) >= {"title", "text", "published_at", "published_source", "author", "outlet", "canonical_url"}
    assert data["title"] == "青岛天成知识产权代理有限公司虚假宣传被罚3万元"
    assert data["published_at"] == "2026-03-08T00:00:00+08:00"
    assert data["canonical_url"] == "https://www.example.cn/news/tc.html"
    bad = subprocess.run([str(ROOT / ".venv" / "bin" / "ipwatch"), "extract", str(tmp_path / "nope.html")],
                         capture_output=True, cwd=ROOT)
    assert bad.returncode == 2 and b"no such file" in bad.stderr


def test_extraction_report() -> None:
    """Per-field accuracy over real-world-shaped Chinese news pages (tests/fixtures/site/eval)."""
    report = evaluate(SITE / "eval")
    print("\n" + render_report(report))
    ours, base = report["summary"]["ipwatch"], report["summary"]["trafilatura"]
    assert report["pages"] >= 12
    assert ours["title"] >= 0.9 and ours["published_at"] >= 0.9 and ours["body"] >= 0.9
    assert ours["published_at"] > base["published_at"] and ours["body_f1_mean"] >= base["body_f1_mean"]


def test_source_policy_robots_override_and_proxy() -> None:
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.settings import Settings as ScrapySettings

    from crawlers.middlewares import SourcePolicyMiddleware

    spider = SimpleNamespace(source_by_name={
        "polite": SimpleNamespace(obey_robots=None, proxy=None),
        "own-site": SimpleNamespace(obey_robots=False, proxy="http://127.0.0.1:3128")})
    crawler = SimpleNamespace(settings=ScrapySettings({"IPWATCH_OBEY_ROBOTS": True, "IPWATCH_PROXY": None}),
                              spider=spider)
    mw = SourcePolicyMiddleware(crawler)
    r1 = Request("http://127.0.0.1/x", meta={"source": "polite"})
    mw.process_request(r1)
    assert "dont_obey_robotstxt" not in r1.meta and "proxy" not in r1.meta
    r2 = Request("http://127.0.0.1/y", meta={"source": "own-site"})
    mw.process_request(r2)
    assert r2.meta["dont_obey_robotstxt"] is True and r2.meta["proxy"] == "http://127.0.0.1:3128"


REGRESS = "regress/"


@pytest.mark.parametrize(("rel", "published", "source"), [
    ("forum-thread.gb2312.html", "2005-08-12T16:12:00+08:00", "byline"),       # not the poster's 注册 2005-6-2
    ("blog-comments.html", "2004-09-17T05:54:13+08:00", "date_element"),       # 9/17/2004 5:54:13 AM
    ("news-footer.html", "2005-08-12T16:12:21+08:00", "byline"),               # 本文于2005年8月12日16:12:21发布
    ("journal-month.html", "2005-08-01T00:00:00+08:00", "byline:month"),       # 发布时间：2005年8月
    ("future-meta.html", "2026-03-06T09:30:00+08:00", "byline"),               # meta says 2099: after the crawl
    ("forum-yearless.html", None, "none:no-year"),                             # only `08-11` in the replies
    ("no-date.html", None, "none:no-date"),
])
def test_publish_dates_on_real_page_shapes(rel: str, published: str | None, source: str) -> None:
    a = extract(page(REGRESS + rel), "http://127.0.0.1:8765/" + REGRESS + rel, now=NOW)
    assert (a["published_at"], a["published_source"]) == (published, source)


def test_gb2312_page_behind_a_latin1_header_reads_as_chinese() -> None:
    """One Latin-1 `©` byte in the footer: GB18030 fails strictly, and the server's ISO-8859-1
    header (or a free guess) used to win — a garbled title and an empty body."""
    body = page(REGRESS + "forum-thread.gb2312.html")
    for ctype in ("text/html; charset=ISO-8859-1", None, "text/html"):
        a = extract(body, "http://bbs.example.cn/viewthread.php?tid=8812", content_type=ctype, now=NOW)
        assert a["encoding"] == "gb18030" and a["title"] == "华信专利代理收费乱象，大家有没有遇到过？"
        assert a["text"].startswith("去年我们公司委托北京华信知识产权代理有限公司") and "\ufffd" not in a["text"]


def test_thread_body_is_the_main_post_and_replies_are_kept_apart() -> None:
    a = extract(page(REGRESS + "forum-thread.gb2312.html"), "http://bbs.example.cn/t/8812", now=NOW)
    assert a["text"].endswith("有没有人遇到过同样的事情？")
    assert "沙发" not in a["text"] and "保留好聊天记录" not in a["text"] and "Discuz" not in a["text"]
    assert [r["author"] for r in a["replies"]] == ["老代理人", "深圳申请人", "版主阿明"]
    assert a["replies"][1]["text"].startswith("我们也遇到过") and a["replies"][0]["published_at"] is None  # 08-12: no year
    blog = extract(page(REGRESS + "blog-comments.html"), "https://blog.example.cn/ipwang/p/4711.html", now=NOW)
    assert blog["title"] == "代理机构“包授权”的承诺到底能不能信"
    assert blog["text"].endswith("而不是看广告语。") and "坑过" not in blog["text"] and "分享到" not in blog["text"]
    assert [(r["author"], r["published_at"]) for r in blog["replies"]] == [
        ("深圳做专利的", "2004-09-17T09:12:40+08:00"), ("李律师", "2004-09-18T22:03:11+08:00"),
        ("路过的申请人", "2004-09-20T08:45:02+08:00")]


def test_news_footer_share_bar_and_licence_lines_are_dropped() -> None:
    a = extract(page(REGRESS + "news-footer.html"), "http://www.example-yunnan.cn/fz/2005/0812/1.html", now=NOW)
    assert a["text"].startswith("云南网讯 记者从昆明市知识产权局获悉") and a["text"].endswith("向当地知识产权局举报。")
    for junk in ("ICP", "公网安备", "许可证", "版权所有", "Copyright", "分享到", "微信", "违法和不良信息", "网站地图"):
        assert junk not in a["text"], junk
    # copyright is what IP news is about: such sentences are content, not a footer
    from crawlers.threads import is_furniture_line

    assert not is_furniture_line("原告系涉案作品的版权所有人，被告未经许可使用其作品。")
    assert is_furniture_line("本文版权所有，未经授权不得转载。")


@pytest.mark.parametrize("rel", ["news-footer.html", "journal-month.html", "blog-comments.html",
                                 "forum-thread.gb2312.html"])
def test_author_is_never_the_site(rel: str) -> None:
    """云南网 / 汉斯出版社 in meta author, `■ 该作者文章`, a poster's stats: no person or desk stated."""
    assert extract(page(REGRESS + rel), "http://127.0.0.1:8765/" + REGRESS + rel, now=NOW)["author"] is None


def test_missing_date_reaches_analysis_and_duty_as_unknown() -> None:
    """No date on the page: the stored document has none, the analysis says its event date is
    unknown, and the event (hence the duty) counts from the first sighting, flagged."""
    from types import SimpleNamespace

    from alerts.duty_messages import SOURCE_NOTE
    from crawlers.pipelines import build_document
    from nlp.analyzer import published_day
    from nlp.dates import event_date
    from scoring.events import reports_from_article
    from scoring.rulebook import load_rulebook

    src = SimpleNamespace(encoding=None, outlet=None, type="search")
    doc = build_document({"body": page(REGRESS + "no-date.html"), "url": "http://127.0.0.1:8765/regress/no-date.html",
                          "source": "s", "source_type": "news", "fetched_at": NOW.isoformat()}, source=src, tz=TZ, now=NOW)
    assert (doc["published_at"], doc["published_at_source"], doc["published_source"]) == (None, "none", "none:no-date")
    assert event_date("公司近日收到处罚。9月5日已整改。", published_day(doc)) == (None, "unknown")  # no year invented
    doc["analysis"] = {"status": "done", "subject": "e1", "risk_types": ["administrative_penalty"],
                       "event_date": None, "event_date_source": "unknown", "severity": 0.5}
    rb = load_rulebook(ROOT / "config" / "scoring.yaml")
    (rep,) = reports_from_article({**doc, "id": doc["id"]}, rb)[:1]
    assert (rep.event_date, rep.event_date_source) == ("2026-03-10", "first_seen")
    assert "待确认" in SOURCE_NOTE["first_seen"]
