"""What every channel shares: secrets from the environment, JSON over HTTP, errors."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any


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


def post_json(url: str, body: dict[str, Any] | bytes, headers: dict[str, str], timeout: float,
              what: str) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8",
                                          "User-Agent": "ipwatch-alerts/0.1", **headers})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured URL
            raw = resp.read()
    except urllib.error.HTTPError as exc:
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
