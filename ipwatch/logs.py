"""Structured logging: one JSON object per line on stderr (python-json-logger).

Every record is redacted on its way out (ipwatch.redact): a URL with a password, a token in its
query or a robot hook id loses the secret whoever logged it (daemon start-up line, an exception
text from a library, a job's extra fields).
"""

from __future__ import annotations

import logging
import sys
import time

from pythonjsonlogger.json import JsonFormatter

from ipwatch.redact import redact_text
from ipwatch.settings import LoggingSettings


class RedactingJsonFormatter(JsonFormatter):
    """JSON lines with every URL in the finished line redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


class RedactingFormatter(logging.Formatter):
    """Plain text lines with every URL redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


def configure_logging(cfg: LoggingSettings) -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_ipwatch", False):
            root.removeHandler(h)
    handler: logging.Handler = logging.StreamHandler(sys.stderr)
    if cfg.file is not None:   # the demo keeps its terminal for the summary
        cfg.file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(cfg.file, encoding="utf-8")
    handler._ipwatch = True  # type: ignore[attr-defined]
    if cfg.json_lines:
        handler.setFormatter(RedactingJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                                    rename_fields={"asctime": "ts", "levelname": "level",
                                                                   "name": "logger"}))
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(cfg.level)
    for noisy in ("elastic_transport", "scrapy", "urllib3", "filelock", "jieba"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(cfg.level)))


class Throttle:
    """Say the same thing at most once per `every` seconds: an outage must not write a line (or a
    traceback) every second. A changed message is said at once; `repeated` tells how many were held."""

    def __init__(self, every: float = 60.0):
        self.every = every
        self._last: dict[str, tuple[str, float]] = {}   # key -> (message, when said)
        self._held: dict[str, int] = {}
        self._said_after: dict[str, int] = {}

    def allow(self, key: str, message: str) -> bool:
        now = time.monotonic()
        last = self._last.get(key)
        if last is None or last[0] != message or now - last[1] >= self.every:
            self._said_after[key] = self._held.get(key, 0) if last is not None and last[0] == message else 0
            self._last[key], self._held[key] = (message, now), 0
            return True
        self._held[key] = self._held.get(key, 0) + 1
        return False

    def repeated(self, key: str) -> int:
        """How often the message just said was held back since it was said before."""
        return self._said_after.get(key, 0)
