"""`ipwatch duties …` and `ipwatch alerts …`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from alerts import duty_actions as D
from alerts.deadline import days_left
from ipwatch import audit
from ipwatch.clock import Clock, parse
from ipwatch.output import json_option, print_jsonl
from alerts.jobs import get_config
from ipwatch.taxonomy import risk_label
from ipwatch.context import AppContext, pass_app

STATE_ZH = {"open": "待处理", "acknowledged": "已确认", "reported": "已报送", "dismissed": "已撤销"}


def _clock(app: AppContext) -> Clock:
    """The app's clock (tests hand in a ManualClock)."""
    return app.clock


def _echo_trail(doc: dict[str, Any]) -> None:
    """The evidence links and the state history of a duty or a finding."""
    for u in doc.get("urls") or []:
        click.echo(f"  evidence {u}")
    for h in doc.get("history") or []:
        click.echo(f"  {h['at']}  {h['actor']:12s} {h.get('from') or '-'} -> {h.get('to')}  {h.get('note') or ''}")



def _show(d: dict, now: datetime, near_days: float) -> str:
    left = days_left(d, now)
    active = d["state"] in D.ACTIVE
    flag = "OVERDUE" if active and left < 0 else "urgent " if active and left <= near_days else ""
    src = "" if d.get("occurred_on_source") == "text" else f" ({d.get('occurred_on_source')} date)"
    when = f"{left:+.1f}d" if d["state"] in D.ACTIVE else (d.get("report_date") or "")
    return (f"{d['id'][:10]}  {d['due']}  {when:>7s} {flag:7s} {d['state']:12s} {d['platform_id']:18s} "
            f"{risk_label(d.get('risk_type'))}  {d.get('entity_name') or ''}  occurred {d['occurred_on']}{src}  "
            f"{d.get('title') or ''}")


@click.group("duties", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Also reported and dismissed duties.")
@json_option
@click.pass_context
def duties(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """Major-matter reporting duties (due = occurrence date + 7 days), by due date."""
    if ctx.invoked_subcommand is not None:
        return
    ctx.invoke(_list, show_all=show_all, as_json=as_json)


@pass_app
def _list(app: AppContext, show_all: bool, as_json: bool = False) -> None:
    cfg = get_config(app)
    now = _clock(app).now()
    rows = D.list_duties(app.store, include_closed=show_all)
    if as_json:
        print_jsonl(rows)
        return
    if not rows:
        click.echo("no open duties" if not show_all else "no duties")
        return
    click.echo(f"{'id':10s}  {'due':10s}  {'left':>7s} {'':7s} {'state':12s} {'platform':18s} matter")
    for d in rows:
        click.echo(_show(d, now, cfg.duty.near_days))


def _today(app: AppContext) -> date:
    return _clock(app).now().astimezone(ZoneInfo(get_config(app).duty.timezone)).date()


@duties.command("show")
@click.argument("duty_id")
@pass_app
def show(app: AppContext, duty_id: str) -> None:
    """One duty with its evidence and history."""
    did = D.resolve_id(app.store, duty_id)
    d = app.store.get(app.store.ix.name("duties"), did).source
    click.echo(_show(d, _clock(app).now(), get_config(app).duty.near_days))
    click.echo(f"id {d['id']}  event {d['event_id']}  due at {d['due_at']}")
    if d.get("quote"):
        click.echo(f"  依据「{d['quote']}」")
    _echo_trail(d)


@duties.command("ack")
@click.argument("duty_id")
@click.option("--by", help="Who (default: your user name).")
@click.option("--note", default=None)
@pass_app
def ack(app: AppContext, duty_id: str, by: str | None, note: str | None) -> None:
    """Acknowledge a duty: someone is preparing the report."""
    d = D.transition(app.store, get_config(app), duty_id, "acknowledged", audit.cli_actor(by), _clock(app).now(), note=note)
    click.echo(f"duty {d['id'][:10]} acknowledged by {d['acknowledged_by']}; due {d['due']}")


@duties.command("report")
@click.argument("duty_id")
@click.option("--ref", required=True, help="Reference of the report (document number).")
@click.option("--date", "report_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Day it was reported (default: today).")
@click.option("--by", help="Who (default: your user name).")
@pass_app
def report(app: AppContext, duty_id: str, ref: str, report_date: datetime | None, by: str | None) -> None:
    """Record that the platform reported the matter."""
    rd = report_date.date() if report_date else _today(app)
    d = D.transition(app.store, get_config(app), duty_id, "reported", audit.cli_actor(by), _clock(app).now(),
                     report_date=rd, report_ref=ref)
    late = " (late)" if d.get("reported_late") else ""
    click.echo(f"duty {d['id'][:10]} reported on {d['report_date']}{late}, ref {d['report_ref']}")


@duties.command("dismiss")
@click.argument("duty_id")
@click.option("--reason", required=True, help="Why no report is needed.")
@click.option("--by", help="Who (default: your user name).")
@pass_app
def dismiss(app: AppContext, duty_id: str, reason: str, by: str | None) -> None:
    """Close a duty that needs no report (e.g. a misidentified event)."""
    d = D.transition(app.store, get_config(app), duty_id, "dismissed", audit.cli_actor(by), _clock(app).now(), reason=reason)
    click.echo(f"duty {d['id'][:10]} dismissed by {d['dismissed_by']}: {d['dismiss_reason']}")


@click.group("alerts")
def alerts() -> None:
    """Alerts and notification delivery."""


@alerts.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also resolved alerts.")
@click.option("--kind", default=None, help="duty, surge, grade_change or compliance.")
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_app
def alerts_list(app: AppContext, show_all: bool, kind: str | None, limit: int, as_json: bool) -> None:
    """Recent alerts, newest first."""
    st = app.store
    ix = st.ix.name("alerts")
    st.refresh(ix)
    f = [] if show_all else [{"term": {"status": "active"}}]
    if kind:
        f.append({"term": {"kind": kind}})
    hits = st.search(ix, size=limit, query={"bool": {"filter": f}}, sort=[{"created_at": "desc"}])["hits"]["hits"]
    if as_json:
        print_jsonl(h["_source"] for h in hits)
        return
    if not hits:
        click.echo("no alerts")
    for h in hits:
        a = h["_source"]
        created = (parse(a.get("created_at")) or _clock(app).now()).astimezone(ZoneInfo(get_config(app).duty.timezone))
        click.echo(f"{a['id'][:10]}  {created:%Y-%m-%d %H:%M}  {a['kind']:12s} {a['status']:8s} "
                   f"{','.join(a.get('platforms') or []):20s} {a.get('title') or ''}")


@alerts.command("outbox")
@click.option("--status", default=None, help="pending, sending, sent, failed, silenced.")
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_app
def alerts_outbox(app: AppContext, status: str | None, limit: int, as_json: bool) -> None:
    """Notifications and their delivery state."""
    st = app.store
    ix = st.ix.name("outbox")
    st.refresh(ix)
    q = {"term": {"status": status}} if status else {"match_all": {}}
    hits = st.search(ix, size=limit, query=q, sort=[{"created_at": "desc"}])["hits"]["hits"]
    if as_json:
        print_jsonl(h["_source"] for h in hits)
        return
    for h in hits:
        o = h["_source"]
        click.echo(f"{o['id'][:10]}  {o['created_at'][:16]}  {o['channel']:14s} {o['status']:9s} "
                   f"try {o.get('attempts', 0)}  {o.get('subject') or ''}  {o.get('last_error') or ''}")


@alerts.command("run")
@pass_app
def alerts_run(app: AppContext) -> None:
    """Evaluate, check duties and dispatch once (the daemon does this on a schedule)."""
    from alerts.jobs import run_once

    counts = run_once(app)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items() if v))


@click.group("findings")
def findings() -> None:
    """Self-inspection findings (branches, seals, remit): rectify by a deadline, close when verified."""


@findings.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also closed and dismissed findings.")
@json_option
@pass_app
def findings_list(app: AppContext, show_all: bool, as_json: bool) -> None:
    """Findings, newest first: state, rectification deadline (overdue marked), platform, what."""
    st = app.store
    ix = st.ix.name("alerts")
    st.refresh(ix)
    flt: list[dict[str, Any]] = [{"term": {"kind": "compliance"}}]
    if not show_all:
        flt.append({"terms": {"finding_state": ["open", "rectifying"]}})
    hits = st.search(ix, size=200, query={"bool": {"filter": flt}}, sort=[{"created_at": "desc"}])["hits"]["hits"]
    if as_json:
        print_jsonl(h["_source"] for h in hits)
        return
    today = _clock(app).now().astimezone(ZoneInfo(get_config(app).duty.timezone)).date().isoformat()
    if not hits:
        click.echo("no findings")
    for h in hits:
        f = h["_source"]
        late = " OVERDUE" if f.get("finding_state") in ("open", "rectifying") and f.get("rectify_by", "9") < today else ""
        cross = {True: " 跨区域", False: " 同区域"}.get(f.get("cross_region"), "")
        click.echo(f"{f['id'][:10]}  {f.get('finding_state', 'open'):10s} by {f.get('rectify_by')}{late:8s} "
                   f"{f.get('entity_id'):20s} {f.get('title') or ''}{cross}")


@findings.command("show")
@click.argument("finding_id")
@pass_app
def findings_show(app: AppContext, finding_id: str) -> None:
    """One finding: what was found, where, the deadline, and its history."""
    from alerts.findings import resolve_id

    st = app.store
    f = st.get(st.ix.name("alerts"), resolve_id(st, finding_id)).source
    click.echo(f"{f['id']}  {f.get('title')}  [{f.get('finding_state')}]  rectify by {f.get('rectify_by')}")
    click.echo(f"  原文 {f.get('message') or ''}")
    if f.get("note"):
        click.echo(f"  跨区域 {f.get('note')}")
    _echo_trail(f)


def _finding(app: AppContext, ident: str, to: str, by: str | None, **kw: Any) -> None:
    from alerts.findings import FindingError, transition

    try:
        f = transition(app.store, get_config(app), ident, to, audit.cli_actor(by), _clock(app).now(), **kw)
    except FindingError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"finding {f['id'][:10]}: {f['finding_state']}"
               + (f", rectify by {f['rectify_by']}" if f["finding_state"] == "rectifying" else ""))


@findings.command("rectify")
@click.argument("finding_id")
@click.option("--until", "until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Rectification deadline.")
@click.option("--by", help="Who (default: your user name).")
@click.option("--note")
@pass_app
def findings_rectify(app: AppContext, finding_id: str, until: datetime | None, by: str | None, note: str | None) -> None:
    """Record that rectification (整改) is under way, with its deadline."""
    _finding(app, finding_id, "rectifying", by, rectify_by=until.date() if until else None, note=note)


@findings.command("close")
@click.argument("finding_id")
@click.option("--by", help="Who verified the rectification (default: your user name).")
@click.option("--note")
@pass_app
def findings_close(app: AppContext, finding_id: str, by: str | None, note: str | None) -> None:
    """Close a finding whose rectification was verified (who verified it is recorded)."""
    _finding(app, finding_id, "closed", by, note=note)


@findings.command("dismiss")
@click.argument("finding_id")
@click.option("--reason", required=True, help="Why it is not a problem (e.g. the branch was approved).")
@click.option("--by")
@pass_app
def findings_dismiss(app: AppContext, finding_id: str, reason: str, by: str | None) -> None:
    """Dismiss a finding, with the reason."""
    _finding(app, finding_id, "dismissed", by, reason=reason)


@findings.command("reopen")
@click.argument("finding_id")
@click.option("--by")
@click.option("--note")
@pass_app
def findings_reopen(app: AppContext, finding_id: str, by: str | None, note: str | None) -> None:
    """Reopen a closed or dismissed finding."""
    _finding(app, finding_id, "open", by, note=note)
