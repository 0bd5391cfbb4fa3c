"""Mirror the watchlist into the entities index (for Kibana lookups and the other jobs)."""

from __future__ import annotations

from datetime import datetime, timezone

from ipwatch.store import Store
from ipwatch.watchlist import Watchlist


def sync_entities(store: Store, watchlist: Watchlist) -> int:
    now = datetime.now(timezone.utc).isoformat()
    index = store.ix.name("entities")
    actions = []
    for e in watchlist.entities:
        doc = e.model_dump(mode="json")
        doc["platforms"] = e.platforms
        doc["updated_at"] = now
        actions.append({"_index": index, "_id": e.id, "_source": doc})
    res = store.write(actions)
    return res.written + res.spooled
