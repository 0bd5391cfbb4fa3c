"""Index names and composable index templates — the one place the Elasticsearch schema lives.

Chinese text is stored twice: `field` analysed by `standard` (one token per character, good for
phrase search) and `field_seg` holding jieba tokens joined by spaces, analysed by `whitespace`
(word-level search and significant-terms in Kibana). Keyword sub-fields serve aggregations.
Bump TEMPLATE_VERSION whenever a mapping below changes; `ipwatch setup` then updates the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

TEMPLATE_VERSION = 7

KW = {"type": "keyword"}
DATE = {"type": "date"}
FLOAT = {"type": "float"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
SEG = {"type": "text", "analyzer": "whitespace"}


def text_kw(ignore_above: int = 512) -> dict[str, Any]:
    return {"type": "text", "analyzer": "standard",
            "fields": {"keyword": {"type": "keyword", "ignore_above": ignore_above}}}


# Unknown string fields (e.g. structured fields of an official record) become keywords, so a
# later addition can be aggregated in Kibana without a mapping change.
DYNAMIC = [{"strings_as_keywords": {"match_mapping_type": "string",
                                    "mapping": {"type": "keyword", "ignore_above": 1024}}}]

ANALYSIS = {"properties": {
    "status": KW,                       # pending | done | error
    "model": KW, "analyzed_at": DATE, "error": {"type": "text"},
    "sentiment": KW, "sentiment_scores": {"properties": {"negative": FLOAT, "neutral": FLOAT, "positive": FLOAT}},
    "risk_types": KW, "risk_scores": {"type": "object", "dynamic": True},
    "entities": {"properties": {"id": KW, "name": KW, "role": KW, "sentiment": KW, "matched": KW,
                                "negative_score": FLOAT, "spans": {"type": "object", "enabled": False},
                                "title_spans": {"type": "object", "enabled": False}}},
    "entity_ids": KW, "negative_entity_ids": KW,
    "subject": KW, "event_date": DATE, "event_date_source": KW, "severity": FLOAT,
    # reportable matters with status and the sentence that states each (nlp/matters.py)
    "matters": {"properties": {"code": KW, "status": KW, "score": FLOAT, "evidence": {"type": "text", "analyzer": "standard"},
                               "span": {"type": "object", "enabled": False},
                               "title_span": {"type": "object", "enabled": False},
                               "event_date": DATE, "event_date_source": KW, "officer": KW}},
    # officers' corrections (ipwatch/corrections.py), re-applied over every later analysis
    "corrected": BOOL,
    "corrections": {"properties": {"id": KW, "kind": KW, "by": KW, "at": DATE, "risk_type": KW, "entity_id": KW,
                                   "from_entity_id": KW, "sentiment": KW, "from_sentiment": KW,
                                   "reason": {"type": "text"}}},
}}

MAPPINGS: dict[str, dict[str, Any]] = {
    # Collected pages: news, feed items and official records (monthly indices by publish date).
    "articles": {
        "id": KW, "url": KW, "canonical_url": KW, "source": KW, "source_type": KW,
        "title": text_kw(), "title_seg": SEG, "text": {"type": "text", "analyzer": "standard"},
        "text_seg": SEG, "published_at": DATE, "published_at_source": KW, "fetched_at": DATE,
        "published_source": KW, "replies": {"properties": {"author": KW, "published_at": DATE, "text": {"type": "text"}}},
        "outlet": KW, "outlet_domain": KW, "origin": KW, "author": KW, "language": KW, "query_entity": KW,
        "duplicate_of": KW, "minhash": {"type": "keyword", "index": False, "doc_values": False},
        "record": {"type": "object", "dynamic": True},
        "analysis": ANALYSIS,
    },
    # The watchlist, mirrored for Kibana joins and lookups.
    "entities": {
        "id": KW, "type": KW, "name": text_kw(), "aliases": KW, "uscc": KW, "region": KW,
        "category": KW, "kind": KW, "operating_unit": KW, "resides_on": KW, "cooperates_with": KW,
        "platforms": KW, "uncertain": KW, "updated_at": DATE,
    },
    # Risk events: one per real-world event, merged from every report of it.
    "events": {
        "id": KW, "entity_id": KW, "entity_name": KW, "entity_type": KW, "platforms": KW,
        "risk_type": KW, "event_date": DATE, "event_date_source": KW, "first_seen": DATE,
        "last_seen": DATE, "severity": FLOAT, "confidence": FLOAT, "authority": FLOAT,
        "official": BOOL, "status": KW, "status_reason": {"type": "text"}, "status_by": KW,
        "status_at": DATE, "corrected_from": {"type": "object", "dynamic": True},
        "title": text_kw(), "summary": {"type": "text", "analyzer": "standard"},
        "article_ids": KW, "outlets": KW, "urls": KW, "source_count": INT,
        "updated_at": DATE, "record": {"type": "object", "dynamic": True},
        # added by scoring: origin (before corrections), officer log, merging, evidence
        "origin_entity_id": KW, "origin_risk_type": KW, "risk_name": KW, "entity_history": KW,
        "active": BOOL, "superseded_by": KW, "void_reason": {"type": "text"}, "source_kind": KW,
        "independent_sources": INT, "evidence": {"type": "object", "enabled": False},
        "quote": {"type": "text", "analyzer": "standard"}, "penalty_kind": KW, "duty_id": KW,
        "objection": {"properties": {"since": DATE, "by": KW, "reason": {"type": "text"}}},
        "actions": {"properties": {"at": DATE, "on": DATE, "action": KW, "by": KW,
                                   "reason": {"type": "text"}, "entity_id": KW, "risk_type": KW}},
    },
    # The current rating of each entity (updated with optimistic concurrency).
    "ratings": {
        "entity_id": KW, "entity_name": KW, "entity_type": KW, "kind": KW, "category": KW,
        "score": FLOAT, "grade": KW, "previous_grade": KW, "as_of": DATE, "rated_at": DATE,
        "rulebook_version": KW, "caps": KW,
        "contributions": {"properties": {"event_id": KW, "risk_type": KW, "points": FLOAT,
                                         "event_date": DATE, "expires": DATE, "reason": {"type": "text"},
                                         "raw_points": FLOAT, "capped": BOOL, "counted": BOOL}},
        "platforms": KW,
        # added by scoring
        "signature": KW, "own_score": FLOAT, "next_change": DATE, "event_ids": KW, "computed_at": DATE,
        "resides_on": KW, "cooperates_with": KW,
        "components": {"properties": {"own_score": FLOAT, "residents_score": FLOAT, "residents_count": INT,
                                      "operating_unit": KW, "operating_unit_score": FLOAT,
                                      "worst_residents": {"type": "object", "enabled": False}}},
    },
    # One document per rating change.
    "rating-history": {
        "entity_id": KW, "entity_name": KW, "score": FLOAT, "grade": KW, "previous_grade": KW,
        "previous_score": FLOAT, "as_of": DATE, "rated_at": DATE, "rulebook_version": KW,
        "trigger": KW, "event_ids": KW,
        # added by scoring: what alerts consume (grade_changed) and why it moved
        "id": KW, "entity_type": KW, "platforms": KW, "grade_changed": BOOL, "direction": KW,
        "added_event_ids": KW, "removed_event_ids": KW, "caps": KW, "summary": {"type": "text"},
    },
    # Alerts (surges, grade changes, compliance hits, duties opened).
    "alerts": {
        "id": KW, "kind": KW, "entity_id": KW, "entity_name": KW, "platforms": KW, "risk_type": KW,
        "severity": FLOAT, "status": KW, "title": text_kw(), "message": {"type": "text"},
        "event_ids": KW, "duty_id": KW, "created_at": DATE, "updated_at": DATE, "resolved_at": DATE,
        # added by the alerts issue
        "entity_type": KW, "rule": KW, "article_ids": KW, "urls": KW, "last_hit_at": DATE, "peak_volume": INT,
        "grade": KW, "previous_grade": KW, "metrics": {"type": "object", "enabled": False},
        # self-inspection findings (alerts/findings.py)
        "finding_state": KW, "rectify_by": DATE, "verified_by": KW, "dismiss_reason": {"type": "text"},
        "rectify_overdue_sent": BOOL, "cross_region": BOOL, "places": KW, "note": {"type": "text"},
        "history": {"properties": {"at": DATE, "actor": KW, "from": KW, "to": KW, "note": {"type": "text"}}},
    },
    # Major-matter reporting duties (重大事项报告): one week from occurrence.
    "duties": {
        "id": KW, "event_id": KW, "entity_id": KW, "entity_name": KW, "platform_id": KW,
        "platform_name": KW, "risk_type": KW, "occurred_on": DATE, "occurred_on_source": KW,
        "due": DATE, "state": KW, "urgent": BOOL, "overdue": BOOL, "opened_at": DATE,
        "reminders_sent": KW, "escalated_at": DATE, "report_date": DATE, "report_ref": KW,
        "dismiss_reason": {"type": "text"}, "article_ids": KW, "urls": KW,
        "history": {"properties": {"at": DATE, "actor": KW, "from": KW, "to": KW, "note": {"type": "text"}}},
        "updated_at": DATE,
        # added by the alerts issue
        "entity_type": KW, "title": text_kw(), "severity": FLOAT, "origin": KW, "alert_id": KW, "due_at": DATE,
        "period_days": INT, "found_late": BOOL, "related_event_ids": KW, "acknowledged_by": KW,
        "reported_by": KW, "reported_late": BOOL, "dismissed_by": KW,
        "quote": {"type": "text", "analyzer": "standard"},   # the sentence that states the matter
        "reportable_because": {"type": "text"}, "found_days_after": INT, "late_by_days": INT, "unconfirmed": KW,
    },
    # Notifications recorded before they are sent (at-least-once, idempotent by key).
    "outbox": {
        "id": KW, "idempotency_key": KW, "channel": KW, "route": KW, "status": KW, "attempts": INT,
        "next_attempt_at": DATE, "created_at": DATE, "sent_at": DATE, "last_error": {"type": "text"},
        "alert_id": KW, "duty_id": KW, "kind": KW, "subject": {"type": "text"},
        "payload": {"type": "object", "enabled": False},
        # added by the alerts issue
        "state": KW, "lease_until": DATE, "lease_owner": KW, "entity_id": KW, "platforms": KW,
        "severity": FLOAT, "receipt": KW, "updated_at": DATE,
    },
    # Officially published credit grades (e.g. CNIPA's patent-agency evaluation), imported by officers and
    # shown beside ipwatch's own (scoring/official.py).
    "official-grades": {"id": KW, "entity_id": KW, "entity_name": KW, "grade": KW, "as_of": DATE,
                        "source": text_kw(), "imported_at": DATE, "imported_by": KW, "file": KW, "line": INT},
    # Annual performance evaluation results recorded by officers (reports/evaluation.py): one per platform and year.
    "evaluations": {"id": KW, "platform_id": KW, "platform_name": KW, "year": INT, "result": KW,
                    "note": {"type": "text"}, "recorded_by": KW, "recorded_at": DATE},
    # Officers' corrections of an article's analysis (ipwatch/corrections.py): labelled data for training.
    "corrections": {"id": KW, "article_id": KW, "url": KW, "kind": KW, "risk_type": KW, "entity_id": KW,
                    "from_entity_id": KW, "sentiment": KW, "from_sentiment": KW, "reason": {"type": "text"},
                    "by": KW, "at": DATE, "title": text_kw()},
    # Console accounts (ipwatch/shell/console/accounts.py): argon2 hashes, never the password.
    "users": {"username": KW, "display_name": KW, "role": KW, "disabled": BOOL, "password_hash": {"type": "keyword", "index": False},
              "session_epoch": INT, "created_at": DATE, "created_by": KW, "updated_at": DATE, "last_login_at": DATE},
    # The audit trail (ipwatch/audit.py): one document per officer action, written once, never updated.
    "audit": {"id": KW, "at": DATE, "actor": KW, "via": KW, "action": KW, "target_kind": KW, "target_id": KW,
              "target_name": KW, "summary": {"type": "text", "analyzer": "standard"}, "changed": KW,
              "before": {"type": "object", "enabled": False}, "after": {"type": "object", "enabled": False},
              "address": KW},
    # Daemon bookkeeping: leader lock, job runs, cursors.
    "state": {"id": KW, "kind": KW, "owner": KW, "heartbeat_at": DATE, "expires_at": DATE,
              "updated_at": DATE, "data": {"type": "object", "enabled": False}},
}

# Indices with one physical index per month behind a read alias.
MONTHLY = {"articles"}


@dataclass(frozen=True)
class Indices:
    """Concrete index and alias names for a deployment's prefix."""

    prefix: str = "ipwatch"

    def name(self, logical: str) -> str:
        """Alias (monthly kinds) or index name for reads and single-index writes."""
        return f"{self.prefix}-{logical}"

    def monthly(self, logical: str, when: datetime | date) -> str:
        return f"{self.prefix}-{logical}-{when:%Y.%m}"

    def article_index(self, published: datetime | date) -> str:
        return self.monthly("articles", published)

    def template_name(self, logical: str) -> str:
        return f"{self.prefix}-{logical}"

    @property
    def component_name(self) -> str:
        return f"{self.prefix}-settings"


def component_template(shards: int, replicas: int) -> dict[str, Any]:
    return {"template": {"settings": {"index": {"number_of_shards": shards,
                                                 "number_of_replicas": replicas}}},
            "version": TEMPLATE_VERSION,
            "_meta": {"managed_by": "ipwatch"}}


def index_template(ix: Indices, logical: str) -> dict[str, Any]:
    pattern = f"{ix.prefix}-{logical}-*" if logical in MONTHLY else ix.name(logical)
    body: dict[str, Any] = {
        "index_patterns": [pattern],
        "composed_of": [ix.component_name],
        "priority": 200,
        "version": TEMPLATE_VERSION,
        "_meta": {"managed_by": "ipwatch", "logical": logical},
        "template": {"mappings": {"dynamic_templates": DYNAMIC, "properties": MAPPINGS[logical]}},
    }
    if logical in MONTHLY:
        body["template"]["aliases"] = {ix.name(logical): {}}
    return body


def all_templates(ix: Indices) -> dict[str, dict[str, Any]]:
    return {ix.template_name(k): index_template(ix, k) for k in MAPPINGS}
