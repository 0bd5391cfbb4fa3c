"""Email over SMTP (STARTTLS, implicit TLS or plain for a local relay), HTML and text parts, and the files a
message attaches (a briefing's PDF)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from alerts.channels.base import DeliveryError, secret


def _context(cfg: Any) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cfg.ca_file) if cfg.ca_file else ssl.create_default_context()
    if not cfg.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def build_email(cfg: Any, m: dict[str, Any], key: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = m["title"]
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.to)
    if cfg.cc:
        msg["Cc"] = ", ".join(cfg.cc)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{key}@ipwatch>"
    msg["X-Ipwatch-Idempotency-Key"] = key
    msg.set_content(m["text"], charset="utf-8")
    msg.add_alternative(m["html"], subtype="html", charset="utf-8")
    for a in m.get("attachments") or []:        # a briefing's document (reports/jobs.py)
        try:
            data = Path(a["path"]).read_bytes()
        except OSError as exc:
            raise DeliveryError(f"email: attachment {a.get('filename')}: {exc.strerror}", retryable=False) from None
        maintype, _, subtype = (a.get("content_type") or "application/octet-stream").partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=a.get("filename") or Path(a["path"]).name)
    return msg


def send_email(cfg: Any, m: dict[str, Any], key: str, timeout: float) -> str:
    password = secret(cfg.password_env, "email")
    msg = build_email(cfg, m, key)
    try:
        if cfg.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=timeout, context=_context(cfg))
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=_context(cfg))
                smtp.ehlo()
            if cfg.username:
                smtp.login(cfg.username, password or "")
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"email: authentication failed ({exc.smtp_code})", retryable=False) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"email: all recipients refused: {', '.join(exc.recipients)}", retryable=False) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"email: SMTP {exc.smtp_code}", retryable=exc.smtp_code >= 400 and exc.smtp_code < 500) \
            from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise DeliveryError(f"email: {type(exc).__name__}: {exc}") from None
    if refused:
        return f"email sent; refused: {', '.join(refused)}"
    return f"email sent to {len(cfg.to) + len(cfg.cc)} recipient(s)"
