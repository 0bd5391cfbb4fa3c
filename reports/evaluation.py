"""The annual performance evaluation (绩效评价) record: officers record each year's result of a platform;
a platform that fails two years in a row loses its title (domain.md). One failed year puts it at risk,
two consecutive failed years mean the title is to be withdrawn; either raises an `evaluation` alert
(and its notification through the alert routes) when the failing result is recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alerts.outbox import enqueue
from alerts.routing import AlertsConfig
from ipwatch.clock import iso
from ipwatch.errors import IpwatchError
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import PLATFORM_LIKE, Watchlist

RESULTS = ("pass", "fail")
RESULT_ZH = {"pass": "合格", "fail": "不合格"}
STANDING_ZH = {"ok": "正常", "at_risk": "存在风险（一年不合格）", "withdraw": "连续两年不合格，应撤销平台称号",
               "none": "尚无评价记录"}


class EvaluationError(IpwatchError):
    pass


def evaluation_id(platform_id: str, year: int) -> str:
    return doc_id("evaluation", platform_id, year)


def records(store: Store, platform_id: str) -> list[dict[str, Any]]:
    """Every recorded year of the platform, oldest first."""
    ix = store.ix.name("evaluations")
    store.refresh(ix)
    r = store.search(ix, size=200, query={"term": {"platform_id": platform_id}}, sort=[{"year": "asc"}])
    return [h["_source"] for h in r["hits"]["hits"]]


def standing(recs: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The platform's standing after `year`: consecutive failed years ending there."""
    by_year = {int(r["year"]): r["result"] for r in recs}
    if not any(y <= year for y in by_year):
        return {"status": "none", "label": STANDING_ZH["none"], "consecutive_fails": 0}
    fails, y = 0, year
    while by_year.get(y) == "fail":
        fails += 1
        y -= 1
    status = "withdraw" if fails >= 2 else "at_risk" if fails == 1 else "ok"
    return {"status": status, "label": STANDING_ZH[status], "consecutive_fails": fails}


def record(store: Store, cfg: AlertsConfig, wl: Watchlist, platform_id: str, year: int, result: str, note: str,
           by: str, now: datetime) -> dict[str, Any]:
    """Store the year's result (again: replaced) and alert when the platform is at risk or loses its title."""
    p = wl.get(platform_id)
    if p is None or p.type not in PLATFORM_LIKE:
        raise EvaluationError(f"{platform_id!r} is not a platform or centre of the watchlist "
                              f"(see `ipwatch watchlist list --type platform`)")
    if result not in RESULTS:
        raise EvaluationError(f"result must be pass or fail, not {result!r}")
    if not 2000 <= year <= now.year + 1:
        raise EvaluationError(f"year {year} is out of range")
    doc = {"id": evaluation_id(p.id, year), "platform_id": p.id, "platform_name": p.name, "year": year,
           "result": result, "note": note or "", "recorded_by": by, "recorded_at": iso(now)}
    store.update(store.ix.name("evaluations"), doc["id"], lambda cur: doc, refresh=True)
    st = standing(records(store, p.id), year)
    doc["standing"] = st
    if st["status"] in ("at_risk", "withdraw"):
        _alert(store, cfg, p, year, st, note, now)
    return doc


def _alert(store: Store, cfg: AlertsConfig, p: Any, year: int, st: dict[str, Any], note: str, now: datetime) -> None:
    aid = doc_id("alert", "evaluation", p.id, year, st["status"])
    title = (f"{p.name}：{year} 年度绩效评价不合格，" +
             ("连续两年不合格，应撤销平台称号" if st["status"] == "withdraw" else "再有一年不合格将被撤销平台称号"))
    severity = 1.0 if st["status"] == "withdraw" else 0.7
    alert = {"id": aid, "kind": "evaluation", "rule": st["status"], "entity_id": p.id, "entity_name": p.name,
             "entity_type": p.type.value, "platforms": [p.id], "severity": severity, "status": "active",
             "title": title, "message": note or "", "created_at": iso(now), "updated_at": iso(now)}
    store.update(store.ix.name("alerts"), aid, lambda cur: {**alert, "created_at": (cur or alert)["created_at"]},
                 refresh=True)
    enqueue(store, cfg, {
        "key": aid, "kind": "evaluation", "state": "firing", "alert_id": aid, "entity_id": p.id,
        "entity_name": p.name, "entity_type": p.type.value, "platforms": [p.id], "platform_names": [p.name],
        "severity": severity, "title": f"【{'撤销称号' if st['status'] == 'withdraw' else '绩效风险'}】{title}",
        "summary": title, "ref": aid[:10],
        "facts": [("评价年度", str(year)), ("连续不合格", f"{st['consecutive_fails']} 年"), ("状态", st["label"]),
                  *([("说明", note)] if note else [])]}, now)
