"""The Flask application, assembled: settings, the shared hooks of `web`, the blueprints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, render_template

from ipwatch.clock import utcnow
from ipwatch.context import AppContext
from ipwatch.shell.console import accounts, auth, pages, pages_more, pages_work
from ipwatch.shell.console.web import (
    _before,
    _headers,
    csrf_field,
    cut,
    local,
    safe_url,
    secret_key,
)
from ipwatch.taxonomy import risk_label


def create_app(app_ctx: AppContext) -> Flask:
    cfg = app_ctx.settings.console
    app = Flask("ipwatch.shell.console")
    app.extensions["ipwatch"] = app_ctx
    base = cfg.base_url or ""
    app.config.update(SECRET_KEY=secret_key(app_ctx), SESSION_COOKIE_NAME="ipwatch_console",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=base.startswith("https://"),
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=cfg.session_hours),
                      MAX_CONTENT_LENGTH=10 * 1024 * 1024, TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True           # every template, whatever its name
    app.jinja_env.globals.update(csrf_field=csrf_field, safe_url=safe_url, risk_label=risk_label,
                                 role_zh=accounts.ROLE_ZH, rank=accounts.rank)
    app.jinja_env.filters.update(local=local, cut=cut, risk=risk_label)
    app.extensions["login_limiter"] = auth.LoginLimiter(cfg.login_max_failures, cfg.login_window_seconds)
    app.before_request(_before)
    app.after_request(_headers)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(pages_more.bp)
    app.register_blueprint(pages_work.bp)

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    @app.errorhandler(404)
    def _error(exc: Any) -> Any:
        text = {401: "请先登录。", 403: "您的角色无权执行此操作。", 404: "没有找到该页面或记录。"}.get(
            exc.code, getattr(exc, "description", "") or "请求有误。")
        return render_template("error.html", code=exc.code, text=text), exc.code

    app.jinja_env.globals["now_utc"] = utcnow
    return app
