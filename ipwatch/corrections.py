"""Officers' corrections of an article's analysis: the wrong entity, the wrong sentiment, or "not a
matter" for one risk code. Each correction is

* kept in the `corrections` index (one document per correction: who, when, what was there before);
* applied to the article's `analysis` (`apply`), listed in `analysis.corrections` so that a later
  re-analysis (nlp/jobs.py) applies it again over the model's new output;
* recorded in the audit trail (`analysis.corrected`);
* exported for the next training run (`export_rows`) in the annotated-set row format of
  nlp/data/matters (uid, text, matters with code/status/evidence, source = the article URL,
  found_by = "officer").

Events and ratings follow from the corrected analysis: scoring re-derives the article's groups
(`scoring.sync.resync_articles`) and re-rates what they touch; the caller does that (the console,
the CLI), since the core imports no step.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ipwatch import audit
from ipwatch.clock import iso
from ipwatch.errors import IpwatchError
from ipwatch.store import Store, doc_id
from ipwatch.taxonomy import RISK_TYPES

KINDS = ("entity", "sentiment", "not_matter")
SENTIMENTS = ("negative", "neutral", "positive")


class CorrectionError(IpwatchError):
    pass


def apply(analysis: dict[str, Any], corrections: list[dict[str, Any]]) -> dict[str, Any]:
    """The analysis with the corrections applied, in order (pure; the model's fields are replaced)."""
    an = dict(analysis)
    for c in corrections:
        if c["kind"] == "sentiment":
            an["sentiment"] = c["sentiment"]
        elif c["kind"] == "not_matter":
            code = c["risk_type"]
            an["risk_types"] = [t for t in an.get("risk_types") or [] if t != code]
            an["risk_scores"] = {k: v for k, v in (an.get("risk_scores") or {}).items() if k != code}
            an["matters"] = [{**m, "officer": "not_matter"} if m.get("code") == code else m
                             for m in an.get("matters") or []]
        elif c["kind"] == "entity":
            old, new = c.get("from_entity_id"), c.get("entity_id")
            ids = [i for i in an.get("entity_ids") or [] if i != old]
            if new and new not in ids:
                ids.insert(0, new)
            an["entity_ids"] = ids
            an["negative_entity_ids"] = [i for i in an.get("negative_entity_ids") or [] if i != old]
            an["entities"] = [e for e in an.get("entities") or [] if e.get("id") != old]
            if new and not any(e.get("id") == new for e in an["entities"]):
                an["entities"].insert(0, {"id": new, "name": c.get("entity_name") or new, "role": "subject",
                                          "sentiment": an.get("sentiment"), "matched": "officer"})
            if an.get("subject") == old or not an.get("subject"):
                an["subject"] = new
    an["corrections"] = list(corrections)
    an["corrected"] = bool(corrections)
    return an


def _locate(store: Store, article_id: str) -> dict[str, Any]:
    r = store.search(store.ix.name("articles"), query={"ids": {"values": [article_id]}}, size=1)
    hits = r["hits"]["hits"]
    if not hits:
        raise CorrectionError(f"no article {article_id!r}")
    return hits[0]


def correct(store: Store, article_id: str, kind: str, by: str, now: datetime, *, risk_type: str | None = None,
            entity_id: str | None = None, entity_name: str | None = None, sentiment: str | None = None,
            reason: str = "", known_entities: set[str] | None = None) -> dict[str, Any]:
    """Record one correction of an article's analysis; returns the correction document."""
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction {kind!r} (one of {', '.join(KINDS)})")
    hit = _locate(store, article_id)
    src = hit["_source"]
    an = src.get("analysis") or {}
    if an.get("status") != "done":
        raise CorrectionError("the article has not been analysed yet")
    c: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": kind, "by": by, "at": iso(now), "reason": reason or None}
    if kind == "sentiment":
        if sentiment not in SENTIMENTS:
            raise CorrectionError(f"sentiment must be one of {', '.join(SENTIMENTS)}")
        if sentiment == an.get("sentiment"):
            raise CorrectionError(f"the sentiment is already {sentiment}")
        c.update(sentiment=sentiment, from_sentiment=an.get("sentiment"))
    elif kind == "not_matter":
        if risk_type not in RISK_TYPES:
            raise CorrectionError(f"unknown risk code {risk_type!r}")
        if risk_type not in (an.get("risk_types") or []) and not any(m.get("code") == risk_type
                                                                      for m in an.get("matters") or []):
            raise CorrectionError(f"the analysis found no {risk_type} in this article")
        c["risk_type"] = risk_type
    else:
        if entity_id and known_entities is not None and entity_id not in known_entities:
            raise CorrectionError(f"unknown entity {entity_id!r} (not in the watchlist)")
        if entity_id == an.get("subject"):
            raise CorrectionError(f"the subject is already {entity_id}")
        if not reason:
            raise CorrectionError("a wrong-entity correction needs a reason")
        c.update(entity_id=entity_id or None, entity_name=entity_name, from_entity_id=an.get("subject"))
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any]:
        if cur is None:
            raise CorrectionError(f"no article {article_id!r}")
        prev.clear()
        prev.update(cur.get("analysis") or {})
        done = list(prev.get("corrections") or [])
        return {**cur, "analysis": apply(prev, [c]) | {"corrections": [*done, c]}}

    v = store.update(hit["_index"], hit["_id"], change, refresh="wait_for")
    after = v.source["analysis"] if v else {}
    doc = {**{k: v for k, v in c.items() if k != "entity_name"}, "article_id": hit["_id"], "url": src.get("url"),
           "title": src.get("title")}
    store.put(store.ix.name("corrections"), c["id"], doc, None, refresh="wait_for")
    keep = ("subject", "entity_ids", "sentiment", "risk_types")
    what = {"sentiment": f"情感 {c.get('from_sentiment')} → {sentiment}", "not_matter": f"非{risk_type}事项",
            "entity": f"主体 {c.get('from_entity_id')} → {entity_id or '无'}"}[kind]
    audit.record(store, actor=by, action="analysis.corrected", target_kind="article", target_id=hit["_id"],
                 target_name=src.get("title"), before={k: prev.get(k) for k in keep},
                 after={k: after.get(k) for k in keep}, now=now, summary=what + (f"：{reason}" if reason else ""))
    return doc


def _span(m: dict[str, Any], text: str) -> list[int] | None:
    span = m.get("span")
    if isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return [int(span[0]), int(span[1])]
    ev = m.get("evidence")
    at = text.find(ev) if isinstance(ev, str) and ev else -1
    return [at, at + len(ev)] if at >= 0 else None


def row(article: dict[str, Any], corrections: list[dict[str, Any]]) -> dict[str, Any]:
    """One annotated row (nlp/data/matters format) for a corrected article: the matters that stand
    after the officer's reading (code, status, evidence span where known)."""
    text = str(article.get("text") or "")
    an = article.get("analysis") or {}
    matters = []
    for m in an.get("matters") or []:
        if m.get("officer") == "not_matter" or not m.get("code"):
            continue
        item: dict[str, Any] = {"code": m["code"], "status": m.get("status") or "occurred"}
        span = _span(m, text)
        if span is not None:
            item["evidence"] = span
        matters.append(item)
    out: dict[str, Any] = {"uid": doc_id("officer", article.get("id"))[:16], "source": article.get("url"),
                           "source_id": article.get("id"), "offset": 0, "found_by": "officer", "round": "officer",
                           "text": text, "matters": matters, "read_by": sorted({c["by"] for c in corrections}),
                           "not_matters": sorted({c["risk_type"] for c in corrections if c["kind"] == "not_matter"})}
    if any(c["kind"] == "entity" for c in corrections):
        out["subject"] = an.get("subject")
    if any(c["kind"] == "sentiment" for c in corrections):
        out["sentiment"] = an.get("sentiment")
    return out


def export_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per corrected article, in the order of its first correction."""
    store.refresh(store.ix.name("corrections"))
    by_article: dict[str, list[dict[str, Any]]] = {}
    for h in store.scan(store.ix.name("corrections"), {"match_all": {}}, size=1000):
        by_article.setdefault(h["_source"]["article_id"], []).append(h["_source"])
    ids = sorted(by_article, key=lambda a: min(c["at"] for c in by_article[a]))
    for i in range(0, len(ids), 200):
        chunk = ids[i:i + 200]
        r = store.search(store.ix.name("articles"), query={"ids": {"values": chunk}}, size=len(chunk),
                         source=["id", "url", "text", "analysis"])
        found = {h["_id"]: {**h["_source"], "id": h["_source"].get("id") or h["_id"]} for h in r["hits"]["hits"]}
        for aid in chunk:
            if aid in found:
                yield row(found[aid], sorted(by_article[aid], key=lambda c: c["at"]))
