"""The daemon's local HTTP endpoints: `/livez` (is the process working: a supervisor restarts it when
not), `/readyz` and `/healthz` (is this instance the leader running every job, with the details as
JSON: a standby is alive but not ready) and `/metrics` (Prometheus text)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ipwatch.metrics import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)

HealthFn = Callable[[], tuple[int, dict[str, Any]]]
MetricsFn = Callable[[], bytes]


class StatusServer:
    """A small threaded HTTP server on (host, port); port 0 picks a free one (see `.port`)."""

    def __init__(self, host: str, port: int, health: HealthFn, metrics: MetricsFn, live: HealthFn | None = None):
        handler = _handler(health, metrics, live or health)
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="ipwatch-http", daemon=True)

    @property
    def host(self) -> str:
        return str(self.httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> StatusServer:
        self._thread.start()
        log.info("http endpoints listening", extra={"url": f"http://{self.host}:{self.port}",
                                                    "port": self.port})
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(health: HealthFn, metrics: MetricsFn, live: HealthFn) -> type[BaseHTTPRequestHandler]:
    checks = {"/healthz": health, "/readyz": health, "/livez": live}

    class Handler(BaseHTTPRequestHandler):
        server_version = "ipwatch"

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            path = self.path.split("?", 1)[0].rstrip("/") or "/"
            try:
                if path in checks:
                    code, body = checks[path]()
                    self._send(code, "application/json",
                               json.dumps(body, ensure_ascii=False, indent=1, default=str).encode())
                elif path == "/metrics":
                    self._send(200, CONTENT_TYPE_LATEST, metrics())
                elif path == "/":
                    self._send(200, "text/plain; charset=utf-8", b"ipwatch: /livez /readyz /healthz /metrics\n")
                else:
                    self._send(404, "text/plain; charset=utf-8", b"not found\n")
            except Exception:  # noqa: BLE001 - an endpoint must answer, not kill the thread
                log.exception("http endpoint %s failed", path)
                self._send(500, "text/plain; charset=utf-8", b"internal error\n")

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET()

        def _send(self, code: int, ctype: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            log.debug("http %s", format % args)

    return Handler
