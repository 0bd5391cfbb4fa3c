"""Generic webhook: the notification as JSON, signed with HMAC-SHA256.

Headers: `X-Ipwatch-Timestamp: <unix seconds>`, `X-Ipwatch-Signature: sha256=<hex>` where the
HMAC (key = the secret) covers `f"{timestamp}.".encode() + body`, and `Idempotency-Key`.
A receiver should reject timestamps older than a few minutes and drop repeated keys.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from alerts.channels.base import post_json, secret
from alerts.channels.policy import HttpPolicy


def webhook_signature(secret_value: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret_value.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                                hashlib.sha256).hexdigest()


def send_webhook(cfg: Any, m: dict[str, Any], key: str, timeout: float, policy: HttpPolicy | None = None) -> str:
    payload = {"idempotency_key": key, "title": m["title"], "text": m["text"], "markdown": m["markdown"],
               "links": m.get("links") or [], "attachments": [a.get("filename") for a in m.get("attachments") or []],
               "notification": m.get("notification") or {}}
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ts = str(int(time.time()))
    headers = {**cfg.headers, "Idempotency-Key": key, "X-Ipwatch-Idempotency-Key": key, "X-Ipwatch-Timestamp": ts}
    for header, env_name in cfg.headers_env.items():
        headers[header] = secret(env_name, f"webhook header {header}") or ""
    s = secret(cfg.secret_env, "webhook")
    if s:
        headers["X-Ipwatch-Signature"] = webhook_signature(s, ts, body)
    post_json(cfg.url, body, headers, timeout, "webhook", policy)
    return "webhook ok"
