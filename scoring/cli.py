"""`ipwatch rate`, `ipwatch rating ENTITY`, `ipwatch events list|show|add|confirm|correct|reject|reopen|repair|object`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import click

from ipwatch import audit
from ipwatch.context import AppContext, pass_app
from ipwatch.output import json_option, print_jsonl
from ipwatch.errors import IpwatchError


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("rate")
@click.option("--as-of", callback=_date, help="Rate as of this date (YYYY-MM-DD); a past date prints, writes nothing.")
@click.option("--entity", "entities", multiple=True, help="Only these entities (and their platforms).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the ratings as JSON lines.")
@pass_app
def rate(app: AppContext, as_of: date | None, entities: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Re-rate entities from their events and store changed ratings (or rebuild a past state)."""
    _known_entities(app, entities)
    with elasticsearch_errors(app):
        _rate(app, as_of, entities, quiet, as_json)


def _known_entities(app: AppContext, entities: tuple[str, ...]) -> None:
    """Refuse an id that is not in the watchlist: rating it would store an A+ for nobody."""
    import difflib

    known = [e.id for e in app.watchlist.entities]
    unknown = [e for e in entities if e not in set(known)]
    if not unknown:
        return
    hints = []
    for u in unknown:
        close = difflib.get_close_matches(u, known, n=3, cutoff=0.6)
        hints.append(f"{u!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
    raise IpwatchError(f"unknown entity {', '.join(hints)}: not in the watchlist; nothing rated "
                       f"(`ipwatch watchlist list` shows the ids)")


@contextmanager
def elasticsearch_errors(app: AppContext) -> Iterator[None]:
    """Elasticsearch down or refusing: one clear line (exit 2), never a traceback."""
    from elastic_transport import ConnectionError as EsConnectionError
    from elastic_transport import ConnectionTimeout
    from elasticsearch import ApiError

    from ipwatch.redact import redact_url

    where = redact_url(app.settings.es.url)
    try:
        yield
    except (EsConnectionError, ConnectionTimeout) as exc:
        raise IpwatchError(f"Elasticsearch at {where} is not reachable ({type(exc).__name__}); start it "
                           f"(scripts/elasticsearch.sh start) or point IPWATCH_ES__URL at it; nothing was rated") from None
    except ApiError as exc:
        raise IpwatchError(f"Elasticsearch at {where} refused the request: HTTP {exc.status_code} "
                           f"{exc.error or exc.message}; nothing was rated") from None


def _rate(app: AppContext, as_of: date | None, entities: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    from ipwatch.clock import local_date
    from scoring.rerate import rate_as_of, rerate
    from scoring.rulebook import rulebook_of

    now = _now()
    today = local_date(now, app.settings.timezone)
    rb = rulebook_of(app)
    if as_of is not None and as_of > today:
        raise IpwatchError(f"--as-of {as_of} is in the future (today is {today})")
    if as_of is None or as_of == today:
        res = rerate(app, now, entity_ids=list(entities) or None, rulebook=rb, progress=not quiet,
                     trigger="manual")
        click.echo(f"rated {res['entities']} entities as of {res['as_of']} ({res['mode']}, {res['events']} events): "
                   f"{res['written']} changed, {res['unchanged']} unchanged, {res['grade_changes']} grade change(s), "
                   f"{res['seconds']} s")
        if not entities:
            return
        ratings = rate_as_of(app, today, entities, rulebook=rb)
    else:
        ratings = rate_as_of(app, as_of, list(entities) or None, rulebook=rb)
        click.echo(f"ratings as of {as_of} rebuilt from the events (nothing written):", err=True)
    show = [ratings[k] for k in sorted(ratings)]
    if as_json:
        for r in show:
            click.echo(json.dumps(r.to_doc(), ensure_ascii=False))
        return
    if entities or len(show) <= 60:
        for r in show:
            ded = sum(c.points for c in r.contributions if c.counted)
            click.echo(f"{r.entity_id:28s} {r.grade:3s} {r.score:7.2f}  {ded:+8.2f}  {r.entity_name}")
    grades = Counter(r.grade for r in show)
    click.echo("grades: " + ", ".join(f"{g.grade} {grades.get(g.grade, 0)}" for g in rb.grades))


@click.command("rating")
@click.argument("entity")
@click.option("--as-of", callback=_date, help="Explain the rating as of this date (rebuilt from events).")
@click.option("--history", "n_history", default=5, show_default=True, help="Show this many past changes.")
@pass_app
def rating(app: AppContext, entity: str, as_of: date | None, n_history: int) -> None:
    """Print an entity's grade and why: each event, its date, points and when it expires."""
    from ipwatch.clock import local_date
    from scoring.rerate import rate_as_of
    from scoring.rating import Rating, explain
    from scoring.rulebook import rulebook_of

    rb = rulebook_of(app)
    store = app.store
    if app.watchlist.get(entity) is None:
        hit = store.search(store.ix.name("events"), query={"term": {"entity_history": entity}}, size=0)
        if not hit["hits"]["total"]["value"]:
            raise IpwatchError(f"unknown entity {entity!r} (not in the watchlist and no events)")
    if as_of is None:
        got = store.get(store.ix.name("ratings"), entity)
        if got is None:
            r = rate_as_of(app, local_date(_now(), app.settings.timezone), [entity], rulebook=rb)[entity]
            click.echo("(not rated yet: computed now from the events, nothing stored)")
        else:
            r = Rating.from_doc(got.source)
    else:
        r = rate_as_of(app, as_of, [entity], rulebook=rb)[entity]
    click.echo(explain(r, rb))
    from scoring.official import compare, latest

    off = latest(store, entity)
    if off:
        flag = compare(r.grade, off)
        click.echo(f"  official grade {off['grade']} ({off['source']}, as of {off['as_of']})"
                   + (f"  ⚠ {flag}" if flag else "  - agrees with ipwatch"))
    if as_of is None and n_history > 0:
        resp = store.search(store.ix.name("rating-history"), query={"term": {"entity_id": entity}},
                            sort=[{"rated_at": "desc"}], size=n_history)
        hits = resp["hits"]["hits"]
        if hits:
            click.echo("  history (变更记录):")
            for h in hits:
                s = h["_source"]
                click.echo(f"    {s['rated_at'][:19]}  as of {s['as_of']}  {s.get('previous_grade') or '—'} → "
                           f"{s['grade']}  {s.get('previous_score') if s.get('previous_score') is not None else '—'}"
                           f" → {s['score']:g}  ({s['trigger']})")


@click.group("events")
def events() -> None:
    """List, show and act on risk events (confirm, correct, reject; nothing is ever deleted)."""


def _rerate_after(app: AppContext, ids: set[str]) -> None:
    from scoring.rerate import rerate

    res = rerate(app, _now(), entity_ids=sorted(ids), trigger="officer")
    click.echo(f"re-rated {res['entities']} entities ({', '.join(sorted(ids))} and their platforms): "
               f"{res['written']} changed, {res['grade_changes']} grade change(s)")


@events.command("list")
@click.option("--entity", help="Events of this entity (including ones corrected away from or to it).")
@click.option("--type", "risk_type", help="Only this risk type.")
@click.option("--status", type=click.Choice(["new", "confirmed", "corrected", "rejected", "repaired"]))
@click.option("--all", "show_all", is_flag=True, help="Include superseded (merged) events.")
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_app
def events_list(app: AppContext, entity: str | None, risk_type: str | None, status: str | None,
                show_all: bool, limit: int, as_json: bool) -> None:
    """List events, newest first (id prefix, date, entity, type, status, sources, title)."""
    store = app.store
    flt: list[dict] = []
    if entity:
        flt.append({"term": {"entity_history": entity}})
    if risk_type:
        flt.append({"term": {"risk_type": risk_type}})
    if status:
        flt.append({"term": {"status": status}})
    if not show_all:
        flt.append({"term": {"active": True}})
    resp = store.search(store.ix.name("events"), query={"bool": {"filter": flt}}, size=limit,
                        sort=[{"event_date": "desc"}, {"id": "asc"}], track_total_hits=True)
    hits = resp["hits"]["hits"]
    if as_json:
        print_jsonl(h["_source"] for h in hits)
        return
    for h in hits:
        s = h["_source"]
        flag = "" if s.get("active", True) else f" [merged into {str(s.get('superseded_by'))[:12]}]"
        click.echo(f"{s['id'][:12]}  {s['event_date'][:10]}  {s['entity_id']:24s} {s['risk_type']:22s} "
                   f"{s.get('status', 'new'):9s} {'official' if s.get('official') else str(s.get('source_count', 1)) + ' src':8s} "
                   f"{(s.get('title') or '')[:40]}{flag}")
    click.echo(f"{len(hits)} of {resp['hits']['total']['value']} event(s)", err=True)


@events.command("show")
@click.argument("event_id")
@pass_app
def events_show(app: AppContext, event_id: str) -> None:
    """Show one event (full id or a prefix of 6+ characters): sources, record, officer log."""
    from scoring.officer import find_event
    from scoring.rulebook import type_label

    s = find_event(app.store, event_id)
    click.echo(f"event {s['id']}")
    click.echo(f"  entity      {s['entity_id']} {s.get('entity_name') or ''}")
    click.echo(f"  type        {s['risk_type']} ({type_label(s['risk_type'])})")
    if s.get("corrected_from"):
        cf = s["corrected_from"]
        click.echo(f"  corrected   from {cf.get('entity_id')} / {cf.get('risk_type')}")
    click.echo(f"  date        {s['event_date'][:10]} ({s.get('event_date_source')})")
    click.echo(f"  status      {s.get('status', 'new')}" + (f" — {s['status_reason']}" if s.get("status_reason") else "")
               + (f" ({s['status_by']}, {s['status_at'][:19]})" if s.get("status_by") else ""))
    if s.get("objection"):
        o = s["objection"]
        click.echo(f"  objection   异议处理中 since {o['since']} ({o.get('by')}): {o.get('reason') or ''}")
    if not s.get("active", True):
        click.echo(f"  merged into {s.get('superseded_by')}" if s.get("superseded_by") else
                   f"  inactive    {s.get('void_reason')}")
    click.echo(f"  severity {s.get('severity')}  confidence {s.get('confidence')}  authority {s.get('authority')}"
               f"  {'official record' if s.get('official') else s.get('source_kind', 'news')}")
    if s.get("record"):
        rec = s["record"]
        click.echo(f"  record      {rec.get('decision_no')} {rec.get('authority') or ''} {rec.get('penalty') or ''}")
    click.echo(f"  title       {s.get('title') or ''}")
    click.echo(f"  sources     {s.get('source_count')} article(s), {s.get('independent_sources')} independent:")
    for e in s.get("evidence") or []:
        click.echo(f"    {str(e.get('published_at'))[:10]}  {e.get('outlet') or '?':16s} {e.get('url') or ''}"
                   + ("  (near-duplicate)" if e.get("duplicate_of") else ""))
    for a in s.get("actions") or []:
        extra = f" → {a.get('entity_id') or ''} {a.get('risk_type') or ''}" if a["action"] == "correct" else ""
        click.echo(f"  action      {a['at'][:19]} {a['action']}{extra} by {a['by']}: {a.get('reason') or ''}")


def _act(app: AppContext, event_id: str, action: str, reason: str, by: str | None,
         entity_id: str | None = None, risk_type: str | None = None, on: date | None = None) -> None:
    from scoring.officer import officer_action
    from scoring.rulebook import rulebook_of

    doc, touched = officer_action(app.store, event_id, action, audit.cli_actor(by), reason, _now(),
                                  tz=app.settings.timezone, entity_id=entity_id, risk_type=risk_type,
                                  rulebook=rulebook_of(app), known_entities={e.id for e in app.watchlist.entities},
                                  on=on)
    click.echo(f"event {doc['id'][:12]}: {doc['status']} ({doc['entity_id']} / {doc['risk_type']})"
               + (f"; 异议处理中 since {doc['objection']['since']}" if doc.get("objection") else ""))
    _rerate_after(app, touched)


@events.command("confirm")
@click.argument("event_id")
@click.option("--reason", default="", help="Why (e.g. the document that confirms it).")
@click.option("--by", help="Officer (default: $IPWATCH_OFFICER or the login name).")
@pass_app
def events_confirm(app: AppContext, event_id: str, reason: str, by: str | None) -> None:
    """Confirm an event: it then counts with confidence 1."""
    _act(app, event_id, "confirm", reason, by)


@events.command("reject")
@click.argument("event_id")
@click.option("--reason", required=True, help="Why it is wrong (kept with the event).")
@click.option("--by")
@pass_app
def events_reject(app: AppContext, event_id: str, reason: str, by: str | None) -> None:
    """Reject an event: it stays stored with the reason but no longer counts."""
    _act(app, event_id, "reject", reason, by)


@events.command("reopen")
@click.argument("event_id")
@click.option("--reason", default="", help="Why.")
@click.option("--by")
@pass_app
def events_reopen(app: AppContext, event_id: str, reason: str, by: str | None) -> None:
    """Undo a confirmation or rejection (the log keeps both)."""
    _act(app, event_id, "reopen", reason, by)


@events.command("repair")
@click.argument("event_id")
@click.option("--reason", required=True, help="The repair decision (信用修复决定) and where it is documented.")
@click.option("--date", "on", callback=_date, help="Date of the repair decision (default: today); it stops counting "
                                                    "from that day, and ratings rebuilt for earlier days still count it.")
@click.option("--by")
@pass_app
def events_repair(app: AppContext, event_id: str, reason: str, on: date | None, by: str | None) -> None:
    """Record a credit repair (信用修复): the event stays stored and stops counting from the repair date."""
    _act(app, event_id, "repair", reason, by, on=on)


@events.command("object")
@click.argument("event_id")
@click.option("--reason", required=True, help="The objection (异议) and who raised it.")
@click.option("--by")
@pass_app
def events_object(app: AppContext, event_id: str, reason: str, by: str | None) -> None:
    """Record an objection (异议): the event keeps counting, marked 异议处理中, until `confirm` (objection
    dismissed), `reject` (upheld) or `reopen` settles it."""
    _act(app, event_id, "object", reason, by)


@events.command("correct")
@click.argument("event_id")
@click.option("--entity", "entity_id", help="The right subject (entity id).")
@click.option("--type", "risk_type", help="The right risk type.")
@click.option("--reason", required=True)
@click.option("--by")
@pass_app
def events_correct(app: AppContext, event_id: str, entity_id: str | None, risk_type: str | None, reason: str,
                   by: str | None) -> None:
    """Correct an event's subject and/or type; both the old and the new subject are re-rated."""
    _act(app, event_id, "correct", reason, by, entity_id=entity_id, risk_type=risk_type)


@events.command("add")
@click.argument("entity")
@click.argument("risk_type")
@click.option("--date", "event_date", required=True, callback=_date, help="Event date YYYY-MM-DD.")
@click.option("--reason", required=True, help="What happened and where it is documented.")
@click.option("--severity", default=0.5, show_default=True, type=click.FloatRange(0, 1))
@click.option("--by")
@pass_app
def events_add(app: AppContext, entity: str, risk_type: str, event_date: date, reason: str, severity: float,
               by: str | None) -> None:
    """Record an event by hand (a positive record such as `award`, or a risk learnt offline)."""
    from scoring.officer import add_manual_event
    from scoring.rulebook import rulebook_of

    e = app.watchlist.get(entity)
    if e is None:
        raise IpwatchError(f"unknown entity {entity!r} (not in the watchlist)")
    doc = add_manual_event(app.store, rulebook_of(app), {"id": e.id, "name": e.name, "type": e.type.value,
                                                           "platforms": e.platforms},
                           risk_type, event_date.isoformat(), audit.cli_actor(by), reason, _now(), severity,
                           tz=app.settings.timezone)
    click.echo(f"event {doc['id'][:12]} added: {entity} {risk_type} {event_date}")
    _rerate_after(app, {entity})


@click.group("official-grades")
def official_grades() -> None:
    """Officially published credit grades, kept beside ipwatch's own with disagreements flagged."""


@official_grades.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", help="Who imports (default: $IPWATCH_OFFICER or the login name).")
@pass_app
def official_import(app: AppContext, csv_file: Path, by: str | None) -> None:
    """Import published grades (columns entity,grade,as_of,source; entity = id or USCC). Every row is
    checked first; a file with a bad row imports nothing. Prints where they differ from ipwatch."""
    from scoring.official import compare, read_csv, store_rows
    from scoring.rulebook import rulebook_of

    grades = [g.grade for g in rulebook_of(app).grades]
    rows = read_csv(csv_file, app.watchlist, grades)
    n = store_rows(app.store, rows, audit.cli_actor(by), _now(), str(csv_file))
    click.echo(f"imported {n} official grade(s) from {csv_file}")
    ratings = app.store.ix.name("ratings")
    for r in rows:
        got = app.store.get(ratings, r["entity_id"])
        flag = compare(got.source.get("grade") if got else None, r)
        if flag:
            click.echo(f"  ⚠ {r['entity_id']} {r['entity_name']}: {flag}")
