"""Delivery channels: email (SMTP), DingTalk, WeCom, Feishu/Lark robots and a generic webhook.

`send(channel_config, message, key)` delivers one rendered message or raises DeliveryError.
`key` is the outbox idempotency key: HTTP channels send it as `Idempotency-Key` /
`X-Ipwatch-Idempotency-Key`, email as the Message-ID, so a receiver can drop the duplicate that
at-least-once delivery allows after a crash in the middle of a send.
"""

from __future__ import annotations

from typing import Any

from alerts.channels.base import DeliveryError
from alerts.channels.policy import HttpPolicy
from alerts.channels.chat import send_dingtalk, send_feishu, send_wecom
from alerts.channels.smtp import send_email
from alerts.channels.webhook import send_webhook

SENDERS = {"email": send_email, "dingtalk": send_dingtalk, "wecom": send_wecom,
           "feishu": send_feishu, "webhook": send_webhook}


def send(cfg: Any, message: dict[str, Any], key: str, timeout: float = 10.0, policy: HttpPolicy | None = None) -> str:
    """Deliver; returns a short receipt for the outbox (never a secret). HTTP channels obey `policy`
    (alerts.yaml `http:`; None: the default policy)."""
    if cfg.type == "email":
        return send_email(cfg, message, key, timeout)
    return SENDERS[cfg.type](cfg, message, key, timeout, policy)


__all__ = ["DeliveryError", "HttpPolicy", "send"]
