"""DingTalk custom robot (加签), WeCom group robot, Feishu/Lark custom bot (签名校验)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from typing import Any

from alerts.channels.base import DeliveryError, post_json, secret
from alerts.channels.policy import HttpPolicy

DINGTALK_RETRY = {130101, -1}           # sending too fast / system busy
WECOM_RETRY = {45009, -1}               # api freq out of limit / system busy
FEISHU_RETRY = {9499, 11232, 11233}     # too many requests


def dingtalk_sign(secret_value: str, timestamp_ms: int) -> str:
    raw = hmac.new(secret_value.encode("utf-8"), f"{timestamp_ms}\n{secret_value}".encode("utf-8"),
                   hashlib.sha256).digest()
    return base64.b64encode(raw).decode("ascii")


def feishu_sign(secret_value: str, timestamp_s: int) -> str:
    raw = hmac.new(f"{timestamp_s}\n{secret_value}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(raw).decode("ascii")


def _check(resp: Any, field: str, retry_codes: set[int], what: str) -> str:
    code = resp.get(field, resp.get("StatusCode", 0)) if isinstance(resp, dict) else 0
    if code in (0, None):
        return f"{what} ok"
    msg = resp.get("errmsg") or resp.get("msg") or resp.get("StatusMessage") or ""
    raise DeliveryError(f"{what}: error {code} {msg}".strip(), retryable=code in retry_codes)


def send_dingtalk(cfg: Any, m: dict[str, Any], key: str, timeout: float, policy: HttpPolicy | None = None) -> str:
    token = secret(cfg.token_env, "dingtalk")
    params = {"access_token": token}
    if cfg.secret_env:
        ts = int(time.time() * 1000)
        params.update(timestamp=str(ts), sign=dingtalk_sign(secret(cfg.secret_env, "dingtalk") or "", ts))
    text = m["markdown"]
    if cfg.at_mobiles:
        text += "\n\n" + " ".join(f"@{p}" for p in cfg.at_mobiles)
    body = {"msgtype": "markdown", "markdown": {"title": m["title"], "text": text},
            "at": {"atMobiles": cfg.at_mobiles, "isAtAll": False}}
    url = f"{cfg.url}?{urllib.parse.urlencode(params)}"
    return _check(post_json(url, body, {"X-Ipwatch-Idempotency-Key": key}, timeout, "dingtalk", policy),
                  "errcode", DINGTALK_RETRY, "dingtalk")


def send_wecom(cfg: Any, m: dict[str, Any], key: str, timeout: float, policy: HttpPolicy | None = None) -> str:
    wkey = secret(cfg.key_env, "wecom")
    content = m["markdown"]
    while len(content.encode("utf-8")) > 4000:     # WeCom's markdown limit is 4096 bytes
        content = content[: int(len(content) * 0.9)]
    body = {"msgtype": "markdown", "markdown": {"content": content}}
    url = f"{cfg.url}?{urllib.parse.urlencode({'key': wkey})}"
    return _check(post_json(url, body, {"X-Ipwatch-Idempotency-Key": key}, timeout, "wecom", policy),
                  "errcode", WECOM_RETRY, "wecom")


def send_feishu(cfg: Any, m: dict[str, Any], key: str, timeout: float, policy: HttpPolicy | None = None) -> str:
    hook = secret(cfg.hook_env, "feishu")
    plain = m.get("plain") or m["text"]
    lines: list[list[dict[str, str]]] = [[{"tag": "text", "text": line}] for line in plain.split("\n") if line]
    for link in m.get("links") or []:
        lines.append([{"tag": "a", "text": link["title"], "href": link["url"]}])
    body: dict[str, Any] = {"msg_type": "post",
                            "content": {"post": {"zh_cn": {"title": m["title"], "content": lines}}}}
    if cfg.secret_env:
        ts = int(time.time())
        body = {"timestamp": str(ts), "sign": feishu_sign(secret(cfg.secret_env, "feishu") or "", ts), **body}
    url = f"{cfg.url.rstrip('/')}/{urllib.parse.quote(hook or '', safe='')}"
    return _check(post_json(url, body, {"X-Ipwatch-Idempotency-Key": key}, timeout, "feishu", policy),
                  "code", FEISHU_RETRY, "feishu")
