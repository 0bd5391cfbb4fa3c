"""How long crawled articles are kept: monthly article indices older than `retention.articles_days`
are deleted whole (a month goes once its last day is past the cut-off). Events, ratings, duties and
alerts are kept: they are the record officers answer for, and they quote what they need.

Where the cluster has index lifecycle management, the same limit is also set as an ILM policy
(`<prefix>-articles-retention`, delete phase) on the article indices, so the cluster enforces it even
when no daemon runs; clusters without ILM (the integ-test build) rely on this job alone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from elasticsearch import ApiError

from ipwatch.store.store import Store

log = logging.getLogger(__name__)


def month_end(index: str) -> date | None:
    """The last day of the month a monthly index (`…-YYYY.MM`) holds, or None for another name."""
    try:
        y, m = (int(x) for x in index.rsplit("-", 1)[1].split("."))
        first_next = date(y + (m == 12), m % 12 + 1, 1)
    except (ValueError, IndexError):
        return None
    return first_next - timedelta(days=1)


def expired_indices(store: Store, keep_days: int, today: date) -> list[str]:
    """Article indices whose whole month lies before `today - keep_days` (none when keep_days is 0)."""
    if keep_days <= 0:
        return []
    cutoff = today - timedelta(days=keep_days)
    names = store.es.indices.get(index=f"{store.ix.prefix}-articles-*", allow_no_indices=True,
                                 ignore_unavailable=True, expand_wildcards="open,closed")
    return sorted(n for n in names if (end := month_end(n)) is not None and end < cutoff)


def apply_retention(store: Store, keep_days: int, now: datetime) -> dict[str, Any]:
    """Delete expired article indices; where the cluster has ILM, keep its policy in step."""
    gone = expired_indices(store, keep_days, now.date())
    for name in gone:
        store.es.options(ignore_status=404).indices.delete(index=name)
        log.info("retention: deleted %s (older than %d days)", name, keep_days, extra={"index": name})
    return {"deleted_indices": len(gone), "deleted": gone, "keep_days": keep_days,
            "ilm": _ilm_policy(store, keep_days)}


def _ilm_policy(store: Store, keep_days: int) -> str:
    """'applied', 'off' (keep forever) or 'unavailable' (no ILM on this cluster)."""
    if keep_days <= 0:
        return "off"
    try:
        store.es.ilm.get_status()
    except ApiError:
        return "unavailable"
    policy = f"{store.ix.prefix}-articles-retention"
    store.es.ilm.put_lifecycle(name=policy, policy={"phases": {"delete": {"min_age": f"{keep_days}d",
                                                                          "actions": {"delete": {}}}}})
    store.es.indices.put_settings(index=f"{store.ix.prefix}-articles-*", allow_no_indices=True,
                                  settings={"index.lifecycle.name": policy})
    return "applied"
