"""Today, duties and events: the pages an officer works from. Every action calls the function the CLI
calls (alerts.duty_actions.transition, scoring.officer.officer_action, then scoring.rerate.rerate), with
the signed-in account as the actor, inside `audit.acting("console", address)`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from ipwatch import audit
from ipwatch.clock import iso
from ipwatch.errors import IpwatchError
from ipwatch.shell.console import queries as Q
from ipwatch.shell.console.report import draft_report
from ipwatch.shell.console.web import ctx, needs, now
from ipwatch.taxonomy import RISK_TYPES

bp = Blueprint("pages", __name__)
DUTY_STATE_ZH = {"open": "待处理", "acknowledged": "已确认", "reported": "已报送", "dismissed": "已撤销"}
EVENT_STATUS_ZH = {"new": "待核实", "confirmed": "已确认", "corrected": "已更正", "rejected": "已驳回",
                   "repaired": "已修复"}


def _page() -> int:
    try:
        return max(0, int(request.args.get("page", "0")))
    except ValueError:
        return 0


def _act(fn: Callable[[], Any], ok: str, back: str) -> Any:
    """Run an officer action as the signed-in account; a refused move is shown, not a 500."""
    try:
        with audit.acting("console", request.remote_addr):
            fn()
        flash(ok, "ok")
    except IpwatchError as exc:
        flash(f"未执行：{exc}", "error")
    return redirect(back)


def _today() -> date:
    from zoneinfo import ZoneInfo

    return now().astimezone(ZoneInfo(ctx().settings.timezone)).date()


@bp.route("/")
def today() -> Any:
    store = ctx().store
    tz = ctx().settings.timezone
    t = now()
    duties, n_duties = Q.duties(store, "active", size=100)
    new_alerts, _ = Q.alerts(store, status="active", size=20)
    since = iso(t - timedelta(days=7))
    volume = Q.week_volume(store, t, tz)
    return render_template("today.html", duties=duties, n_duties=n_duties, alerts=new_alerts,
                           grade_changes=Q.grade_changes(store, since), volume=volume,
                           now_iso=iso(t), state_zh=DUTY_STATE_ZH)


@bp.route("/duties")
def duties() -> Any:
    state = request.args.get("state") or "active"
    platform = request.args.get("platform") or None
    entity = request.args.get("entity") or None
    page = _page()
    rows, n = Q.duties(ctx().store, state, platform, entity, offset=page * Q.PAGE)
    return render_template("duties.html", duties=rows, total=n, page=page, size=Q.PAGE, state=state,
                           platform=platform or "", entity=entity or "", state_zh=DUTY_STATE_ZH, now_iso=iso(now()))


def _duty(duty_id: str) -> dict[str, Any]:
    d = Q.get(ctx().store, "duties", duty_id)
    if d is None:
        abort(404)
    return d


def _duty_articles(d: dict[str, Any]) -> list[dict[str, Any]]:
    ids = list(d.get("article_ids") or [])[:50]
    return Q.articles(ctx().store, ids=ids, size=len(ids))[0] if ids else []


@bp.route("/duties/<duty_id>")
def duty(duty_id: str) -> Any:
    d = _duty(duty_id)
    arts = _duty_articles(d)
    event = Q.get(ctx().store, "events", d["event_id"]) if d.get("event_id") else None
    return render_template("duty.html", d=d, articles=arts, event=event, draft=draft_report(d, arts, _today()),
                           state_zh=DUTY_STATE_ZH, now_iso=iso(now()), today=_today().isoformat())


@bp.route("/duties/<duty_id>/draft.txt")
def duty_draft(duty_id: str) -> Any:
    d = _duty(duty_id)
    text = draft_report(d, _duty_articles(d), _today())
    name = f"重大事项报告-{d.get('entity_name') or d['id'][:10]}-{d.get('occurred_on')}.txt"
    from urllib.parse import quote

    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=\"duty-{d['id'][:10]}.txt\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})


def _alerts_cfg() -> Any:
    from alerts.jobs import get_config

    return get_config(ctx())


@bp.route("/duties/<duty_id>/acknowledge", methods=["POST"])
@needs("officer")
def duty_ack(duty_id: str) -> Any:
    from alerts.duty_actions import transition

    note = request.form.get("note", "").strip()[:500] or None
    return _act(lambda: transition(ctx().store, _alerts_cfg(), duty_id, "acknowledged", g.user["username"], now(),
                                   note=note), "已确认该报告义务，正在准备报告。", url_for("pages.duty", duty_id=duty_id))


def _save_attachment(duty_id: str) -> str | None:
    f = request.files.get("attachment")
    if f is None or not f.filename:
        return None
    data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    safe = re.sub(r"[^\w.\-一-鿿]", "_", Path(f.filename).name)[:100] or "attachment"
    folder = ctx().settings.path(Path("var/attachments")) / duty_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{digest[:16]}-{safe}").write_bytes(data)
    return f"附件 {safe}（{len(data)} 字节，sha256 {digest[:16]}）"


@bp.route("/duties/<duty_id>/report", methods=["POST"])
@needs("officer")
def duty_report(duty_id: str) -> Any:
    from alerts.duty_actions import transition

    ref = request.form.get("ref", "").strip()[:200]
    try:
        rd = date.fromisoformat(request.form.get("report_date") or _today().isoformat())
    except ValueError:
        flash("未执行：报送日期格式应为 YYYY-MM-DD", "error")
        return redirect(url_for("pages.duty", duty_id=duty_id))
    if rd > _today():
        flash("未执行：报送日期不能晚于今天", "error")
        return redirect(url_for("pages.duty", duty_id=duty_id))

    def go() -> None:
        note = _save_attachment(duty_id) if ref else None
        text = f"报送日期 {rd}，文号 {ref}" + (f"；{note}" if note else "")
        transition(ctx().store, _alerts_cfg(), duty_id, "reported", g.user["username"], now(), report_date=rd,
                   report_ref=ref, note=text if note else None)
    return _act(go, f"已登记报送（文号 {ref}）。", url_for("pages.duty", duty_id=duty_id))


@bp.route("/duties/<duty_id>/dismiss", methods=["POST"])
@needs("officer")
def duty_dismiss(duty_id: str) -> Any:
    from alerts.duty_actions import transition

    reason = request.form.get("reason", "").strip()[:1000]
    return _act(lambda: transition(ctx().store, _alerts_cfg(), duty_id, "dismissed", g.user["username"], now(),
                                   reason=reason), "已撤销该报告义务。", url_for("pages.duty", duty_id=duty_id))


@bp.route("/events")
def events() -> Any:
    entity = request.args.get("entity") or None
    status = request.args.get("status") or None
    risk = request.args.get("type") or None
    page = _page()
    rows, n = Q.events(ctx().store, entity, status, risk, offset=page * Q.PAGE)
    return render_template("events.html", events=rows, total=n, page=page, size=Q.PAGE, entity=entity or "",
                           status=status or "", risk=risk or "", status_zh=EVENT_STATUS_ZH, risk_types=RISK_TYPES)


@bp.route("/events/<event_id>")
def event(event_id: str) -> Any:
    ev = Q.get(ctx().store, "events", event_id)
    if ev is None:
        abort(404)
    rating = Q.get(ctx().store, "ratings", ev["entity_id"])
    store = ctx().store
    duties = Q.hits(store.search(store.ix.name("duties"), query={"term": {"event_id": ev["id"]}}, size=20))
    return render_template("event.html", ev=ev, rating=rating, duties=duties, status_zh=EVENT_STATUS_ZH,
                           risk_types=RISK_TYPES, entities=sorted(e.id for e in ctx().watchlist.entities))


@bp.route("/events/<event_id>/<action>", methods=["POST"])
@needs("officer")
def event_action(event_id: str, action: str) -> Any:
    from scoring.officer import officer_action
    from scoring.rerate import rerate
    from scoring.rulebook import rulebook_of

    if action not in ("confirm", "reject", "reopen", "correct"):
        abort(404)
    reason = request.form.get("reason", "").strip()[:1000]
    entity_id = request.form.get("entity_id", "").strip() or None
    risk_type = request.form.get("risk_type", "").strip() or None
    result: dict[str, Any] = {}

    def go() -> None:
        app = ctx()
        doc, touched = officer_action(app.store, event_id, action, g.user["username"], reason, now(),
                                      tz=app.settings.timezone, entity_id=entity_id, risk_type=risk_type,
                                      rulebook=rulebook_of(app), known_entities={e.id for e in app.watchlist.entities})
        result.update(rerate(app, now(), entity_ids=sorted(touched), trigger="officer"))
        result["status"] = doc.get("status")
    zh = {"confirm": "已确认", "reject": "已驳回", "reopen": "已重新打开", "correct": "已更正"}[action]
    return _act(go, f"事件{zh}，相关评级已重新计算。", url_for("pages.event", event_id=event_id))
