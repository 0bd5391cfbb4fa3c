"""Structured logging: one JSON object per line on stderr (python-json-logger).

Every record is redacted on its way out (ipwatch.redact): a URL with a password, a token in its
query or a robot hook id loses the secret whoever logged it (daemon start-up line, an exception
text from a library, a job's extra fields).
"""

from __future__ import annotations

import logging
import sys

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
    handler = logging.StreamHandler(sys.stderr)
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
