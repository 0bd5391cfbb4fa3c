"""Officially published credit grades (CNIPA's 专利代理信用评价 A/B/C/D, a bank's or a platform's own
evaluation) imported as records and shown beside ipwatch's grade, with disagreements flagged.

They are facts about the entity, not inputs to ipwatch's score: ipwatch keeps its own explainable
arithmetic and says where the two differ, so an officer looks at why.

CSV columns: `entity` (watchlist id or USCC), `grade`, `as_of` (YYYY-MM-DD), `source` (who published it).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ipwatch.errors import IpwatchError
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import Watchlist

COLUMNS = ("entity", "grade", "as_of", "source")


def read_csv(path: Path, wl: Watchlist, grades: list[str]) -> list[dict[str, Any]]:
    """Every row checked; any bad row -> IpwatchError naming each by line, and nothing is read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IpwatchError(f"{path}: cannot read ({exc})") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise IpwatchError(f"{path}: missing column(s) {', '.join(missing)} (need {', '.join(COLUMNS)})")
    by_uscc = {e.uscc: e for e in wl.entities if e.uscc}
    rows, problems = [], []
    for n, r in enumerate(reader, start=2):
        ref = (r.get("entity") or "").strip()
        ent = wl.get(ref) or by_uscc.get(ref.upper())
        grade = (r.get("grade") or "").strip().upper()
        why = []
        if ent is None:
            why.append(f"entity {ref!r} is neither a watchlist id nor a known USCC")
        if grade not in grades:
            why.append(f"grade {r.get('grade')!r} is not one of {', '.join(grades)}")
        try:
            as_of = date.fromisoformat((r.get("as_of") or "").strip())
        except ValueError:
            why.append(f"as_of {r.get('as_of')!r} is not a date (YYYY-MM-DD)")
            as_of = None
        if not (r.get("source") or "").strip():
            why.append("source is empty (who published the grade?)")
        if why:
            problems.append(f"line {n}: " + "; ".join(why))
            continue
        rows.append({"entity_id": ent.id, "entity_name": ent.name, "grade": grade, "as_of": as_of.isoformat(),
                     "source": r["source"].strip(), "line": n})
    if problems:
        raise IpwatchError(f"{path}: {len(problems)} bad row(s), nothing imported:\n  " + "\n  ".join(problems))
    return rows


def store_rows(store: Store, rows: list[dict[str, Any]], by: str, now: datetime, file: str) -> int:
    index = store.ix.name("official-grades")
    for r in rows:
        rid = doc_id("official", r["entity_id"], r["as_of"], r["source"])
        store.index(index, rid, {**r, "id": rid, "imported_at": now.isoformat(), "imported_by": by, "file": file})
    store.refresh(index)
    return len(rows)


def latest(store: Store, entity_id: str) -> dict[str, Any] | None:
    r = store.search(store.ix.name("official-grades"), size=1, query={"term": {"entity_id": entity_id}},
                     sort=[{"as_of": "desc"}])
    hits = r["hits"]["hits"]
    return hits[0]["_source"] if hits else None


def compare(ours: str | None, official: dict[str, Any] | None) -> str | None:
    """A readable flag when the published grade and ipwatch's differ (A+ and A count as one band: the
    official scheme has no A+)."""
    if not official or not ours:
        return None
    band = {"A+": "A"}.get(ours, ours)
    if band == official["grade"]:
        return None
    return (f"differs: {official['source']} graded {official['grade']} as of {official['as_of']}, "
            f"ipwatch {ours} - check the records behind each")
