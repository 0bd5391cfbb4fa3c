"""The console's HTTP server: waitress (a production WSGI server, pure Python) in a thread. When the
console shares the daemon's address (the default), the same server answers /livez, /readyz,
/healthz and /metrics without a sign-in, exactly as ipwatch/shell/httpd.py does."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ipwatch.context import AppContext
from ipwatch.metrics import CONTENT_TYPE_LATEST

log = logging.getLogger("ipwatch.console")

HealthFn = Callable[[], tuple[int, dict[str, Any]]]
REASONS = {200: "OK", 503: "Service Unavailable", 500: "Internal Server Error"}


def with_probes(app: Callable[..., Any], health: HealthFn, metrics: Callable[[], bytes],
                live: HealthFn) -> Callable[..., Any]:
    """A WSGI app answering the daemon's probes itself and passing everything else to `app`."""
    checks = {"/healthz": health, "/readyz": health, "/livez": live}

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = (environ.get("PATH_INFO") or "/").rstrip("/") or "/"
        if path not in checks and path != "/metrics":
            return app(environ, start_response)  # type: ignore[no-any-return]
        try:
            if path == "/metrics":
                code, ctype, body = 200, CONTENT_TYPE_LATEST, metrics()
            else:
                code, doc = checks[path]()
                ctype = "application/json"
                body = json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode()
        except Exception:
            log.exception("http endpoint %s failed", path)
            code, ctype, body = 500, "text/plain; charset=utf-8", b"internal error\n"
        start_response(f"{code} {REASONS.get(code, '')}", [("Content-Type", ctype), ("Content-Length", str(len(body))),
                                                           ("Cache-Control", "no-store")])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
    return wsgi


class ConsoleServer:
    """`create_app` behind waitress on (host, port); port 0 picks a free one (see `.port`)."""

    def __init__(self, ctx: AppContext, host: str, port: int, probes: tuple[HealthFn, Callable[[], bytes], HealthFn]
                 | None = None, threads: int | None = None):
        from waitress.server import create_server

        from ipwatch.shell.console.app import create_app

        self.flask = create_app(ctx)
        wsgi: Callable[..., Any] = self.flask
        if probes is not None:
            wsgi = with_probes(self.flask, *probes)
        self.server = create_server(wsgi, host=host, port=port, threads=threads or ctx.settings.console.threads,
                                    ident="ipwatch", clear_untrusted_proxy_headers=True)
        self._thread = threading.Thread(target=self._serve, name="ipwatch-console", daemon=True)

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:      # closed while stopping
            pass

    @property
    def host(self) -> str:
        return str(self.server.effective_host)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ConsoleServer:
        self._thread.start()
        log.info("console listening", extra={"url": self.url, "port": self.port})
        return self

    def stop(self) -> None:
        """Stop accepting, let the worker threads finish what they serve, close."""
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self.server.close()
        self._thread.join(timeout=5)
