"""Entities, articles, alerts and the audit trail (reading pages), and the account list for admins."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from ipwatch import audit
from ipwatch.errors import IpwatchError
from ipwatch.shell.console import accounts
from ipwatch.shell.console import queries as Q
from ipwatch.shell.console.pages import DUTY_STATE_ZH, EVENT_STATUS_ZH, _page, _today
from ipwatch.shell.console.web import ctx, needs, now
from ipwatch.taxonomy import RISK_TYPES

bp = Blueprint("more", __name__)
MAX_TEXT = 20000          # characters of an article shown on its page
SENTIMENT_ZH = {"negative": "负面", "neutral": "中性", "positive": "正面"}
TYPE_ZH = {"platform": "平台", "regional_centre": "区域中心", "industry_centre": "产业中心",
           "operating_unit": "运营单位", "institution": "机构"}


@bp.route("/entities")
def entities() -> Any:
    q = (request.args.get("q") or "").strip()[:100]
    etype = request.args.get("type") or None
    page = _page()
    rows, n = Q.entities(ctx().store, q or None, etype, offset=page * Q.PAGE)
    ratings = Q.ratings_of(ctx().store, [r["id"] for r in rows])
    return render_template("entities.html", rows=rows, total=n, ratings=ratings, q=q, etype=etype or "",
                           page=page, size=Q.PAGE, type_zh=TYPE_ZH)


@bp.route("/entities/<entity_id>")
def entity(entity_id: str) -> Any:
    store = ctx().store
    ent = Q.get(store, "entities", entity_id)
    if ent is None:
        abort(404)
    rating = Q.get(store, "ratings", entity_id)
    events, _ = Q.events(store, entity=entity_id, size=50, active_only=False)
    duties, _ = Q.duties(store, "all", entity=entity_id, size=50)
    alerts, _ = Q.alerts(store, status=None, entity=entity_id, size=50)
    arts, n_arts = Q.articles(store, entity=entity_id, size=30)
    history = Q.grade_history(store, entity_id)
    platforms = Q.by_ids(store, "entities", list(ent.get("platforms") or []), source=["id", "name", "type"])
    residents = Q.residents(store, entity_id) if ent.get("type") in ("platform", "regional_centre",
                                                                      "industry_centre") else []
    unit = Q.get(store, "entities", ent["operating_unit"]) if ent.get("operating_unit") else None
    res_ratings = Q.ratings_of(store, [r["id"] for r in residents[:200]])
    width = max(len(history) * 50, 300)
    chart = [{**h, "x": round(40 + i * (width - 20) / max(len(history) - 1, 1), 1),
              "y": round(130 - float(h.get("score") or 0) * 1.2, 1)} for i, h in enumerate(history)]
    return render_template("entity.html", e=ent, rating=rating, events=events, duties=duties, alerts=alerts,
                           articles=arts, n_articles=n_arts, history=history, chart=chart, chart_width=width, platforms=platforms,
                           residents=residents, res_ratings=res_ratings, unit=unit, type_zh=TYPE_ZH,
                           status_zh=EVENT_STATUS_ZH, state_zh=DUTY_STATE_ZH, sentiment_zh=SENTIMENT_ZH)


@bp.route("/articles")
def articles() -> Any:
    args = {k: (request.args.get(k) or "").strip()[:200] for k in ("q", "entity", "risk", "sentiment", "outlet",
                                                                   "from", "to")}
    page = _page()
    rows, n = Q.articles(ctx().store, args["q"] or None, args["entity"] or None, args["risk"] or None,
                         args["sentiment"] or None, args["outlet"] or None, args["from"] or None,
                         args["to"] or None, offset=page * Q.PAGE)
    return render_template("articles.html", rows=rows, total=n, args=args, page=page, size=Q.PAGE,
                           risk_types=RISK_TYPES, sentiment_zh=SENTIMENT_ZH)


def _article(article_id: str) -> dict[str, Any]:
    store = ctx().store
    r = store.search(store.ix.name("articles"), query={"ids": {"values": [article_id]}}, size=1)
    found = Q.hits(r)
    if not found:
        abort(404)
    return found[0]


@bp.route("/articles/<article_id>")
def article(article_id: str) -> Any:
    a = _article(article_id)
    text = a.get("text") or ""
    return render_template("article.html", a=a, text=text[:MAX_TEXT], cut=len(text) > MAX_TEXT,
                           length=len(text), sentiment_zh=SENTIMENT_ZH,
                           entities=sorted(e.id for e in ctx().watchlist.entities))


@bp.route("/alerts")
def alerts() -> Any:
    kind = request.args.get("kind") or None
    status = request.args.get("status", "active") or None
    page = _page()
    rows, n = Q.alerts(ctx().store, kind, status, offset=page * Q.PAGE)
    return render_template("alerts.html", rows=rows, total=n, kind=kind or "", status=status or "",
                           page=page, size=Q.PAGE, today=_today().isoformat())


@bp.route("/alerts/<alert_id>")
def alert(alert_id: str) -> Any:
    from alerts.alert_actions import HANDLING_ZH, KINDS

    a = Q.get(ctx().store, "alerts", alert_id)
    if a is None:
        abort(404)
    events = Q.by_ids(ctx().store, "events", list(a.get("event_ids") or [])[:20],
                      source=["id", "title", "risk_type", "event_date", "status"])
    return render_template("alert.html", a=a, events=events, handling_zh=HANDLING_ZH, handled_kinds=KINDS,
                           today=_today().isoformat())


@bp.route("/alerts/<alert_id>/<to>", methods=["POST"])
@needs("officer")
def finding_action(alert_id: str, to: str) -> Any:
    """A compliance finding moves through alerts.findings.transition (rectifying, closed, dismissed); a
    surge or grade-change alert is acknowledged or closed (alerts.alert_actions.handle)."""
    from datetime import date

    from alerts.alert_actions import KINDS, handle
    from alerts.findings import transition
    from alerts.jobs import get_config

    a = Q.get(ctx().store, "alerts", alert_id)
    if a is None:
        abort(404)
    handled = a.get("kind") in KINDS
    if to not in (("acknowledged", "closed") if handled else ("rectifying", "closed", "dismissed", "open")):
        abort(404)
    try:
        until = date.fromisoformat(request.form["rectify_by"]) if request.form.get("rectify_by") else None
    except ValueError:
        until = None
    note = request.form.get("note", "").strip()[:500] or None
    try:
        with audit.acting("console", request.remote_addr):
            if handled:
                handle(ctx().store, alert_id, to, g.user["username"], now(), note=note)
            else:
                transition(ctx().store, get_config(ctx()), alert_id, to, g.user["username"], now(), rectify_by=until,
                           note=note, reason=request.form.get("reason", "").strip()[:1000] or None)
        flash("已确认该预警。" if to == "acknowledged" else "已关闭该预警。" if handled else "已更新自查问题的状态。", "ok")
    except IpwatchError as exc:
        flash(f"未执行：{exc}", "error")
    if request.form.get("back") == "list":
        return redirect(url_for("more.alerts", kind=a.get("kind")))
    return redirect(url_for("more.alert", alert_id=alert_id))


@bp.route("/briefings/<name>")
def briefing(name: str) -> Any:
    """A briefing the daemon wrote (reports.dir); its message links here."""
    from flask import send_from_directory

    if not name.startswith("briefing-") or "/" in name or "\\" in name:
        abort(404)
    return send_from_directory(ctx().settings.path(ctx().settings.reports.dir), name, as_attachment=True)


@bp.route("/audit")
def audit_trail() -> Any:
    f = {k: (request.args.get(k) or "").strip()[:200] or None for k in ("actor", "target", "action", "via")}
    rows, n = audit.trail(ctx().store, actor=f["actor"], target_id=f["target"], action=f["action"], via=f["via"],
                          size=100, before=request.args.get("before") or None)
    return render_template("audit.html", rows=rows, total=n, f={k: v or "" for k, v in f.items()})


@bp.route("/users", methods=["GET", "POST"])
@needs("admin")
def users() -> Any:
    store = ctx().store
    if request.method == "POST":
        op = request.form.get("op")
        name = request.form.get("username", "").strip()
        try:
            with audit.acting("console", request.remote_addr):
                if op == "add":
                    accounts.add_user(store, name, request.form.get("password", ""), request.form.get("role", ""),
                                      g.user["username"], now(), request.form.get("display_name") or None)
                elif op in ("disable", "enable"):
                    if name.lower() == g.user["username"].lower():
                        raise accounts.AccountError("an admin cannot disable their own account")
                    accounts.set_disabled(store, name, op == "disable", g.user["username"], now())
                elif op == "role":
                    accounts.set_role(store, name, request.form.get("role", ""), g.user["username"], now())
                else:
                    abort(400)
            flash("账号已更新。", "ok")
        except IpwatchError as exc:
            flash(f"未执行：{exc}", "error")
        return redirect(url_for("more.users"))
    return render_template("users.html", rows=accounts.list_users(store), roles=accounts.ROLES)
