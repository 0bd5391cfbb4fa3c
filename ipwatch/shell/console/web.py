"""What every page shares: sign-in on every page, CSRF on every form, roles, security headers, filters.

Everything a page shows from a crawled article is untrusted: templates are Jinja2 with autoescape
(`.html`), links to the outside pass `safe_url` (http/https only), long texts are cut, and the
Content-Security-Policy allows scripts only from the console's own static folder, so even markup that
slipped through could not run.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import abort, g, redirect, request, session, url_for
from markupsafe import Markup

from ipwatch.clock import parse
from ipwatch.context import AppContext
from ipwatch.errors import ConflictError
from ipwatch.shell.console import accounts

log = logging.getLogger("ipwatch.console")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OPEN_ENDPOINTS = {"auth.login", "static"}
SECRET_STATE_ID = "console:secret"


def secret_key(ctx: AppContext) -> str:
    """IPWATCH_CONSOLE__SECRET_KEY, else one random key kept in the `state` index (shared by every
    instance of the deployment, made on first start)."""
    cfg = ctx.settings.console
    if cfg.secret_key is not None:
        return cfg.secret_key.get_secret_value()
    store = ctx.store
    index = store.ix.name("state")
    got = store.get(index, SECRET_STATE_ID)
    if got is None:
        try:
            store.put(index, SECRET_STATE_ID, {"id": SECRET_STATE_ID, "kind": "console",
                                               "data": {"key": secrets.token_urlsafe(48)}}, None, refresh="wait_for")
        except ConflictError:
            pass
        got = store.get(index, SECRET_STATE_ID)
    assert got is not None
    return str(got.source["data"]["key"])


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s); None for javascript:, data: and anything else."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def csrf_token() -> str:
    tok = session.get("csrf")
    if not tok:
        tok = session["csrf"] = secrets.token_urlsafe(32)
    return str(tok)


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % csrf_token()


def needs(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view that only `role` and the roles above it may call (403 for the others)."""
    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*a: Any, **kw: Any) -> Any:
            if accounts.rank(g.user.get("role")) < accounts.rank(role):
                abort(403)
            return view(*a, **kw)
        inner.__name__ = view.__name__
        inner.__doc__ = view.__doc__
        return inner
    return wrap


def ctx() -> AppContext:
    from flask import current_app

    return current_app.extensions["ipwatch"]  # type: ignore[no-any-return]


def now() -> datetime:
    return ctx().clock.now()


def _trusted_user(cfg: Any) -> dict[str, Any] | None:
    """The account named by the SSO proxy's header, when the request comes from a trusted proxy."""
    header = cfg.trusted_user_header
    if not header or request.remote_addr not in cfg.trusted_proxies:
        return None
    name = request.headers.get(header, "").strip()
    user = accounts.get_user(ctx().store, name) if name else None
    if user is None or user.get("disabled"):
        return None
    return accounts.public(user)


def _signed_in() -> dict[str, Any] | None:
    name, epoch = session.get("u"), session.get("e")
    if not name:
        return None
    user = accounts.get_user(ctx().store, name)
    if user is None or user.get("disabled") or user.get("session_epoch") != epoch:
        session.clear()
        return None
    return accounts.public(user)


def _before() -> Any:
    g.user = None
    if request.endpoint == "static" or request.routing_exception is not None:
        return None                        # static files; an unknown path is a plain 404
    cfg = ctx().settings.console
    user = _trusted_user(cfg) or _signed_in()
    if request.method == "POST":
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        if not session.get("csrf") or not hmac.compare_digest(str(sent), str(session["csrf"])):
            log.warning("console: CSRF token missing or wrong", extra={"path": request.path,
                                                                        "address": request.remote_addr})
            abort(400, description="表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")
    if user is None and request.endpoint not in OPEN_ENDPOINTS:
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(401)
    g.user = user
    return None


def _headers(resp: Any) -> Any:
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Referrer-Policy"] = "same-origin"
    if resp.mimetype == "text/html":
        resp.headers["Cache-Control"] = "no-store"
    return resp


def local(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An ISO time in the deployment's time zone."""
    if not value:
        return ""
    dt = value if isinstance(value, datetime) else parse(str(value))
    if dt is None:
        return str(value)
    return dt.astimezone(ZoneInfo(ctx().settings.timezone)).strftime(fmt)


def cut(value: Any, n: int = 200) -> str:
    s = "" if value is None else str(value)
    return s if len(s) <= n else s[:n] + "…"
