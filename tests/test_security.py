"""Security promises (docs/threat-model.md): where alerts may be sent, and secrets in URLs.

Real local receivers on 127.0.0.1, the real CLI, no mocks.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from alerts import channels
from alerts.routing import AlertsConfig
from ipwatch.errors import ConfigError
from ipwatch.settings import load_settings
from tests.test_config import run_cli

MESSAGE = {"title": "t", "text": "x", "markdown": "x", "links": []}
TOKEN = "Bearer s3cr3t-auth-7781"


class Recorder:
    """An HTTP server that records every request; `redirect_to` makes it answer 302 instead."""

    def __init__(self, redirect_to: str | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        rec = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rec.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                     "body": body})
                if redirect_to:
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = _any  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def attacker() -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.close()


def webhook(url: str, **extra: Any) -> Any:
    return AlertsConfig.model_validate({"channels": {"w": {"type": "webhook", "url": url, **extra}}}).channels["w"]


# --- item 1: the channel HTTP policy ------------------------------------------------------------
def test_webhook_redirect_is_a_failure_and_the_authorization_header_stays_home(
        attacker: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A receiver answering 302 to another host must not get ipwatch to resend the secret there,
    and the send is a non-retryable failure naming the Location host (not `sent`)."""
    monkeypatch.setenv("T_AUTH", TOKEN)
    receiver = Recorder(redirect_to=f"{attacker.url}/steal")
    try:
        cfg = webhook(f"{receiver.url}/hook", headers_env={"Authorization": "T_AUTH"})
        with pytest.raises(channels.DeliveryError) as exc:
            channels.send(cfg, MESSAGE, "key-redirect-1")
    finally:
        receiver.close()
    assert not exc.value.retryable
    assert "302" in str(exc.value) and attacker.url.split("//")[1] in str(exc.value)
    assert "s3cr3t" not in str(exc.value)
    assert attacker.requests == []            # nothing followed the redirect
    assert len(receiver.requests) == 1 and receiver.requests[0]["headers"].get("Authorization") == TOKEN


def test_file_url_webhook_is_refused_by_config_and_by_the_sender(tmp_path: Path) -> None:
    target = tmp_path / "victim.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="only http:// and https://"):
        webhook(target.as_uri())
    forged = webhook("http://127.0.0.1:9/").model_copy(update={"url": target.as_uri()})   # validation bypassed
    with pytest.raises(channels.DeliveryError, match="refused to send") as exc:
        channels.send(forged, MESSAGE, "key-file-1")
    assert not exc.value.retryable
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("url,why", [
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]:8080/hook", "link-local"),
    ("ftp://ops.example.org/hook", "only http:// and https://"),
    ("gopher://127.0.0.1:9200/_x", "only http:// and https://"),
])
def test_config_check_refuses_link_local_and_non_http_channel_urls(tmp_path: Path, url: str, why: str) -> None:
    cfg = _config_copy(tmp_path)
    data = yaml.safe_load((cfg / "alerts.yaml").read_text(encoding="utf-8"))
    data["channels"]["ops-webhook"]["url"] = url
    (cfg / "alerts.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run_cli("config", "check", config_dir=cfg)
    assert r.returncode == 2, r.stdout
    assert "channels.ops-webhook.url" in r.stderr and why in r.stderr and "Traceback" not in r.stderr


def test_loopback_is_allowed_and_named_but_refused_when_the_policy_says_so(attacker: Recorder) -> None:
    cfg = AlertsConfig.model_validate({"channels": {"w": {"type": "webhook", "url": f"{attacker.url}/h"}}})
    assert "loopback" in cfg.http_notes()[0] and "w" in cfg.http_notes()[0]
    with pytest.raises(ValueError, match="loopback"):
        AlertsConfig.model_validate({"http": {"allow_loopback": False},
                                     "channels": {"w": {"type": "webhook", "url": "http://localhost:8080/h"}}})
    strict = AlertsConfig.model_validate({"http": {"allow_loopback": False}}).http
    with pytest.raises(channels.DeliveryError, match="loopback"):
        channels.send(webhook(f"{attacker.url}/h"), MESSAGE, "key-loop", policy=strict)
    assert attacker.requests == []


def test_allowed_hosts_limit_where_channels_send(attacker: Recorder) -> None:
    policy = {"allowed_hosts": ["hooks.example.org", ".corp.example", "127.0.0.1"]}
    ok = AlertsConfig.model_validate({"http": policy, "channels": {
        "a": {"type": "webhook", "url": "https://hooks.example.org/x"},
        "b": {"type": "webhook", "url": "https://chat.corp.example/x"},
        "c": {"type": "webhook", "url": f"{attacker.url}/x"}}})
    assert channels.send(ok.channels["c"], MESSAGE, "k-allow", policy=ok.http) == "webhook ok"
    with pytest.raises(ValueError, match="not in http.allowed_hosts"):
        AlertsConfig.model_validate({"http": policy, "channels": {
            "d": {"type": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send", "token_env": "X"}}})
    with pytest.raises(ValueError, match="not a host name"):
        AlertsConfig.model_validate({"http": {"allowed_hosts": ["https://x.org/"]}})


# --- item 2: credentials inside URLs ------------------------------------------------------------
def _config_copy(tmp_path: Path) -> Path:
    import shutil

    from tests.conftest import ROOT

    d = tmp_path / "config"
    shutil.copytree(ROOT / "config", d)
    return d


def test_es_url_with_a_password_is_refused_in_settings_yaml(tmp_path: Path) -> None:
    cfg = _config_copy(tmp_path)
    (cfg / "settings.yaml").write_text("es:\n  url: http://elastic:hunter2@127.0.0.1:9200\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(cfg, env={})
    msg = str(exc.value)
    assert "es.url" in msg and "IPWATCH_ES__PASSWORD" in msg and "hunter2" not in msg
    (cfg / "settings.yaml").write_text("crawl:\n  proxy: http://u:pw@proxy.corp:3128\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="IPWATCH_CRAWL__PROXY"):
        load_settings(cfg, env={})


@pytest.mark.parametrize("url", ["https://hooks.example.org/x?access_token=abc123",
                                 "https://hooks.example.org/x?key=abc123", "https://bot:abc123@hooks.example.org/x"])
def test_channel_url_with_a_token_is_refused_in_alerts_yaml(tmp_path: Path, url: str) -> None:
    cfg = _config_copy(tmp_path)
    data = yaml.safe_load((cfg / "alerts.yaml").read_text(encoding="utf-8"))
    data["channels"]["ops-webhook"]["url"] = url
    (cfg / "alerts.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run_cli("config", "check", config_dir=cfg)
    assert r.returncode == 2 and "channels.ops-webhook.url" in r.stderr
    assert "abc123" not in r.stderr + r.stdout and "environment variable" in r.stderr


def test_config_check_never_prints_the_es_password_given_in_the_environment(tmp_path: Path) -> None:
    cfg = _config_copy(tmp_path)
    r = run_cli("config", "check", config_dir=cfg, env={"IPWATCH_ES__URL": "http://elastic:hunter2@127.0.0.1:9200"})
    assert r.returncode == 0, r.stderr
    assert "hunter2" not in r.stdout + r.stderr and "http://127.0.0.1:9200" in r.stdout
    s = load_settings(cfg, env={"IPWATCH_ES__URL": "http://elastic:p%40ss@127.0.0.1:9200"})
    assert s.es.url == "http://127.0.0.1:9200" and s.es.username == "elastic"
    assert s.es.password is not None and s.es.password.get_secret_value() == "p@ss"


@pytest.mark.parametrize("json_lines", [True, False])
def test_every_log_line_has_urls_redacted(json_lines: bool) -> None:
    from ipwatch.logs import configure_logging
    from ipwatch.settings import LoggingSettings

    root = logging.getLogger()
    configure_logging(LoggingSettings(json_lines=json_lines))
    handler = next(h for h in root.handlers if getattr(h, "_ipwatch", False))
    buf = io.StringIO()
    handler.setStream(buf)
    try:
        log = logging.getLogger("ipwatch.daemon")
        log.warning("waiting for Elasticsearch at %s", "http://elastic:hunter2@es.internal:9200")
        log.warning("proxy %s, robot %s, hook %s", "http://u:pr0xy@proxy:3128",
                    "https://oapi.dingtalk.com/robot/send?access_token=tok123&timestamp=1&sign=sg456",
                    "https://open.feishu.cn/open-apis/bot/v2/hook/hook789")
        try:
            raise RuntimeError("GET https://x.example/api?api_key=apikey0 failed")
        except RuntimeError:
            log.exception("boom", extra={"target": "https://y.example/?password=pw000"})
    finally:
        root.removeHandler(handler)
    out = buf.getvalue()
    for secret in ("hunter2", "pr0xy", "tok123", "sg456", "hook789", "apikey0", "pw000"):
        assert secret not in out, (secret, out)
    assert "http://elastic:***@es.internal:9200" in out and "timestamp=1" in out
    if json_lines:
        assert all(json.loads(line) for line in out.splitlines() if line.startswith("{"))
