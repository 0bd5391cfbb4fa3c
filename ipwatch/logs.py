"""Structured logging: one JSON object per line on stderr (python-json-logger)."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from ipwatch.settings import LoggingSettings


def configure_logging(cfg: LoggingSettings) -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_ipwatch", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._ipwatch = True  # type: ignore[attr-defined]
    if cfg.json_lines:
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                           rename_fields={"asctime": "ts", "levelname": "level",
                                                          "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(cfg.level)
    for noisy in ("elastic_transport", "scrapy", "urllib3", "filelock", "jieba"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(cfg.level)))
