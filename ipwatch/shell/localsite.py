"""Local web servers for the demo and the tests, on 127.0.0.1 only: a threaded HTTP server, the one
date-placeholder syntax of fixture pages, and a webhook receiver standing in for mail and chat robots.

Fixture pages (the demo's scenario, tests/fixtures/site) write dates relative to today, so they stay
inside the crawl look-back window whenever they are served: `{{d-N|FORMAT}}` is N days ago and
`{{h-N|FORMAT}}` N hours ago, in strftime FORMAT.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PLACEHOLDER = r"\{\{([dh])-(\d+)\|([^}]*)\}\}"
_PLACEHOLDER = re.compile(PLACEHOLDER)
_PLACEHOLDER_BYTES = re.compile(PLACEHOLDER.encode())


def _ago(now: datetime, unit: str, n: int) -> datetime:
    return now - (timedelta(days=n) if unit == "d" else timedelta(hours=n))


def render_dates(text: str, now: datetime) -> str:
    """`text` with every placeholder replaced by the time it names, counted back from `now`."""
    return _PLACEHOLDER.sub(lambda m: _ago(now, m.group(1), int(m.group(2))).strftime(m.group(3)), text)


def render_dates_bytes(body: bytes, now: datetime, encoding: str) -> bytes:
    """The same for a page kept in its own charset (GBK, Big5 …): only the placeholders are re-encoded."""
    def sub(m: re.Match[bytes]) -> bytes:
        when = _ago(now, m.group(1).decode(), int(m.group(2)))
        return when.strftime(m.group(3).decode(encoding)).encode(encoding)
    return _PLACEHOLDER_BYTES.sub(sub, body)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):   # clients hang up (timeouts)
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 (a free port unless given) serving `handler`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0, host: str = "127.0.0.1"):
        self.httpd = _Quiet((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.started = False

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    url = base

    def start(self) -> LocalServer:
        if not self.started:
            self.thread.start()
            self.started = True
        return self

    def close(self) -> None:
        if self.started:
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


class AlertSink(LocalServer):
    """A local webhook receiver standing in for mail / DingTalk / WeCom: keeps each message once."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.keys: list[str] = []
        self.posts: list[str] = []          # every delivery's key, repeats included
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    msg = json.loads(body or b"{}")
                except ValueError:
                    msg = {"raw": body.decode("utf-8", "replace")}
                key = self.headers.get("Idempotency-Key") or msg.get("idempotency_key") or ""
                outer.posts.append(key)
                if key not in outer.keys:          # a repeated delivery is acknowledged, not kept twice
                    outer.keys.append(key)
                    outer.received.append(msg)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "11")
                self.end_headers()
                self.wfile.write(b'{"ok":true}')

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)
        self.start()
