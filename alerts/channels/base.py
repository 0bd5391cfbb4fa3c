"""What every channel shares: secrets from the environment, JSON over HTTP, errors.

HTTP goes through one policy (alerts.channels.policy): http(s) only, never a link-local address,
only `http.allowed_hosts` when the deployment lists them, and redirects are never followed. A
receiver that answers 3xx would otherwise get ipwatch to resend the channel's secret headers to a
host nobody configured (urllib keeps them) and record the message as sent when the body was dropped.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit

from alerts.channels.policy import HttpPolicy, resolved_problem


class DeliveryError(Exception):
    """A send failed. `retryable` False: retrying will not help (bad signature, bad address)."""

    def __init__(self, message: str, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


def secret(env_name: str | None, what: str) -> str | None:
    if not env_name:
        return None
    value = os.environ.get(env_name)
    if not value:
        raise DeliveryError(f"{what}: environment variable {env_name} is not set")
    return value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx reaches the caller as an HTTPError instead of being followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    """http and https only (no file:, ftp:, data:), environment proxies kept, no redirects."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), _NoRedirect(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def post_json(url: str, body: dict[str, Any] | bytes, headers: dict[str, str], timeout: float,
              what: str, policy: HttpPolicy | None = None) -> Any:
    """POST JSON under the channel HTTP policy; any failure is a DeliveryError (never a secret in it)."""
    problem = resolved_problem(url, policy or HttpPolicy())
    if problem:
        raise DeliveryError(f"{what}: refused to send: {problem}", retryable=False)
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8",
                                          "User-Agent": "ipwatch-alerts/0.1", **headers})
    try:
        with _opener().open(req, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            location = exc.headers.get("Location") if exc.headers else None
            target = urlsplit(urljoin(url, location)).netloc.rpartition("@")[2] if location else "nowhere named"
            raise DeliveryError(f"{what}: HTTP {exc.code} redirect to {target} not followed (ipwatch never "
                                f"follows redirects: configure the final URL)", retryable=False) from None
        retry = exc.code >= 500 or exc.code in (408, 429)
        raise DeliveryError(f"{what}: HTTP {exc.code} {exc.reason}", retryable=retry) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{what}: cannot reach the server ({type(reason).__name__}: {reason})") from None
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return {"raw": raw[:200].decode("utf-8", "replace")}
