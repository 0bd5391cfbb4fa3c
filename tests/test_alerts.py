"""Alerts against the real Elasticsearch and real local receivers: the one-week reporting duty
(open → reminders → escalation → ack → report), the outbox (exactly one delivery across a
crash, retries, silences, rate limits), the chat robots' signatures, SMTP with STARTTLS, and the
four alert kinds (duties, 重大舆情 surges, grade changes, self-inspection hits)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from alerts import jobs
from ipwatch.clock import ManualClock, iso
from alerts.deadline import deadline, due_date
from alerts.duties import duty_id
from alerts.duty_actions import transition
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext
from ipwatch.job import run_job
from ipwatch.errors import ConfigError
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import Watchlist
from tests.conftest import drop_prefix

SH = ZoneInfo("Asia/Shanghai")
SECRETS = {"T_HOOK_SECRET": "hook-secret-5f2a9c", "T_DING_TOKEN": "ding-token-77aa01",
           "T_DING_SECRET": "SECdingsecret0c9d8e7f", "T_WECOM_KEY": "wecom-key-693f1b2c",
           "T_FEISHU_HOOK": "feishu-hook-0a1b2c3d", "T_FEISHU_SECRET": "feishu-secret-9e8d7c",
           "T_SMTP_PASSWORD": "smtp-pass-4d3c2b1a"}


# --- local receivers ---------------------------------------------------------------------------
class Receiver:
    """One HTTP server playing DingTalk, WeCom, Feishu and a generic webhook endpoint. It checks
    each platform's signature the way the platform does and records what it accepted."""

    def __init__(self) -> None:
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []
        self.fail_next = 0
        self.lock = threading.Lock()
        rx = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, resp = rx.handle(self.path, dict(self.headers), body)
                raw = json.dumps(resp).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return 503, {"error": "try later"}
        u = urllib.parse.urlsplit(path)
        q = dict(urllib.parse.parse_qsl(u.query))
        data = json.loads(body)
        key = headers.get("X-Ipwatch-Idempotency-Key")
        rec = {"path": u.path, "query": q, "body": data, "key": key, "headers": headers, "at": time.time()}
        if u.path == "/dingtalk/robot/send":
            ts = int(q.get("timestamp", "0"))
            want = base64.b64encode(hmac.new(SECRETS["T_DING_SECRET"].encode(),
                                             f"{ts}\n{SECRETS['T_DING_SECRET']}".encode(), hashlib.sha256).digest()).decode()
            ok = q.get("access_token") == SECRETS["T_DING_TOKEN"] and q.get("sign") == want and \
                abs(time.time() * 1000 - ts) < 3600_000
            return self._result(rec, "dingtalk", ok, 200, {"errcode": 0, "errmsg": "ok"},
                                {"errcode": 310000, "errmsg": "sign not match"})
        if u.path == "/wecom/webhook/send":
            ok = q.get("key") == SECRETS["T_WECOM_KEY"] and data.get("msgtype") == "markdown"
            return self._result(rec, "wecom", ok, 200, {"errcode": 0, "errmsg": "ok"},
                                {"errcode": 93000, "errmsg": "invalid webhook url"})
        if u.path.startswith("/feishu/hook/"):
            ts = int(data.get("timestamp", "0"))
            want = base64.b64encode(hmac.new(f"{ts}\n{SECRETS['T_FEISHU_SECRET']}".encode(), b"",
                                             hashlib.sha256).digest()).decode()
            ok = u.path.rsplit("/", 1)[1] == SECRETS["T_FEISHU_HOOK"] and data.get("sign") == want and \
                abs(time.time() - ts) < 3600
            return self._result(rec, "feishu", ok, 200, {"code": 0, "msg": "success"},
                                {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"})
        if u.path in ("/hook", "/boss"):
            ts = headers.get("X-Ipwatch-Timestamp", "")
            want = "sha256=" + hmac.new(SECRETS["T_HOOK_SECRET"].encode(), ts.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(headers.get("X-Ipwatch-Signature", ""), want)
            return self._result(rec, u.path[1:], ok, 200, {"ok": True}, {"error": "bad signature"}, bad_status=401)
        return 404, {"error": "no such endpoint"}

    def _result(self, rec: dict[str, Any], channel: str, ok: bool, status: int, good: dict[str, Any],
                bad: dict[str, Any], bad_status: int = 200) -> tuple[int, dict[str, Any]]:
        rec["channel"] = channel
        with self.lock:
            (self.accepted if ok else self.rejected).append(rec)
        return (status, good) if ok else (bad_status, bad)

    def on(self, channel: str) -> list[dict[str, Any]]:
        return [r for r in self.accepted if r["channel"] == channel]


class Smtp:
    """aiosmtpd on 127.0.0.1 with STARTTLS required and AUTH LOGIN/PLAIN checked."""

    def __init__(self, tmp_path: Any, tls: bool = True) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages: list[Any] = []
        smtp = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                smtp.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        def auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
            ok = data.login == b"ipwatch" and data.password == SECRETS["T_SMTP_PASSWORD"].encode()
            return AuthResult(success=ok, handled=False)

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        kw: dict[str, Any] = {}
        if tls:
            cert, key = _self_signed(tmp_path)
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
            kw = {"tls_context": ctx, "require_starttls": True, "authenticator": auth, "auth_require_tls": True}
            self.ca = str(cert)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **kw)
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()


def _self_signed(tmp_path: Any) -> tuple[Any, Any]:
    pytest.importorskip("cryptography")          # installed with scrapy (pyOpenSSL)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cp, kp = tmp_path / "cert.pem", tmp_path / "key.pem"
    cp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    kp.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))
    return cp, kp


# --- fixtures ------------------------------------------------------------------------------------
WATCHLIST = Watchlist.model_validate({"entities": [
    {"id": "p-alpha", "type": "platform", "name": "阿尔法知识产权运营平台", "aliases": ["阿尔法平台"],
     "category": "交易服务", "operating_unit": "u-alpha", "region": "北京"},
    {"id": "p-beta", "type": "platform", "name": "贝塔知识产权金融平台", "aliases": ["贝塔平台"], "category": "金融服务",
     "uncertain": ["in_recognised_list", "operating_unit"]},
    {"id": "u-alpha", "type": "operating_unit", "name": "阿尔法运营管理有限公司"},
    {"id": "i-agency", "type": "institution", "name": "甲乙专利代理有限公司", "kind": "patent_agency",
     "resides_on": ["p-alpha"]},
    {"id": "i-busy", "type": "institution", "name": "热门银行股份有限公司", "kind": "bank",
     "cooperates_with": ["p-beta"]},
]})


ALERT_INDICES = ["articles", "events", "ratings", "rating-history", "alerts", "duties", "outbox", "state"]


@pytest.fixture(scope="module")
def module_settings(es_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from ipwatch.settings import load_settings
    from tests.conftest import ROOT

    tmp = tmp_path_factory.mktemp("alerts")
    env = {"IPWATCH_ES__URL": es_url, "IPWATCH_ES__INDEX_PREFIX": f"test-alerts-{uuid.uuid4().hex[:8]}",
           "IPWATCH_SPOOL__DIR": str(tmp / "spool"), "IPWATCH_ES__BACKOFF_INITIAL": "0.05"}
    return load_settings(ROOT / "config", env=env)


@pytest.fixture(scope="module")
def module_store(module_settings: Any) -> Any:
    """One index prefix for the module, with only the templates and indices alerts uses (index
    creation is what costs seconds on a busy node); each test starts from emptied indices."""
    from ipwatch.store.templates import all_templates, component_template

    st = Store(module_settings)
    cfg = module_settings.es
    st.es.cluster.put_component_template(name=st.ix.component_name, **component_template(cfg.shards, cfg.replicas))
    templates = all_templates(st.ix)
    for logical in ALERT_INDICES:
        st.es.indices.put_index_template(name=st.ix.template_name(logical), **templates[st.ix.template_name(logical)])
    threads = [threading.Thread(target=st.es.options(ignore_status=400).indices.create, kwargs={"index": st.ix.name(x)})
               for x in ALERT_INDICES if x != "articles"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    yield st
    drop_prefix(st)


@pytest.fixture
def settings(module_settings: Any) -> Any:
    return module_settings


@pytest.fixture
def store(module_store: Store) -> Any:
    """The module's store, emptied document by document (a bulk delete by id; no delete-by-query)."""
    from elasticsearch.helpers import bulk

    pattern = f"{module_store.ix.prefix}-*"
    module_store.refresh(pattern)
    actions = [{"_op_type": "delete", "_index": h["_index"], "_id": h["_id"]}
               for h in module_store.scan(pattern, _source=False)]
    if actions:
        bulk(module_store.es, actions, refresh=True, raise_on_error=False)
    return module_store


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    return SECRETS


@pytest.fixture
def rx() -> Any:
    r = Receiver()
    yield r
    r.close()


def make_config(rx: Receiver, **extra: Any) -> AlertsConfig:
    data: dict[str, Any] = {
        "outbox": {"backoff_initial_seconds": 10, "lease_seconds": 60, "timeout_seconds": 5, "max_attempts": 4,
                   "dispatch_after_evaluate": False},
        "surge": {"outlet_authority": {"people.com.cn": 0.9, "blog.example": 0.2}},
        "channels": {
            "hook": {"type": "webhook", "url": f"{rx.url}/hook", "secret_env": "T_HOOK_SECRET"},
            "boss": {"type": "webhook", "url": f"{rx.url}/boss", "secret_env": "T_HOOK_SECRET"},
            "ding": {"type": "dingtalk", "url": f"{rx.url}/dingtalk/robot/send", "token_env": "T_DING_TOKEN",
                     "secret_env": "T_DING_SECRET"},
            "wecom": {"type": "wecom", "url": f"{rx.url}/wecom/webhook/send", "key_env": "T_WECOM_KEY"},
            "feishu": {"type": "feishu", "url": f"{rx.url}/feishu/hook", "hook_env": "T_FEISHU_HOOK",
                       "secret_env": "T_FEISHU_SECRET"},
        },
        "routes": [
            {"name": "duties", "match": {"kinds": ["duty", "duty_reminder", "duty_overdue"]}, "channels": ["hook"]},
            {"name": "supervisor", "match": {"kinds": ["duty_overdue"]}, "channels": ["boss"]},
            {"name": "alpha-officers", "match": {"kinds": ["surge", "grade_change", "compliance"],
                                                 "platforms": ["p-alpha"]}, "channels": ["hook", "ding"]},
            {"name": "others", "match": {"kinds": ["surge", "grade_change", "compliance"]}, "channels": ["hook"]},
        ],
    }
    for k, v in extra.items():
        data[k] = v if not isinstance(v, dict) or not isinstance(data.get(k), dict) else {**data[k], **v}
    return AlertsConfig.model_validate(data)


@pytest.fixture
def app(settings: Any, store: Store, rx: Receiver, secrets_env: dict[str, str]) -> AppContext:
    a = AppContext(settings=settings)
    a.__dict__["store"] = store
    a.__dict__["watchlist"] = WATCHLIST
    a.provide(load_alerts_config, make_config(rx))
    return a


def local(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SH)


def put_event(store: Store, **kw: Any) -> dict[str, Any]:
    ev = {"id": kw.pop("id", uuid.uuid4().hex), "entity_id": "u-alpha", "entity_name": "阿尔法运营管理有限公司",
          "entity_type": "operating_unit", "platforms": [], "risk_type": "litigation", "event_date": "2026-03-02",
          "event_date_source": "text", "first_seen": "2026-03-03T08:00:00+08:00",
          "last_seen": "2026-03-03T08:00:00+08:00", "severity": 0.6, "confidence": 0.9, "official": False,
          "status": "new", "title": "阿尔法运营管理有限公司被诉合同纠纷", "article_ids": ["a1"], "outlets": ["人民网"],
          "urls": ["https://news.example/a1"], "source_count": 1,
          "updated_at": iso(datetime.now(timezone.utc)), **kw}
    store.index(store.ix.name("events"), ev["id"], ev)
    store.refresh(store.ix.name("events"))
    return ev


def outbox_docs(store: Store) -> list[dict[str, Any]]:
    store.refresh(store.ix.name("outbox"))
    return [h["_source"] for h in store.scan(store.ix.name("outbox"))]


def get_duty(store: Store, did: str) -> dict[str, Any]:
    return store.get(store.ix.name("duties"), did).source


def tick(app: AppContext, now: datetime) -> dict[str, int]:
    return jobs.run_once(app, now)


# --- the rule ------------------------------------------------------------------------------------
def test_due_is_occurrence_plus_seven_days_end_of_day_shanghai() -> None:
    cfg = AlertsConfig().duty
    assert due_date(date(2026, 3, 2), cfg) == date(2026, 3, 9)
    dl = deadline(date(2026, 3, 9), cfg)
    assert dl.astimezone(SH).date() == date(2026, 3, 9) and dl.astimezone(SH).hour == 23
    assert dl.astimezone(timezone.utc) == datetime(2026, 3, 9, 15, 59, 59, 999000, tzinfo=timezone.utc)
    assert due_date(date(2026, 3, 2), AlertsConfig.model_validate({"duty": {"period_days": 5}}).duty) == date(2026, 3, 7)


# --- the duty lifecycle, end to end ------------------------------------------------------------
def test_duty_walks_through_reminders_escalation_ack_and_report(app: AppContext, rx: Receiver) -> None:
    store = app.store
    ev = put_event(store, event_date="2026-03-02", quote="阿尔法运营管理有限公司因合同纠纷被客户起诉至海淀区法院")
    clock = ManualClock(local(2026, 3, 3))
    app.clock = clock                                   # the CLI and the jobs read it
    counts = tick(app, clock.now())
    assert counts["duties_opened"] == 1 and counts["sent"] == 1
    did = duty_id("p-alpha", ev["id"])
    d = get_duty(store, did)
    assert (d["state"], d["due"], d["platform_id"], d["occurred_on_source"]) == ("open", "2026-03-09", "p-alpha", "text")
    assert not d["urgent"] and not d["overdue"]
    [msg] = rx.on("hook")
    text = msg["body"]["text"]
    assert "重大事项报告提醒" in msg["body"]["title"] and "阿尔法运营管理有限公司" in text and "诉讼" in text
    assert "2026-03-09" in text and "https://news.example/a1" in text and "阿尔法知识产权运营平台" in text
    assert "依据" in text and "被客户起诉至海淀区法院" in text     # the sentence that states the matter
    assert "诉讼: named in 156号" in text                            # why it is reported

    def kinds() -> list[tuple[str, str]]:
        return [(r["channel"], r["body"]["notification"]["kind"]) for r in rx.accepted]

    tick(app, clock.set(local(2026, 3, 5)))          # 4 days left: nothing yet
    assert len(rx.accepted) == 1
    tick(app, clock.set(local(2026, 3, 6, 9)))       # 3 days before due
    tick(app, clock.set(local(2026, 3, 6, 18)))      # same day again: no repeat
    assert kinds()[1:] == [("hook", "duty_reminder")]
    assert "距报送截止还有 3 天" in rx.accepted[-1]["body"]["text"]
    tick(app, clock.set(local(2026, 3, 8)))          # 1 day before
    tick(app, clock.set(local(2026, 3, 9, 8)))       # the due day
    assert "今天是报送截止日" in rx.accepted[-1]["body"]["text"]
    assert len(rx.on("boss")) == 0
    tick(app, clock.set(local(2026, 3, 10, 0, ) + timedelta(minutes=1)))   # overdue: escalated to the supervisor
    assert [r["body"]["notification"]["kind"] for r in rx.on("boss")] == ["duty_overdue"]
    assert rx.on("boss")[0]["body"]["title"].startswith("【已逾期】")
    tick(app, clock.set(local(2026, 3, 10, 20)))     # within the repeat period: nothing
    assert len(rx.on("boss")) == 1
    tick(app, clock.set(local(2026, 3, 11, 2)))      # a day later: escalated again
    assert len(rx.on("boss")) == 2
    d = get_duty(store, did)
    assert d["overdue"] and d["escalated_at"] and set(d["reminders_sent"]) >= {"d-3", "d-1", "d-0", "overdue-0", "overdue-1"}

    runner = CliRunner()
    res = runner.invoke(_duties(), [], obj=app)
    assert res.exit_code == 0, res.output
    assert did[:10] in res.output and "OVERDUE" in res.output and "2026-03-09" in res.output
    res = runner.invoke(_duties(), ["ack", did[:8], "--by", "张三"], obj=app)
    assert res.exit_code == 0, res.output
    res = runner.invoke(_duties(), ["ack", did[:8], "--by", "张三"], obj=app)
    assert res.exit_code != 0 and "cannot become acknowledged" in str(res.exception or res.output)
    res = runner.invoke(_duties(), ["report", did[:8], "--ref", "运营函〔2026〕12号", "--date", "2026-03-11",
                                 "--by", "李四"], obj=app)
    assert res.exit_code == 0, res.output
    assert "late" in res.output
    tick(app, clock.set(local(2026, 3, 12)))
    d = get_duty(store, did)
    assert d["state"] == "reported" and d["report_ref"] == "运营函〔2026〕12号" and d["report_date"] == "2026-03-11"
    assert [(h["actor"], h["from"], h["to"]) for h in d["history"] if h["from"] != h["to"]] == [
        ("system", None, "open"), ("张三", "open", "acknowledged"), ("李四", "acknowledged", "reported")]
    resolved = rx.on("hook")[-1]
    assert resolved["body"]["notification"]["state"] == "resolved" and "【已解除】" in resolved["body"]["title"]
    assert "运营函〔2026〕12号" in resolved["body"]["text"]
    assert len(rx.on("boss")) == 2                                  # nothing after the report
    res = runner.invoke(_duties(), ["show", did], obj=app)
    assert res.exit_code == 0 and "张三" in res.output and "https://news.example/a1" in res.output
    assert "依据「阿尔法运营管理有限公司因合同纠纷被客户起诉至海淀区法院」" in res.output
    res = runner.invoke(_duties(), [], obj=app)
    assert did[:10] not in res.output
    res = runner.invoke(_duties(), ["--all"], obj=app)
    assert did[:10] in res.output and "reported" in res.output
    res = runner.invoke(_alerts(), ["list", "--all"], obj=app)
    assert res.exit_code == 0 and "duty" in res.output and "resolved" in res.output
    assert Counter(r["key"] for r in rx.accepted).most_common(1)[0][1] == 1   # never twice


def _duties() -> Any:     # the commands `ipwatch duties` and `ipwatch alerts`
    from alerts.cli import duties

    return duties


def _alerts() -> Any:
    from alerts.cli import alerts

    return alerts


def test_new_evidence_attaches_merged_event_joins_and_rejection_dismisses(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 3)
    ev = put_event(store, id="ev-1", event_date="2026-03-02", risk_type="administrative_penalty",
                   entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    tick(app, now)
    did = duty_id("p-beta", "ev-1")
    n_out = len(outbox_docs(store))
    put_event(store, **{**ev, "article_ids": ["a1", "a2"], "urls": ev["urls"] + ["https://news.example/a2"],
                        "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=1))
    assert counts["duties_attached"] == 1 and counts["duties_opened"] == 0
    d = get_duty(store, did)
    assert d["article_ids"] == ["a1", "a2"] and "https://news.example/a2" in d["urls"]
    assert "新增 1 条报道" in d["history"][-1]["note"]
    # scoring merged ev-1 into ev-2 (same reports + one more): still one duty
    put_event(store, **{**ev, "active": False, "superseded_by": "ev-2", "updated_at": iso(datetime.now(timezone.utc))})
    put_event(store, **{**ev, "id": "ev-2", "article_ids": ["a1", "a2", "a3"], "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=2))
    assert counts["duties_opened"] == 0
    store.refresh()
    assert store.es.count(index=store.ix.name("duties"))["count"] == 1
    assert get_duty(store, did)["related_event_ids"] == ["ev-2"]
    assert len(outbox_docs(store)) == n_out            # no new notification for evidence
    # the successor is rejected by an officer: the duty is dismissed by the system, with a resolved message
    put_event(store, **{**ev, "id": "ev-2", "status": "rejected", "status_reason": "同名企业误识别",
                        "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=3))
    d = get_duty(store, did)
    assert counts["duties_dismissed"] == 1 and d["state"] == "dismissed" and d["dismissed_by"] == "system"
    assert "同名企业误识别" in d["dismiss_reason"]
    assert rx.on("hook")[-1]["body"]["notification"]["state"] == "resolved"
    # re-running changes nothing
    before = len(rx.accepted)
    tick(app, now + timedelta(hours=4))
    assert len(rx.accepted) == before


def test_a_backfill_cutoff_leaves_older_matters_out_and_the_retired_window_is_refused(app: AppContext,
                                                                                     rx: Receiver) -> None:
    from alerts.routing import AlertsConfig

    cfg = jobs.get_config(app).model_copy(deep=True)
    cfg.duty.backfill_cutoff = date(2026, 1, 1)
    app.provide(load_alerts_config, cfg)
    put_event(app.store, id="before", event_date="2025-12-20")
    put_event(app.store, id="after", event_date="2026-01-05", risk_type="equity_change")
    counts = tick(app, local(2026, 3, 20))
    assert counts["before_cutoff"] == 1 and counts["duties_opened"] == 1
    with pytest.raises(ValueError, match="backfill_cutoff"):
        AlertsConfig.model_validate({"duty": {"ignore_older_than_days": 60}})


def test_the_reportable_list_has_a_reason_for_each_matter_and_covers_the_notices_etc(app: AppContext,
                                                                                   rx: Receiver) -> None:
    from alerts.routing import AlertsConfig

    put_event(app.store, id="bk", event_date="2026-03-18", risk_type="bankruptcy_closure")
    put_event(app.store, id="fraud", event_date="2026-03-18", risk_type="fraud")
    counts = tick(app, local(2026, 3, 20))
    assert counts["duties_opened"] == 1                      # bankruptcy: under 等; fraud alone is not a matter
    d = get_duty(app.store, duty_id("p-alpha", "bk"))
    assert "等" in d["reportable_because"]
    with pytest.raises(ValueError, match="reason"):
        AlertsConfig.model_validate({"duty": {"major_matters": ["litigation"]}})
    with pytest.raises(ValueError, match="unknown risk code"):
        AlertsConfig.model_validate({"duty": {"major_matters": {"lawsuit": "诉讼"}}})


def test_a_report_without_any_date_counts_from_first_sighting_flagged(app: AppContext, rx: Receiver) -> None:
    """The page gave no date: the duty says 发生日期待确认 and counts from the day it was first seen;
    a later report that dates the matter replaces that date."""
    store = app.store
    put_event(store, id="undated", event_date="2026-03-18", event_date_source="first_seen", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform",
              first_seen="2026-03-18T09:00:00+08:00")
    tick(app, local(2026, 3, 20))
    d = get_duty(store, duty_id("p-beta", "undated"))
    assert (d["occurred_on"], d["occurred_on_source"], d["due"]) == ("2026-03-18", "first_seen", "2026-03-25")
    msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == d["id"])
    assert "发生日期待确认" in msg["body"]["text"] and "首次发现日期" in msg["body"]["text"]
    put_event(store, id="undated", event_date="2026-03-16", event_date_source="text", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform",
              first_seen="2026-03-18T09:00:00+08:00", article_ids=["a1", "a2"])
    tick(app, local(2026, 3, 20, 11))
    d = get_duty(store, duty_id("p-beta", "undated"))
    assert (d["occurred_on"], d["occurred_on_source"], d["due"]) == ("2026-03-16", "text", "2026-03-23")


def test_found_late_is_raised_at_once_and_publish_date_is_flagged(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20)
    put_event(store, id="late", event_date="2026-03-10", risk_type="leadership_change")       # due 03-17: overdue
    put_event(store, id="near", event_date="2026-03-14", risk_type="equity_change",          # due 03-21: urgent
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    put_event(store, id="pub", event_date="2026-03-19", event_date_source="published", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    put_event(store, id="inst", entity_id="i-agency", entity_type="institution")              # not a platform matter
    put_event(store, id="old", event_date="2025-10-01", risk_type="equity_change")           # found months late
    counts = tick(app, now)
    assert counts["duties_opened"] == 4 and counts["before_cutoff"] == 0
    old = get_duty(store, duty_id("p-alpha", "old"))       # a matter found late is reported late, never dropped
    assert old["overdue"] and old["late_by_days"] == 163 and old["found_days_after"] == 170
    assert "发现时已逾期 163 天" in old["history"][0]["note"]
    old_msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == old["id"])
    assert old_msg["body"]["title"].startswith("【已逾期】") and "170 天后才发现" in old_msg["body"]["text"]
    assert "补报" in old_msg["body"]["text"]
    late = get_duty(store, duty_id("p-alpha", "late"))
    near = get_duty(store, duty_id("p-beta", "near"))
    pub = get_duty(store, duty_id("p-beta", "pub"))
    assert late["overdue"] and late["found_late"] and late["escalated_at"]
    assert near["urgent"] and not near["overdue"]
    assert pub["occurred_on_source"] == "published" and not pub["urgent"]
    titles = {r["body"]["notification"]["duty_id"]: r["body"]["title"] for r in rx.on("hook")
              if r["body"]["notification"]["kind"] == "duty"}
    assert titles[late["id"]].startswith("【已逾期】") and titles[near["id"]].startswith("【紧急】")
    assert sorted(r["body"]["notification"]["duty_id"] for r in rx.on("boss")) == sorted([late["id"], old["id"]])
    # (the overdue ones are escalated at once)
    pub_msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == pub["id"])
    assert "仅有报道发布日期" in pub_msg["body"]["text"]
    # what the duty relies on that no public source confirmed travels with it
    assert "贝塔知识产权金融平台：是否列入156号功能性平台名单未经公开资料确认" in pub_msg["body"]["text"]
    assert pub["unconfirmed"] and not late["unconfirmed"]
    # no reminder right after opening: the opening message covers the days already reached
    assert not any(r["body"]["notification"]["kind"] == "duty_reminder" for r in rx.accepted)
    # dismissing needs a reason; then the duty is closed with who and why, and a resolved message goes out
    app.clock = ManualClock(now)
    res = CliRunner().invoke(_duties(), ["dismiss", pub["id"][:10]], obj=app)
    assert res.exit_code != 0 and "--reason" in res.output
    res = CliRunner().invoke(_duties(), ["dismiss", pub["id"][:10], "--reason", "非依托单位事项", "--by", "王五"], obj=app)
    assert res.exit_code == 0, res.output
    tick(app, now)
    pub = get_duty(store, pub["id"])
    assert (pub["state"], pub["dismissed_by"], pub["dismiss_reason"]) == ("dismissed", "王五", "非依托单位事项")
    last = rx.on("hook")[-1]["body"]
    assert last["notification"]["state"] == "resolved" and "非依托单位事项" in last["text"]


# --- the outbox ------------------------------------------------------------------------------------
def test_crash_between_recorded_and_sent_then_restart_sends_exactly_once(app: AppContext, rx: Receiver,
                                                                        settings: Any) -> None:
    from alerts import outbox

    store, cfg = app.store, jobs.get_config(app)
    now = local(2026, 3, 3)
    put_event(store, id="crash")
    c = run_job(jobs.evaluate, app, now)
    assert c["duties_opened"] == 1
    [doc] = outbox_docs(store)
    assert doc["status"] == "pending"                  # recorded, not sent
    # the process claims it and dies before sending
    outbox.dispatch(store, cfg, now, crash_after_claim=True)
    assert outbox_docs(store)[0]["status"] == "sending" and not rx.accepted
    # a restarted process (new client) respects the live lease, then takes the stale one over
    restarted = Store(settings)
    assert outbox.dispatch(restarted, cfg, now + timedelta(seconds=5))["sent"] == 0
    assert outbox.dispatch(restarted, cfg, now + timedelta(seconds=61))["sent"] == 1
    assert outbox.dispatch(restarted, cfg, now + timedelta(seconds=200))["sent"] == 0
    run_job(jobs.evaluate, app, now + timedelta(seconds=300))       # re-evaluating records nothing new
    assert outbox.dispatch(restarted, cfg, now + timedelta(seconds=400))["sent"] == 0
    assert len(rx.accepted) == 1 and rx.accepted[0]["key"] == doc["idempotency_key"]
    [doc] = outbox_docs(store)
    assert doc["status"] == "sent" and doc["attempts"] == 2


def test_crash_between_duty_write_and_outbox_write_is_repaired_on_rerun(app: AppContext, rx: Receiver,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import alerts.duties as duties_mod

    now = local(2026, 3, 3)
    put_event(app.store, id="half")
    real = duties_mod.enqueue
    monkeypatch.setattr(duties_mod, "enqueue", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        run_job(jobs.evaluate, app, now)
    assert get_duty(app.store, duty_id("p-alpha", "half"))["state"] == "open" and not outbox_docs(app.store)
    monkeypatch.setattr(duties_mod, "enqueue", real)
    tick(app, now + timedelta(minutes=1))          # the restarted daemon
    tick(app, now + timedelta(minutes=2))
    assert [kind_of(r) for r in rx.accepted] == ["duty"]


def test_concurrent_dispatchers_send_once(app: AppContext, rx: Receiver, settings: Any) -> None:
    from alerts import outbox

    now = local(2026, 3, 3)
    for i in range(5):
        put_event(app.store, id=f"cc{i}", article_ids=[f"cc{i}"])
    run_job(jobs.evaluate, app, now)
    stores = [Store(settings) for _ in range(3)]
    threads = [threading.Thread(target=outbox.dispatch, args=(s, jobs.get_config(app), now)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(rx.accepted) == 5 and len({r["key"] for r in rx.accepted}) == 5


def test_retries_with_backoff_and_gives_up_on_a_bad_signature(app: AppContext, rx: Receiver,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from alerts import outbox

    store, cfg = app.store, jobs.get_config(app)
    now = local(2026, 3, 3)
    put_event(store, id="retry")
    run_job(jobs.evaluate, app, now)
    rx.fail_next = 2
    assert outbox.dispatch(store, cfg, now)["retry"] == 1
    [d1] = outbox_docs(store)
    assert d1["status"] == "pending" and "HTTP 503" in d1["last_error"]
    assert outbox.dispatch(store, cfg, now + timedelta(seconds=5))["sent"] == 0      # backing off (10 s)
    assert outbox.dispatch(store, cfg, now + timedelta(seconds=11))["retry"] == 1
    [d2] = outbox_docs(store)
    assert d2["attempts"] == 2
    nxt = datetime.fromisoformat(d2["next_attempt_at"].replace("Z", "+00:00"))
    assert nxt - (now + timedelta(seconds=11)) == timedelta(seconds=20)                # doubled
    assert outbox.dispatch(store, cfg, nxt)["sent"] == 1
    assert len(rx.accepted) == 1
    # a wrong secret: the receiver rejects the signature; no retry storm, the error names no secret
    monkeypatch.setenv("T_HOOK_SECRET", "not-the-right-secret-123")
    put_event(store, id="badsig", article_ids=["zz"], entity_id="p-beta", entity_type="platform")
    run_job(jobs.evaluate, app, now)
    c = outbox.dispatch(store, cfg, now + timedelta(hours=1))
    assert c["failed"] == 1 and len(rx.rejected) == 1
    failed = [d for d in outbox_docs(store) if d["status"] == "failed"]
    assert failed and "401" in failed[0]["last_error"] and "not-the-right-secret" not in json.dumps(failed)


def test_silences_and_rate_limits(app: AppContext, rx: Receiver) -> None:
    from alerts import outbox

    app.provide(load_alerts_config, make_config(rx, silences=[{"match": {"entities": ["p-beta"]}, "reason": "已知，正在处理",
                                                               "until": "2030-01-01T00:00:00+08:00"}]))
    jobs.get_config(app).channels["hook"].rate_limit = AlertsConfig.model_validate(
        {"channels": {"x": {"type": "webhook", "url": "http://127.0.0.1/", "rate_limit": {"max": 2, "per_seconds": 3600}}}}
    ).channels["x"].rate_limit
    now = local(2026, 3, 3)
    put_event(app.store, id="quiet", entity_id="p-beta", entity_type="platform", article_ids=["q"])
    for i in range(3):
        put_event(app.store, id=f"rl{i}", article_ids=[f"rl{i}"])
    run_job(jobs.evaluate, app, now)
    c = outbox.dispatch(app.store, jobs.get_config(app), now)
    assert c["silenced"] == 1 and c["sent"] == 2 and c["rate_limited"] == 1
    assert not any(r["body"]["notification"]["entity_id"] == "p-beta" for r in rx.accepted)
    assert outbox.dispatch(app.store, jobs.get_config(app), now + timedelta(minutes=1))["sent"] == 0
    assert outbox.dispatch(app.store, jobs.get_config(app), now + timedelta(hours=1, minutes=1))["sent"] == 1


# --- channels ------------------------------------------------------------------------------------
def test_chat_robots_and_webhook_signatures_verified_by_receivers(app: AppContext, rx: Receiver,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    app.provide(load_alerts_config, make_config(rx, routes=[{"name": "all", "match": {"kinds": ["duty"]},
                                                             "channels": ["hook", "ding", "wecom", "feishu"]}]))
    now = local(2026, 3, 3)
    put_event(app.store, id="sig")
    c = tick(app, now)
    assert c["sent"] == 4, c
    assert not rx.rejected
    ding, = rx.on("dingtalk")
    assert ding["body"]["msgtype"] == "markdown" and "2026-03-09" in ding["body"]["markdown"]["text"]
    wecom, = rx.on("wecom")
    assert "阿尔法知识产权运营平台" in wecom["body"]["markdown"]["content"]
    feishu, = rx.on("feishu")
    content = json.dumps(feishu["body"]["content"], ensure_ascii=False)
    assert feishu["body"]["msg_type"] == "post" and "https://news.example/a1" in content
    hook, = rx.on("hook")
    assert hook["headers"]["Idempotency-Key"] == hook["body"]["idempotency_key"]
    # a rotated DingTalk secret that ipwatch does not have yet: DingTalk refuses, ipwatch records why
    SECRETS_BAD = {**SECRETS}
    put_event(app.store, id="sig2", article_ids=["s2"], entity_id="p-beta", entity_type="platform")
    import os
    os.environ["T_DING_SECRET"] = "SECwrong000000"
    try:
        tick(app, now)
    finally:
        os.environ["T_DING_SECRET"] = SECRETS_BAD["T_DING_SECRET"]
    assert rx.rejected and rx.rejected[0]["channel"] == "dingtalk"
    bad = [d for d in outbox_docs(app.store) if d["channel"] == "ding" and d["status"] != "sent"]
    assert bad and "310000" in bad[0]["last_error"]
    # secrets never reach logs or stored documents
    app.store.refresh()
    stored = json.dumps([h["_source"] for h in app.store.scan(f"{app.store.ix.prefix}-*")], ensure_ascii=False)
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for s in [*SECRETS.values(), "SECwrong000000"]:
        assert s not in stored and s not in logs


def test_email_with_starttls_auth_html_and_text_parts(app: AppContext, tmp_path: Any) -> None:
    smtp = Smtp(tmp_path)
    try:
        rx_cfg = jobs.get_config(app).model_dump(by_alias=True)
        rx_cfg["channels"] = {**rx_cfg["channels"], "mail": {
            "type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "starttls", "ca_file": smtp.ca,
            "username": "ipwatch", "password_env": "T_SMTP_PASSWORD", "from": "ipwatch@test.local",
            "to": ["risk@test.local"]}}
        rx_cfg["routes"] = [{"name": "mail", "match": {"kinds": ["duty"]}, "channels": ["mail"]}]
        app.provide(load_alerts_config, AlertsConfig.model_validate(rx_cfg))
        put_event(app.store, id="mail")
        c = tick(app, local(2026, 3, 3))
        assert c["sent"] == 1, outbox_docs(app.store)
        [m] = smtp.messages
        assert "重大事项报告提醒" in m["Subject"] and m["To"] == "risk@test.local"
        [doc] = outbox_docs(app.store)
        assert m["Message-ID"] == f"<{doc['idempotency_key']}@ipwatch>"
        text = m.get_body(("plain",)).get_content()
        html_part = m.get_body(("html",)).get_content()
        assert "2026-03-09" in text and "https://news.example/a1" in text
        assert '<a href="https://news.example/a1">' in html_part
        # a wrong password is a permanent failure, reported without the password
        os_pw = "wrong-password-xyz"
        import os
        os.environ["T_SMTP_PASSWORD"] = os_pw
        try:
            put_event(app.store, id="mail2", article_ids=["m2"], entity_id="p-beta", entity_type="platform")
            c = tick(app, local(2026, 3, 3))
        finally:
            os.environ["T_SMTP_PASSWORD"] = SECRETS["T_SMTP_PASSWORD"]
        assert c["failed"] == 1
        failed = [d for d in outbox_docs(app.store) if d["status"] == "failed"]
        assert "authentication failed" in failed[0]["last_error"] and os_pw not in json.dumps(failed)
    finally:
        smtp.close()


# --- the other alert kinds -----------------------------------------------------------------------
def _articles(store: Store, entity: str, when: datetime, n: int, negative: int, domain: str, tag: str) -> None:
    actions = []
    for i in range(n):
        t = when - timedelta(minutes=7 * i + 1)
        aid = doc_id(tag, entity, i, t.isoformat())
        actions.append({"_index": store.ix.article_index(t), "_id": aid, "_source": {
            "id": aid, "url": f"https://{domain}/{tag}/{i}", "title": f"{tag} 报道 {i}", "published_at": t.isoformat(),
            "outlet": domain, "outlet_domain": domain, "source_type": "news", "duplicate_of": None,
            "analysis": {"status": "done", "entity_ids": [entity], "negative_entity_ids": [entity] if i < negative else [],
                         "sentiment": "negative" if i < negative else "neutral"}}})
    store.write(actions)


def kind_of(r: dict[str, Any]) -> str | None:
    """The alert kind of a received message (chat robots only carry the rendered text)."""
    if "notification" in r["body"]:
        return r["body"]["notification"]["kind"]
    from alerts.messages import KIND_LABELS

    text = json.dumps(r["body"], ensure_ascii=False)
    return next((k for k, v in sorted(KIND_LABELS.items(), key=lambda kv: -len(kv[1])) if v in text), None)


def entity_of(r: dict[str, Any]) -> str | None:
    if "notification" in r["body"]:
        return r["body"]["notification"]["entity_id"]
    b = r["body"]
    title = b.get("title") or (b.get("markdown") or {}).get("title") or \
        ((b.get("markdown") or {}).get("content") or "").split("\n")[0]
    return next((e.id for e in WATCHLIST.entities if e.name in title), None)


def body_text(r: dict[str, Any]) -> str:
    return json.dumps(r["body"], ensure_ascii=False)


def test_a_storm_on_social_media_counts_and_its_duty_runs_from_the_first_post(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20, 12)
    for day in range(1, 15):
        _articles(store, "p-beta", now - timedelta(days=day), 1, 0, "blog.example", f"quiet{day}")
    first = now - timedelta(days=1, hours=-2)           # the storm began yesterday 14:00, inside the 24 h window
    actions = []
    for i in range(18):                                  # 18 Weibo accounts, no authoritative outlet
        t = first + timedelta(minutes=40 * i)
        aid = doc_id("weibo", i)
        undated = i % 3 == 2                             # a third gave no date: counted when first fetched
        actions.append({"_index": store.ix.article_index(t), "_id": aid, "_source": {
            "id": aid, "url": f"https://weibo.com/{i}", "title": f"贝塔平台 {i}",
            "published_at": None if undated else t.isoformat(), "fetched_at": t.isoformat(),
            "published_at_source": "none" if undated else "page",
            "outlet": f"微博@用户{i}", "outlet_domain": "weibo.com", "source_type": "news", "duplicate_of": None,
            "analysis": {"status": "done", "entity_ids": ["p-beta"], "negative_entity_ids": ["p-beta"] if i < 15 else [],
                         "sentiment": "negative"}}})
    store.write(actions)
    store.refresh()
    c = run_job(jobs.evaluate, app, now)
    assert c["surges"] == 1 and c["surge_duties"] == 1, c
    store.refresh()
    alert = next(h["_source"] for h in store.scan(store.ix.name("alerts"), {"term": {"kind": "surge"}}))
    assert alert["storm"] == "social" and alert["metrics"]["spread"] == 18
    duty = next(h["_source"] for h in store.scan(store.ix.name("duties")))
    assert duty["occurred_on"] == "2026-03-19" and duty["occurred_on_source"] == "first_report"
    assert duty["due"] == "2026-03-26"


def test_major_public_opinion_surge_against_own_baseline(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20, 12)
    for day in range(1, 15):                       # quiet baseline: 1 report a day
        _articles(store, "i-agency", now - timedelta(days=day), 1, 0, "blog.example", f"base{day}")
        _articles(store, "i-busy", now - timedelta(days=day), 20, 12, "people.com.cn", f"busy{day}")
        _articles(store, "p-alpha", now - timedelta(days=day), 1, 0, "blog.example", f"pa{day}")
    _articles(store, "i-agency", now, 12, 9, "people.com.cn", "storm")       # surge, negative, authoritative
    _articles(store, "i-busy", now, 22, 13, "people.com.cn", "busynow")      # always in the news: no alert
    _articles(store, "p-alpha", now, 6, 4, "people.com.cn", "pstorm")        # a platform: alert + duty
    _articles(store, "p-beta", now, 9, 8, "blog.example", "rumour")          # only low-authority outlets
    store.refresh()
    c = run_job(jobs.evaluate, app, now)
    assert c["surges"] == 2 and c["surge_duties"] == 1, c
    run_job(jobs.dispatch, app, now)
    surge_msgs = [r for r in rx.accepted if kind_of(r) == "surge"]
    assert {(r["channel"], entity_of(r)) for r in surge_msgs} == {
        ("hook", "i-agency"), ("dingtalk", "i-agency"), ("hook", "p-alpha"), ("dingtalk", "p-alpha")}
    m = next(r for r in surge_msgs if entity_of(r) == "i-agency" and r["channel"] == "hook")
    assert "重大舆情预警" in m["body"]["title"] and "负面占比" in m["body"]["text"] and "people.com.cn" in m["body"]["text"]
    duty = [r for r in rx.accepted if kind_of(r) == "duty"]
    assert len(duty) == 1 and duty[0]["body"]["notification"]["risk_type"] == "major_public_opinion"
    assert "舆情首篇负面报道日期" in duty[0]["body"]["text"]          # counted from the storm's first report
    # still surging an hour later: same episode, no new message
    c = run_job(jobs.evaluate, app, now + timedelta(hours=1))
    assert c["surges"] == 0 and c["surges_ongoing"] == 2
    # a major-public-opinion event for the same platform from scoring joins the surge's duty
    put_event(store, id="mpo", entity_id="p-alpha", entity_type="platform", risk_type="major_public_opinion",
              event_date=now.date().isoformat(), article_ids=["x"])
    c = run_job(jobs.evaluate, app, now + timedelta(hours=1))
    assert c["duties_opened"] == 0 and c["duties_attached"] == 1
    # quiet for a day: resolved
    c = run_job(jobs.evaluate, app, now + timedelta(hours=26))
    assert c["surges_resolved"] == 2
    run_job(jobs.dispatch, app, now + timedelta(hours=26))
    assert sum(1 for r in rx.accepted if "【已解除】" in body_text(r) and kind_of(r) == "surge") == 4


def test_grade_change_alerts_the_platforms_the_institution_resides_on(app: AppContext, rx: Receiver) -> None:
    store = app.store
    ix = store.ix.name("rating-history")
    now = local(2026, 3, 20)
    store.write([
        {"_index": ix, "_id": "h1", "_source": {"entity_id": "i-agency", "entity_name": "甲乙专利代理有限公司",
                                                 "grade": "C", "previous_grade": "B", "score": 62, "previous_score": 78,
                                                 "as_of": "2026-03-20", "rated_at": iso(now), "event_ids": ["e9"]}},
        {"_index": ix, "_id": "h2", "_source": {"entity_id": "i-busy", "entity_name": "热门银行股份有限公司",
                                                 "grade": "A", "previous_grade": None, "score": 95,
                                                 "previous_score": None, "as_of": "2026-03-20", "rated_at": iso(now)}},
    ])
    put_event(store, id="e9", entity_id="i-agency", entity_type="institution", risk_type="dishonest_debtor",
              title="甲乙专利代理有限公司被列为失信被执行人", urls=["https://court.example/e9"])
    c = tick(app, now)
    assert c["grade_changes"] == 1
    msgs = [r for r in rx.accepted if kind_of(r) == "grade_change"]
    assert {r["channel"] for r in msgs} == {"hook", "dingtalk"}            # the p-alpha route
    assert all("B → C" in body_text(r) and "https://court.example/e9" in body_text(r) for r in msgs)
    assert next(r for r in msgs if r["channel"] == "hook")["body"]["notification"]["platforms"] == ["p-alpha"]
    assert tick(app, now + timedelta(hours=1)).get("grade_changes") == 0   # cursor + deterministic ids


def test_self_inspection_hits_raise_compliance_alerts(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20)
    docs = [("c1", "阿尔法平台在杭州设立分中心并举行揭牌仪式", ["p-alpha"]),
            ("c2", "记者发现合同上加盖了贝塔知识产权金融平台公章。", ["p-beta"]),
            ("c3", "阿尔法平台召开年度工作会议，另据报道某高校成立专利工作站。", ["p-alpha"]),   # not about the platform
            ("c4", "贝塔平台以平台名义开展融资担保收费业务", ["p-beta"])]
    store.write([{"_index": store.ix.article_index(now), "_id": i, "_source": {
        "id": i, "url": f"https://news.example/{i}", "title": t, "text": t, "published_at": now.isoformat(),
        "outlet": "示例网", "duplicate_of": None,
        "analysis": {"status": "done", "analyzed_at": iso(now), "entity_ids": ents}}} for i, t, ents in docs])
    put_event(store, id="ub", entity_id="p-beta", entity_type="platform", risk_type="unauthorized_branch",
              title="贝塔平台在外省设立工作站", urls=["https://news.example/ub"])
    store.refresh()
    c = tick(app, now)
    store.refresh()
    rules = sorted((h["_source"]["rule"], h["_source"]["message"])
                   for h in store.scan(store.ix.name("alerts"), {"term": {"kind": "compliance"}}))
    assert [r for r, _ in rules] == ["beyond_remit", "branch", "event", "seal"], rules
    assert c["compliance"] == 4, c
    alpha = [r for r in rx.accepted if entity_of(r) == "p-alpha"]
    assert {r["channel"] for r in alpha} == {"hook", "dingtalk"} and all("跨区域设立分平台" in body_text(r) for r in alpha)
    assert tick(app, now + timedelta(minutes=5)).get("compliance") == 0


def test_a_finding_is_rectified_by_a_deadline_and_closed_by_who_verified_it(app: AppContext, rx: Receiver) -> None:
    from alerts.cli import findings as findings_cmd

    store = app.store
    now = local(2026, 3, 20)
    docs = [("b1", "阿尔法平台在杭州设立分中心并举行揭牌仪式"), ("b2", "阿尔法平台在北京海淀设立工作站并揭牌")]
    store.write([{"_index": store.ix.article_index(now), "_id": i, "_source": {
        "id": i, "url": f"https://news.example/{i}", "title": t, "text": t, "published_at": now.isoformat(),
        "outlet": "示例网", "duplicate_of": None,
        "analysis": {"status": "done", "analyzed_at": iso(now), "entity_ids": ["p-alpha"]}}} for i, t in docs])
    store.refresh()
    tick(app, now)
    store.refresh()
    found = {h["_source"]["message"]: h["_source"] for h in store.scan(store.ix.name("alerts"),
                                                                       {"term": {"kind": "compliance"}})}
    away, home = found["阿尔法平台在杭州设立分中心并举行揭牌仪式"], found["阿尔法平台在北京海淀设立工作站并揭牌"]
    assert away["finding_state"] == "open" and away["rectify_by"] == "2026-04-19"     # 30 days by default
    assert away["cross_region"] is True and "杭州" in away["note"]
    assert home["cross_region"] is False and "核实是否经批准" in home["note"]
    msg = next(r for r in rx.on("hook") if "杭州" in body_text(r))
    assert "整改期限" in body_text(msg) and "2026-04-19" in body_text(msg)
    app.clock = ManualClock(now + timedelta(days=1))
    runner = CliRunner()
    out = runner.invoke(findings_cmd, ["rectify", away["id"][:10], "--until", "2026-04-30", "--by", "王五"], obj=app)
    assert out.exit_code == 0 and "rectify by 2026-04-30" in out.output, out.output
    out = runner.invoke(findings_cmd, ["close", away["id"][:10], "--by", "赵六", "--note", "分中心已撤销"], obj=app)
    assert out.exit_code == 0 and "closed" in out.output, out.output
    closed = store.get(store.ix.name("alerts"), away["id"]).source
    assert closed["verified_by"] == "赵六" and closed["status"] == "resolved"
    out = runner.invoke(findings_cmd, ["dismiss", home["id"][:10]], obj=app)
    assert out.exit_code != 0 and "--reason" in out.output
    # the other one is left open past its deadline: one overdue message, not two
    tick(app, local(2026, 4, 21))
    tick(app, local(2026, 4, 22))
    overdue = [r for r in rx.on("hook") if "整改期限 2026-04-19 已过" in body_text(r)]
    assert len({r["body"]["notification"]["key"] for r in overdue}) == 1
    listed = runner.invoke(findings_cmd, ["list", "--all"], obj=app).output
    assert "closed" in listed and "跨区域" in listed
    shown = runner.invoke(findings_cmd, ["show", away["id"][:10]], obj=app).output
    assert "王五" in shown and "赵六" in shown and "rectifying -> closed" in shown and "分中心已撤销" in shown


# --- configuration -------------------------------------------------------------------------------
def test_config_refuses_inline_secrets_and_unknown_channels(tmp_path: Any) -> None:
    from ipwatch.config import load_yaml_model

    bad = tmp_path / "alerts.yaml"
    bad.write_text("channels:\n  d:\n    type: dingtalk\n    token_env: X\n    secret: SECabc\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_yaml_model(AlertsConfig, bad)
    assert "channels.d" in str(e.value) and "environment variable" in str(e.value) and "SECabc" not in str(e.value)
    bad.write_text("channels:\n  w:\n    type: webhook\n    url: http://127.0.0.1/\n    headers: {Authorization: Bearer x}\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="headers_env"):
        load_yaml_model(AlertsConfig, bad)
    bad.write_text("routes:\n  - name: r\n    channels: [nope]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown channel 'nope'"):
        load_yaml_model(AlertsConfig, bad)
    bad.write_text("routes:\n  - name: r\n    match: {kinds: [typo]}\n    channels: [x]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown kind"):
        load_yaml_model(AlertsConfig, bad)


def test_shipped_alerts_yaml_is_valid() -> None:
    from ipwatch.config import load_yaml_model
    from tests.conftest import ROOT

    cfg = load_yaml_model(AlertsConfig, ROOT / "config" / "alerts.yaml")
    assert cfg.duty.period_days == 7 and cfg.duty.timezone == "Asia/Shanghai"
    assert {c for _, c in cfg.route({"kind": "duty_overdue", "severity": 1.0})} >= {"supervisor-mail"}


def test_email_over_implicit_tls_without_elasticsearch(tmp_path: Any, secrets_env: dict[str, str]) -> None:
    """`security: ssl` (port 465 style) straight through the channel, and a refused certificate."""
    from aiosmtpd.controller import Controller

    from alerts import channels
    from alerts.messages import render

    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            got.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    cert, key = _self_signed(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port, ssl_context=ctx)
    ctl.start()
    try:
        cfg = AlertsConfig.model_validate({"channels": {"m": {
            "type": "email", "host": "127.0.0.1", "port": port, "security": "ssl", "ca_file": str(cert),
            "from": "ipwatch@test.local", "to": ["a@test.local"], "cc": ["b@test.local"]}}}).channels["m"]
        msg = render({"key": "k1", "kind": "surge", "entity_id": "p-alpha", "entity_name": "阿尔法平台",
                      "severity": 0.8, "links": [{"url": "https://x.example/1", "title": "报道"}]})
        assert "2 recipient" in channels.send(cfg, msg, "key-ssl-1")
        assert got and got[0]["Message-ID"] == "<key-ssl-1@ipwatch>" and got[0]["Cc"] == "b@test.local"
        untrusted = cfg.model_copy(update={"ca_file": None})       # self-signed, not trusted: refused
        with pytest.raises(channels.DeliveryError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
            channels.send(untrusted, msg, "key-ssl-2")
    finally:
        ctl.stop()


# --- the reporting failing as a credit record --------------------------------------------------------
def test_a_routine_change_costs_nothing_but_an_unreported_one_costs_the_unit_and_platform(app: AppContext,
                                                                                        rx: Receiver) -> None:
    from scoring.rerate import rerate

    store = app.store
    ev = put_event(store, id="lc", event_date="2026-03-02", risk_type="leadership_change", confidence=1.0,
                   severity=0.5)
    put_event(store, id="lc2", event_date="2026-03-03", risk_type="leadership_change", confidence=1.0, severity=0.5,
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    tick(app, local(2026, 3, 3))
    rerate(app, local(2026, 3, 3), entity_ids=["u-alpha", "p-alpha"])

    def rating(eid: str) -> dict[str, Any]:
        return store.get(store.ix.name("ratings"), eid).source

    assert (rating("u-alpha")["score"], rating("u-alpha")["grade"]) == (100.0, "A+")   # the change itself: 0 points
    # the week passes without a report: a late-report record on the unit and on the platform
    tick(app, local(2026, 3, 10, 9))
    rerate(app, local(2026, 3, 10, 9), entity_ids=["u-alpha", "p-alpha"])
    unit = rating("u-alpha")
    assert unit["score"] == 90.0 and unit["grade"] == "A"
    [c] = [c for c in unit["contributions"] if c["risk_type"] == "late_report"]
    assert c["event_date"] == "2026-03-10" and c["points"] == -10.0
    assert any(c["risk_type"] == "late_report" for c in rating("p-alpha")["contributions"])
    # recorded as reported on time after all (the report was filed offline): the record is voided
    did = duty_id("p-alpha", ev["id"])
    transition(store, jobs.get_config(app), did, "reported", "张三", local(2026, 3, 11), report_date=date(2026, 3, 8),
               report_ref="运营函〔2026〕3号")
    rerate(app, local(2026, 3, 11), entity_ids=["u-alpha", "p-alpha"])
    assert rating("u-alpha")["score"] == 100.0
    # the other platform reports late: the record stays, with the report date in its title
    did2 = duty_id("p-beta", "lc2")
    transition(store, jobs.get_config(app), did2, "reported", "李四", local(2026, 3, 12), report_date=date(2026, 3, 12),
               report_ref="运营函〔2026〕4号")
    rerate(app, local(2026, 3, 12), entity_ids=["p-beta"])
    beta = rating("p-beta")
    assert beta["own_score"] == 90.0 and beta["score"] < 100    # a platform's score also weighs its residents
    [late] = [store.get(store.ix.name("events"), c["event_id"]).source for c in beta["contributions"]
              if c["risk_type"] == "late_report"]
    assert "逾期报送（2026-03-12）" in late["title"]
