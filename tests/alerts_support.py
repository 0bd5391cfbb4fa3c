"""What the alert tests share: local receivers that check what real services check (webhook and chat
robot signatures, an SMTP server with STARTTLS), a module-scoped Elasticsearch prefix, the alerts
config pointing at the receivers, the test watchlist, and helpers to write events and run the jobs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from alerts import jobs
from ipwatch.clock import iso
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext
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
        self.before_reply: Callable[[], None] | None = None    # runs before each answer (a slow receiver …)
        self.lock = threading.Lock()
        rx = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, resp = rx.handle(self.path, dict(self.headers), body)
                if rx.before_reply is not None:
                    rx.before_reply()
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


def write_articles(store: Store, entity: str, when: datetime, n: int, negative: int, domain: str, tag: str) -> None:
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
