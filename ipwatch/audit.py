"""The audit trail: who did what to which document, when, with the fields before and after.

Every officer action records itself here from the one function that performs it — duty moves
(`alerts.duty_actions.transition`), findings (`alerts.findings.transition`), event actions and
manual events (`scoring.officer`), analysis corrections, watchlist imports and account changes — so
the CLI and the web console land in the same place. The `audit` index is append-only: each entry is
written once with `op_type=create` under a fresh id and nothing in ipwatch updates or deletes one
(a deployment can enforce it with an Elasticsearch role holding only `create_doc` on the index).

Who is acting comes from the caller (`actor`); how (`via`: `cli`, `console`, `system`) and from
which address come from `acting()`, a context the console sets around each request. The CLI needs
nothing: `via` defaults to `cli`.
"""

from __future__ import annotations

import getpass
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ipwatch.clock import iso, utcnow
from ipwatch.errors import StoreUnavailable

if TYPE_CHECKING:
    from ipwatch.store import Store

log = logging.getLogger(__name__)

_VIA: ContextVar[tuple[str, str | None]] = ContextVar("ipwatch_audit_via", default=("cli", None))
#: fields that change on every write and say nothing about the action
NOISE = frozenset({"updated_at", "computed_at", "rated_at"})
#: append-only logs inside documents: only their new entries are recorded
LOGS = frozenset({"history", "actions"})
MAX_VALUE_CHARS = 2000


def history_entry(now: datetime, actor: str, frm: str | None, to: str | None, note: str = "") -> dict[str, Any]:
    """One step of a document's own `history` (a duty, a finding, an alert's handling): the shape the
    templates map, next to the audit trail's record of the same action."""
    return {"at": iso(now), "actor": actor, "from": frm, "to": to, "note": note}


def cli_actor(by: str | None = None) -> str:
    """Who acts from the command line: `--by`, else $IPWATCH_OFFICER, else the login name (audit trail,
    event and duty history)."""
    if by:
        return by
    if os.environ.get("IPWATCH_OFFICER"):
        return os.environ["IPWATCH_OFFICER"]
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container without a passwd entry)
        return "cli"


@contextmanager
def acting(via: str, address: str | None = None) -> Iterator[None]:
    """Record actions taken inside this block as made through `via` (the console) from `address`."""
    token = _VIA.set((via, address))
    try:
        yield
    finally:
        _VIA.reset(token)


def _small(v: Any) -> Any:
    if isinstance(v, str) and len(v) > MAX_VALUE_CHARS:
        return v[:MAX_VALUE_CHARS] + "…"
    if isinstance(v, list) and len(v) > 50:
        return [_small(x) for x in v[:50]] + [f"… {len(v) - 50} more"]
    if isinstance(v, dict):
        return {k: _small(x) for k, x in list(v.items())[:50]}
    if isinstance(v, list):
        return [_small(x) for x in v]
    return v


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that changed, as (before, after); of a log (`history`, `actions`) only the new entries."""
    b, a = before or {}, after or {}
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for k in sorted(set(b) | set(a)):
        if k in NOISE or b.get(k) == a.get(k):
            continue
        if k in LOGS and isinstance(a.get(k), list):
            prev = b.get(k) or []
            new[k] = _small(a[k][len(prev):])
            continue
        old[k] = _small(b.get(k))
        new[k] = _small(a.get(k))
    return old, new


def record(store: Store, *, actor: str, action: str, target_kind: str, target_id: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           summary: str = "", target_name: str | None = None, now: datetime | None = None,
           via: str | None = None) -> dict[str, Any]:
    """Append one entry (never raises for a full spool or an outage after the action itself succeeded:
    the entry then waits in the spool like any other write)."""
    ctx_via, address = _VIA.get()
    old, new = diff(before, after)
    when = now or utcnow()
    entry = {"id": uuid.uuid4().hex, "at": iso(when), "actor": actor, "via": via or ctx_via, "action": action,
             "target_kind": target_kind, "target_id": target_id, "target_name": target_name,
             "summary": summary, "changed": sorted(set(old) | set(new)), "before": old, "after": new,
             "address": address}
    index = store.ix.name("audit")
    try:
        store.put(index, entry["id"], entry, None, refresh="wait_for")
    except StoreUnavailable:
        store.index(index, entry["id"], entry)          # spooled; replayed in order
    except Exception:
        log.exception("audit entry not written", extra={"audit": entry})
    return entry


def trail(store: Store, *, actor: str | None = None, target_id: str | None = None, action: str | None = None,
          via: str | None = None, size: int = 100, before: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Entries, newest first, filtered; `before` (an `at`) pages on. Returns (entries, total)."""
    flt: list[dict[str, Any]] = []
    for field, value in (("actor", actor), ("target_id", target_id), ("action", action), ("via", via)):
        if value:
            flt.append({"term": {field: value}})
    if before:
        flt.append({"range": {"at": {"lt": before}}})
    r = store.search(store.ix.name("audit"), query={"bool": {"filter": flt}}, size=size,
                     sort=[{"at": "desc"}, {"id": "desc"}], track_total_hits=True)
    return [h["_source"] for h in r["hits"]["hits"]], r["hits"]["total"]["value"]
