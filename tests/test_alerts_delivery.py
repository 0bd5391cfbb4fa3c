"""Delivering alerts: the outbox (exactly one delivery across a crash, concurrent dispatchers, retries,
silences, rate limits), the chat robots' and webhook signatures checked by local receivers, SMTP with
STARTTLS and implicit TLS, and the alerts.yaml validation."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest

from alerts import jobs
from alerts.duties import duty_id
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext
from ipwatch.job import run_job
from ipwatch.errors import ConfigError
from ipwatch.store import Store

from tests.alerts_support import *  # noqa: F403 - the shared receivers, fixtures and helpers
from tests.alerts_support import _self_signed


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


def test_a_claim_made_late_in_a_slow_round_is_not_taken_over_mid_send(app: AppContext, rx: Receiver,
                                                                       settings: Any) -> None:
    """A receiver answering in 1.5 s: the round's third claim is made 3 s in, past the 2.5 s lease that a
    lease counted from the round's start would have. A second dispatcher (another process) that looks
    while that message is on its way leaves it to the first."""
    from alerts import outbox

    cfg = make_config(rx, outbox={"lease_seconds": 2.5, "timeout_seconds": 2})
    now = local(2026, 3, 3)
    for i in range(3):
        put_event(app.store, id=f"slow{i}", article_ids=[f"slow{i}"])
    run_job(jobs.evaluate, app, now)
    rx.before_reply = lambda: time.sleep(1.5)
    start = time.monotonic()
    first = threading.Thread(target=outbox.dispatch, args=(Store(settings), cfg, now))
    first.start()
    wait_for = ["sending", "sent", "sent"]
    while sorted(d["status"] for d in outbox_docs(app.store)) != wait_for:      # the third is on its way
        assert first.is_alive() and time.monotonic() - start < 60
        time.sleep(0.05)
    late = outbox.dispatch(Store(settings), cfg, now + timedelta(seconds=time.monotonic() - start))
    first.join()
    assert late["sent"] == 0
    assert len(rx.accepted) == 3 and len({r["key"] for r in rx.accepted}) == 3
    assert {d["status"] for d in outbox_docs(app.store)} == {"sent"}


def _flood_stage(store: Store, on: bool) -> None:
    """Elasticsearch's flood-stage block (a full disk) on the outbox: writes there answer 429."""
    store.es.indices.put_settings(index=store.ix.name("outbox"),
                                  settings={"index.blocks.read_only_allow_delete": True if on else None})


def test_a_sent_the_store_refuses_for_a_moment_is_recorded_and_not_sent_again(app: AppContext,
                                                                              rx: Receiver) -> None:
    from alerts import outbox

    store, cfg = app.store, make_config(rx, outbox={"lease_seconds": 6, "timeout_seconds": 2})
    now = local(2026, 3, 3)
    put_event(store, id="flood", article_ids=["flood"])
    run_job(jobs.evaluate, app, now)

    def disk_fills() -> None:                  # while the receiver has the message; freed a second later
        rx.before_reply = None
        _flood_stage(store, True)
        threading.Timer(1.0, _flood_stage, (store, False)).start()
    rx.before_reply = disk_fills
    assert outbox.dispatch(store, cfg, now)["sent"] == 1
    [doc] = outbox_docs(store)
    assert doc["status"] == "sent"
    assert outbox.dispatch(store, cfg, now + timedelta(minutes=5))["sent"] == 0
    assert len(rx.accepted) == 1


def test_a_sent_the_store_refuses_past_the_lease_is_kept_recorded_later_and_not_sent_again(
        app: AppContext, rx: Receiver) -> None:
    from alerts import outbox

    store, cfg = app.store, make_config(rx, outbox={"lease_seconds": 2, "timeout_seconds": 1})
    now = local(2026, 3, 3)
    put_event(store, id="full", article_ids=["full"])
    run_job(jobs.evaluate, app, now)

    def disk_fills() -> None:
        rx.before_reply = None
        _flood_stage(store, True)
    rx.before_reply = disk_fills
    sends = outbox.Sends()
    try:
        assert outbox.dispatch(store, cfg, now, sends=sends)["sent"] == 1
    finally:
        _flood_stage(store, False)
    [doc] = outbox_docs(store)
    assert doc["status"] == "sending" and list(sends.unrecorded) == [doc["id"]]   # the lease has run out
    assert outbox.dispatch(store, cfg, now + timedelta(minutes=5), sends=sends)["sent"] == 0
    [doc] = outbox_docs(store)
    assert doc["status"] == "sent" and not sends.unrecorded
    assert len(rx.accepted) == 1


def test_a_lease_shorter_than_a_send_is_refused() -> None:
    with pytest.raises(ValueError, match=r"lease_seconds \(5\) must be longer than timeout_seconds \(10\)"):
        AlertsConfig.model_validate({"outbox": {"lease_seconds": 5, "timeout_seconds": 10}})


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
