"""The offline demo: the scenario site, its configuration (local only), the real crawler against
it, and — when the NLP model has been trained — the whole `ipwatch demo` run under 5 minutes."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml

from ipwatch.shell.demo import DEMO_SOURCES, demo_dir, demo_settings, write_demo_config
from ipwatch.shell.demo_site import TZ, DemoSite, Scenario
from ipwatch.shell.localsite import AlertSink

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site():
    s = DemoSite(Scenario.load(demo_dir() / "scenario.yaml"))
    yield s
    s.close()


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers["Content-Type"], r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode("utf-8")


def test_scenario_pages_search_feed_and_publicity_list(site):
    sc = site.scenario
    code, _, body = fetch(site.url + "/robots.txt")
    assert code == 200 and "Allow: /" in body
    # search: every article naming the query, newest first, with the markup demo-news expects
    code, _, body = fetch(site.url + "/search?q=" + quote('"华信知识产权"') + "&page=1")
    assert code == 200 and body.count('class="result c-container"') >= 5
    assert 'span class="c-src"' in body and "小时前" in body
    code, _, body = fetch(site.url + "/search?q=" + quote("不存在的公司"))
    assert "没有找到相关结果" in body
    # feed: valid RSS, recent dates
    code, ctype, body = fetch(site.url + "/feeds/news.xml")
    assert "rss" in ctype
    items = ET.fromstring(body.encode()).findall("./channel/item")
    assert len(items) == sum(1 for a in sc.articles if a.get("feed"))
    # publicity list and a detail page with the labels the official spider reads
    code, _, body = fetch(site.url + "/penalty/list.html")
    assert body.count('<tr class="row">') == len(sc.penalties["records"])
    today = datetime.now(TZ)
    assert f"{today - timedelta(days=3):%Y-%m-%d}" in body
    code, _, body = fetch(site.url + "/penalty/detail-20261187.html")
    assert "91110105062837051B" in body and "罚款金额（万元）" in body
    assert f"{today - timedelta(days=3):%Y年%m月%d日}" in body and "{{" not in body
    # an article page
    code, _, body = fetch(site.url + sc.articles[0]["path"])
    assert code == 200 and sc.articles[0]["title"] in body and 'class="time"' in body
    assert fetch(site.url + "/nope.html")[0] == 404


def test_scenario_names_watchlist_entities():
    from ipwatch.watchlist import load_watchlist

    wl = load_watchlist(ROOT / "config" / "watchlist.yaml")
    ids = {e.id: e for e in wl.entities}
    assert {"hx-patent", "unit-huazhi", "ntop"} <= set(ids)
    assert ids["ntop"].operating_unit == "unit-huazhi"
    sc = Scenario.load(demo_dir() / "scenario.yaml")
    text = " ".join(a["title"] + "".join(a["paragraphs"]) for a in sc.articles)
    for eid in ("hx-patent", "unit-huazhi", "ntop"):
        assert ids[eid].name in text
    hx = next(r for r in sc.penalties["records"] if "华信" in r["title"])
    assert hx["fields"]["统一社会信用代码"] == ids["hx-patent"].uscc
    outlets = {a["outlet"] for a in sc.articles if "华信" in a["title"]}
    assert len(outlets) >= 5                                         # the story spreads


def test_demo_config_is_valid_and_local_only(tmp_path):
    sink = AlertSink()
    try:
        write_demo_config(ROOT / "config", tmp_path, "http://127.0.0.1:1234", sink.url)
    finally:
        sink.close()
    sources = yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))
    assert {s["name"] for s in sources["sources"]} == set(DEMO_SOURCES)
    assert all(s["enabled"] and urlsplit(s["base_url"]).hostname == "127.0.0.1" for s in sources["sources"])
    alerts = yaml.safe_load((tmp_path / "alerts.yaml").read_text(encoding="utf-8"))
    assert all(urlsplit(c["url"]).hostname == "127.0.0.1" for c in alerts["channels"].values())
    for module, model, name in (("crawlers.sources", "SourcesConfig", "sources.yaml"),
                                ("alerts.routing", "AlertsConfig", "alerts.yaml")):
        if importlib.util.find_spec(module.split(".")[0]) and importlib.util.find_spec(module):
            from ipwatch.config import load_yaml_model

            cfg = load_yaml_model(getattr(importlib.import_module(module), model), tmp_path / name)
            assert cfg is not None


def test_alert_sink_keeps_one_copy_per_idempotency_key():
    sink = AlertSink()
    try:
        for _ in range(2):
            req = urllib.request.Request(sink.url + "/ipwatch/hook", data=b'{"title": "t"}', method="POST",
                                         headers={"Idempotency-Key": "k1", "Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=5).read()
    finally:
        sink.close()
    assert len(sink.received) == 1


CRAWL = """
import json, sys
from pathlib import Path
from ipwatch.context import AppContext
from ipwatch.settings import load_settings
from crawlers.jobs import crawl
if __name__ == "__main__":
    cfg = Path(sys.argv[1])
    app = AppContext(config_dir=cfg, settings=load_settings(cfg))
    print(json.dumps(crawl(app, sources=sys.argv[2].split(","), timeout=240)))
"""


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("crawlers.jobs") is None, reason="crawlers not built yet")
def test_the_real_crawler_reads_the_scenario_site(site, store, settings, tmp_path):
    """The demo sources (config/sources.yaml) against the scenario: pages, feed and records stored."""
    sink = AlertSink()
    cfg = tmp_path / "config"
    write_demo_config(ROOT / "config", cfg, site.url, sink.url)
    sink.close()
    s = demo_settings(cfg, settings, settings.es.index_prefix, tmp_path / "work")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_CONFIG_DIR": str(cfg), "IPWATCH_BASE_DIR": str(ROOT), "IPWATCH_ES__URL": s.es.url,
                "IPWATCH_ES__INDEX_PREFIX": s.es.index_prefix, "IPWATCH_SPOOL__DIR": str(s.spool.dir),
                "IPWATCH_CRAWL__STATE_DIR": str(s.crawl.state_dir), "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
                "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "8", "NO_PROXY": "127.0.0.1"})
    script = tmp_path / "crawl.py"
    script.write_text(CRAWL)
    out = subprocess.run([sys.executable, str(script), str(cfg), ",".join(DEMO_SOURCES)], env=env,
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result.get("error") is None and result["stored"] >= 10, result
    store.refresh()
    docs = [h["_source"] for h in store.search(store.ix.name("articles"), size=100)["hits"]["hits"]]
    # the feed links articles that the news listing links too: each page is stored once, credited to
    # whichever spider claims it first, so the feed is checked by what its spider read
    assert {"demo-news", "demo-penalty"} <= {d["source"] for d in docs} <= set(DEMO_SOURCES)
    assert len({d["canonical_url"] for d in docs}) == len(docs)
    feed = result["spiders"]["feeds"]
    assert feed["responses"] >= 2 and feed["stored"] + feed["skipped_seen"] >= 1, result["spiders"]
    rec = [d["record"] for d in docs if d.get("record") and d["record"].get("party_uscc") == "91110105062837051B"]
    assert rec and rec[0]["amount_yuan"] == 200000
    assert any(d.get("duplicate_of") for d in docs)                  # the verbatim repost
    assert all(urlsplit(d["url"]).hostname == "127.0.0.1" for d in docs)


def _model_ready() -> bool:
    return (ROOT / "models" / "ipwatch-zh-risk" / "config.json").exists()


needs_everything = pytest.mark.skipif(
    not _model_ready() or any(importlib.util.find_spec(m) is None for m in ("crawlers", "nlp", "scoring", "alerts")),
    reason="the NLP model is not trained yet (ipwatch train) or a pipeline package is missing")


@pytest.fixture(scope="module")
def demo_run(request):
    """`ipwatch demo --json` with the trained model: the session's one run, which the console tests
    share (tests/console_support.py) — (seconds it took, its summary, the finished process)."""
    if not _model_ready():
        pytest.skip("the NLP model is not trained yet (ipwatch train)")
    demo = request.getfixturevalue("console_demo")
    return demo.took, demo.summary, demo.run


@pytest.mark.slow
@needs_everything
def test_ipwatch_demo_end_to_end_under_five_minutes(demo_run):
    """The mechanics with the real model: every step ran, data landed, alerts reached the sink."""
    took, s, _ = demo_run
    assert took < 300, took
    assert s["articles"] >= 12 and s["analysed"] == s["articles"] and s["negative"] >= 3
    assert s["near_duplicates"] >= 1
    assert set(s["articles_by_type"]) >= {"official"}
    assert any(e["entity_id"] == "hx-patent" for e in s["events"]), s["events"]
    assert any(g["entity_id"] == "hx-patent" for g in s["grade_changes"]), s["grade_changes"]
    assert s["notifications"], "nothing reached the local alert sink"


@pytest.mark.slow
@needs_everything
def test_demo_output_is_the_summary_and_its_log_goes_to_a_file(demo_run):
    """No JSON log line or Scrapy stats dump between the summary lines: they go to the demo's log file."""
    _, s, out = demo_run
    assert '"level"' not in out.stdout and '"level"' not in out.stderr
    assert "Dumping Scrapy stats" not in out.stdout + out.stderr
    log = Path(out.stdout.split("; log ", 1)[1].split("\n", 1)[0])
    assert "Dumping Scrapy stats" in log.read_text(encoding="utf-8") and '"level"' in log.read_text(encoding="utf-8")


@pytest.mark.slow
@needs_everything
def test_demo_story_opens_the_operating_units_reporting_duty(demo_run):
    """The scenario's point: the operating unit's change of legal representative is a major matter
    for platform ntop, due one week after it occurred. Needs the model to read it as
    leadership_change of unit-huazhi."""
    _, s, _ = demo_run
    ev = [(e["entity_id"], e["risk_type"]) for e in s["events"]]
    assert ("unit-huazhi", "leadership_change") in ev, ev
    duty = [d for d in s["duties"] if d["risk_type"] == "leadership_change"]
    assert duty and duty[0]["platform_name"] == "国家知识产权运营公共服务平台", s["duties"]
    occurred = datetime.fromisoformat(duty[0]["occurred_on"][:10])
    assert datetime.fromisoformat(duty[0]["due"][:10]) - occurred == timedelta(days=7)
    grades = {r["entity_id"]: r for r in s["ratings"]}
    assert grades["unit-huazhi"]["grade"] == "A+"          # a routine leadership change costs nothing


@pytest.mark.slow
@needs_everything
def test_demo_shows_a_late_found_matter_a_missing_report_and_a_name_collision(demo_run):
    """Issue 15's scenario: the Hengqin unit's equity change, reported 17 days after it occurred, opens
    an overdue duty (ten days late) and the missing report lowers the unit and its platform; the
    provincial 山西知识产权金融服务平台 opens nothing for the national platform."""
    _, s, _ = demo_run
    late = [d for d in s["duties"] if d["risk_type"] == "equity_change"]
    assert late and late[0]["overdue"] and late[0]["late_by_days"] == 10 and late[0]["found_days_after"] == 17, s["duties"]
    grades = {r["entity_id"]: r for r in s["ratings"]}
    assert grades["unit-hengqin"]["grade"] == "A" and grades["hengqin-finance"]["grade"] != "A+"
    assert [a["title"] for a in s["name_collisions"]] == ["山西知识产权金融服务平台被曝违规收费"]
    assert not any(d["platform_name"] == "知识产权金融服务平台" for d in s["duties"])


class KeywordAnalyzer:
    """Stands in for the trained model: watchlist names by substring, risk types by keyword."""

    RISKS = {"administrative_penalty": ("罚款", "处罚", "警告"), "litigation": ("起诉", "诉讼"),
             "leadership_change": ("法定代表人", "换帅", "卸任"), "major_public_opinion": ("投诉", "维权")}
    NEGATIVE = ("罚", "投诉", "起诉", "驳回", "虚假", "警钟")

    def __init__(self, watchlist):  # noqa: ANN001
        self.names = sorted(((n, e) for e in watchlist.entities for n in [e.name, *e.aliases]),
                            key=lambda x: -len(x[0]))

    def analyze(self, articles):  # noqa: ANN001, ANN201
        out = []
        for a in articles:
            title, text = a.get("title") or "", a.get("text") or ""
            full = title + "\n" + text
            found: dict[str, dict] = {}
            for name, e in self.names:
                i = full.find(name)
                if i >= 0 and e.id not in found:
                    found[e.id] = {"id": e.id, "name": e.name, "spans": [[i, i + len(name)]], "pos": i}
            neg = any(k in full for k in self.NEGATIVE)
            risks = [r for r, kws in self.RISKS.items() if any(k in full for k in kws)]
            subject = min(found.values(), key=lambda x: x["pos"])["id"] if found and risks else None
            ents = [{"id": f["id"], "name": f["name"], "spans": f["spans"],
                     "role": "subject" if f["id"] == subject else "mentioned",
                     "sentiment": "negative" if neg and f["id"] == subject else "neutral",
                     "negative_score": 0.9 if neg and f["id"] == subject else 0.1} for f in found.values()]
            out.append({"id": a["id"], "status": "done", "model": "keyword-test",
                        "analyzed_at": datetime.now(TZ).isoformat(),
                        "sentiment": "negative" if neg else "neutral",
                        "sentiment_scores": {"negative": 0.9 if neg else 0.1, "neutral": 0.1 if neg else 0.9,
                                             "positive": 0.0},
                        "risk_types": risks, "risk_scores": {r: 0.9 for r in risks}, "entities": ents,
                        "entity_ids": [e["id"] for e in ents],
                        "negative_entity_ids": [e["id"] for e in ents if e["sentiment"] == "negative"],
                        "subject": subject, "event_date": (a.get("published_at") or "")[:10] or None,
                        "event_date_source": "published", "severity": 0.7 if risks else 0.0})
        return out


@pytest.mark.slow
@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("crawlers", "nlp", "scoring", "alerts")),
                    reason="pipeline packages missing")
def test_demo_pipeline_with_a_stand_in_model(stand_in_demo):
    """The demo's orchestration and every package after the model, with a keyword analyzer (the
    session's run, tests/conftest.py; tests/test_reports.py reads its data)."""
    from ipwatch.shell.demo import print_summary

    summary, took, _, _ = stand_in_demo
    lines: list[str] = []
    print_summary(summary, echo=lines.append)
    print("\n".join(lines))
    assert took < 300
    assert summary["articles"] >= 10 and summary["analysed"] == summary["articles"]
    assert {e["entity_id"] for e in summary["events"]} >= {"hx-patent", "unit-huazhi"}
    assert summary["duties"], "no reporting duty opened"
    assert summary["notifications"], "nothing reached the local alert sink"
