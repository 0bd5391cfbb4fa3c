"""Signing in and out, and the log-in rate limit: `login_max_failures` failed attempts for one account
name or from one address within `login_window_seconds` lock further attempts (right or wrong) until
the oldest failure leaves the window. The limit is per process; each attempt is logged."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ipwatch import audit
from ipwatch.shell.console import accounts
from ipwatch.shell.console.web import ctx, now

log = logging.getLogger("ipwatch.console")
bp = Blueprint("auth", __name__)


class LoginLimiter:
    def __init__(self, max_failures: int, window: float):
        self.max = max_failures
        self.window = window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, t: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= t - self.window:
            q.popleft()
        return q

    def wait_seconds(self, keys: list[str]) -> float:
        """0 when an attempt may be made, else how long until one may."""
        t = time.monotonic()
        with self._lock:
            waits = [q[0] + self.window - t for k in keys if len(q := self._recent(k, t)) >= self.max]
        return max(waits, default=0.0)

    def failed(self, keys: list[str]) -> None:
        t = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, t).append(t)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


def _next_url() -> str:
    nxt = request.values.get("next") or ""
    # only a path on this site: no scheme, no host, no //evil.example
    if not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
        return url_for("pages.today")
    return nxt


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if g.user is not None and request.method == "GET":
        return redirect(_next_url())
    error = None
    if request.method == "POST":
        name = request.form.get("username", "").strip()[:64]
        password = request.form.get("password", "")[:1024]
        limiter: LoginLimiter = current_app.extensions["login_limiter"]
        keys = [f"user:{name.lower()}", f"addr:{request.remote_addr}"]
        wait = limiter.wait_seconds(keys)
        if wait > 0:
            log.warning("console: log-in refused (too many failures)", extra={"user": name,
                                                                              "address": request.remote_addr})
            error = f"登录失败次数过多，请 {int(wait / 60) + 1} 分钟后再试。"
            return render_template("login.html", error=error, username=name), 429
        user = accounts.authenticate(ctx().store, name, password, now())
        if user is None:
            limiter.failed(keys)
            log.warning("console: failed log-in", extra={"user": name, "address": request.remote_addr})
            error = "用户名或密码错误，或账号已停用。"
            return render_template("login.html", error=error, username=name), 401
        limiter.succeeded(keys[:1])
        session.clear()                       # a fresh session: no fixation
        session.permanent = True
        session["u"] = user["username"]
        session["e"] = user.get("session_epoch")
        with audit.acting("console", request.remote_addr):
            audit.record(ctx().store, actor=user["username"], action="user.login", target_kind="user",
                         target_id=user["username"], now=now(), summary="登录控制台")
        return redirect(_next_url())
    return render_template("login.html", error=error, username="")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"))
