"""Ratings as a pure function: `rate(entity, events, rulebook, as_of) -> Rating`.

No Elasticsearch here, so the same events, rulebook and date always give the same rating.
`events` are event documents (as stored in the `events` index); officer actions on them
(confirm / correct / reject) are replayed up to `as_of`, so a past date sees the state of that day.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from scoring.rulebook import Rulebook, type_label

PLATFORM_TYPES = {"platform", "regional_centre", "industry_centre"}


@dataclass(frozen=True)
class EntityRef:
    id: str
    name: str = ""
    type: str = "institution"
    platforms: tuple[str, ...] = ()
    operating_unit: str | None = None
    resides_on: tuple[str, ...] = ()
    cooperates_with: tuple[str, ...] = ()

    @classmethod
    def of(cls, e: Any) -> EntityRef:
        if isinstance(e, EntityRef):
            return e
        if isinstance(e, str):
            return cls(id=e, name=e)
        etype = getattr(e.type, "value", e.type)
        return cls(id=e.id, name=e.name, type=etype, platforms=tuple(getattr(e, "platforms", ()) or ()),
                   operating_unit=getattr(e, "operating_unit", None),
                   resides_on=tuple(getattr(e, "resides_on", ()) or ()),
                   cooperates_with=tuple(getattr(e, "cooperates_with", ()) or ()))

    @property
    def is_platform(self) -> bool:
        return self.type in PLATFORM_TYPES


@dataclass
class Contribution:
    event_id: str
    risk_type: str
    points: float          # negative: deduction, positive: positive record
    event_date: str
    expires: str           # first day it no longer counts
    reason: str
    raw_points: float = 0.0
    capped: bool = False
    counted: bool = True

    def explained(self) -> str:
        """The readable reason (formatted on first use)."""
        why = self.__dict__.pop("_why", None)
        if why is not None and not self.reason:
            typ, official, kind, count, sev, conf, status, auth = why
            src = "official record" if official else ("manual entry" if kind == "manual" else f"{count} report(s)")
            self.reason = (f"{type_label(typ)} ({typ}); {src}; severity {sev:.2f}, confidence {conf:.2f}"
                           f"{' (' + status + ' by officer)' if status in ('confirmed', 'corrected') else ''}, "
                           f"authority {auth:.2f}")
            if not self.counted:
                self.reason += f"; not counted: confidence below {self.__dict__.get('_min_conf')}"
            obj = self.__dict__.get("_objection")
            if obj is not None:
                self.reason += f"; 异议处理中 since {obj['on']} ({obj.get('reason') or ''}): still counts until settled"
            kind = self.__dict__.get("_kind")
            if kind is not None:
                self.reason += (f"; penalty kind {kind.kind} (×{kind.factor:g}, counts {kind.valid_days} days)")
            if self.capped:
                self.reason += f"; {type_label(typ)} capped at {self.__dict__.get('_cap', 0):g} points in all"
        return self.reason


@dataclass
class Rating:
    entity_id: str
    entity_name: str
    entity_type: str
    score: float
    grade: str
    as_of: str
    rulebook_version: str
    contributions: list[Contribution] = field(default_factory=list)
    caps: list[str] = field(default_factory=list)        # hard rules applied, readable
    own_score: float = 0.0
    components: dict[str, Any] = field(default_factory=dict)
    platforms: list[str] = field(default_factory=list)
    next_change: str | None = None                        # first future expiry (score changes then)
    resides_on: list[str] = field(default_factory=list)
    cooperates_with: list[str] = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        return [c.event_id for c in self.contributions if c.counted and c.points != 0]

    @property
    def signature(self) -> str:
        """What makes two ratings the same (as_of and timestamps excluded)."""
        raw = json.dumps([self.score, self.grade, self.rulebook_version, self.caps,
                          [(c.event_id, c.points, c.expires, c.counted) for c in self.contributions],
                          self.components, sorted(self.platforms), sorted(self.resides_on),
                          sorted(self.cooperates_with)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(raw.encode()).hexdigest()

    def to_doc(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("entity_id", "entity_name", "entity_type", "score", "grade", "as_of",
                                           "rulebook_version", "caps", "own_score", "components", "platforms",
                                           "next_change", "resides_on", "cooperates_with")}
        d["contributions"] = [{"event_id": c.event_id, "risk_type": c.risk_type, "points": c.points,
                               "event_date": c.event_date, "expires": c.expires, "reason": c.explained(),
                               "raw_points": c.raw_points, "capped": c.capped, "counted": c.counted}
                              for c in self.contributions]
        d["signature"] = self.signature
        d["event_ids"] = self.event_ids
        return d

    @classmethod
    def from_doc(cls, d: dict[str, Any]) -> Rating:
        fields = {k: d.get(k) for k in ("entity_id", "entity_name", "entity_type", "score", "grade", "as_of",
                                         "rulebook_version")}
        r = cls(**fields)  # type: ignore[arg-type]
        r.contributions = [Contribution(**{k: c.get(k) for k in Contribution.__dataclass_fields__ if k in c})
                           for c in d.get("contributions") or []]
        r.caps = list(d.get("caps") or [])
        r.own_score = d.get("own_score") or 0.0
        r.components = d.get("components") or {}
        r.platforms = list(d.get("platforms") or [])
        r.next_change = d.get("next_change")
        r.resides_on = list(d.get("resides_on") or [])
        r.cooperates_with = list(d.get("cooperates_with") or [])
        return r


@dataclass
class ResidentSummary:
    """What a platform's rating needs from its residents: weighted mean and the lowest five."""

    count: int = 0
    weight: float = 0.0
    weighted: float = 0.0
    worst: list[tuple[str, float]] = field(default_factory=list)

    @classmethod
    def of(cls, residents: Sequence[tuple[str, float, float]]) -> ResidentSummary:
        return cls(count=len(residents), weight=sum(w for _, _, w in residents),
                   weighted=sum(s * w for _, s, w in residents),
                   worst=[(i, s) for i, s, _ in sorted(residents, key=lambda r: (r[1], r[0]))[:5]])


# --- officer actions replayed as of a date ------------------------------------------------------
def effective(ev: dict[str, Any], as_of: str) -> tuple[str, str, str]:
    """(entity id, risk type, status) of an event as of `as_of` (YYYY-MM-DD).

    status: new | confirmed | corrected | rejected | repaired (信用修复: no longer counts from its date).
    Actions dated after `as_of` are ignored (a repair is dated by its decision, which may precede the
    day it was recorded). An objection (异议) leaves the status as it was: `objection` tells it.
    """
    ent = ev.get("origin_entity_id") or ev["entity_id"]
    typ = ev.get("origin_risk_type") or ev["risk_type"]
    status = "new"
    for a in ev.get("actions") or ():
        if a["on"] > as_of:
            continue
        act = a["action"]
        if act == "reject":
            status = "rejected"
        elif act == "repair":
            status = "repaired"
        elif act == "confirm":
            status = "confirmed"
        elif act == "reopen":
            status = "new"
        elif act == "correct":
            status = "corrected"
            ent = a.get("entity_id") or ent
            typ = a.get("risk_type") or typ
    return ent, typ, status


def objection(ev: dict[str, Any], as_of: str) -> dict[str, Any] | None:
    """The objection (异议) open as of `as_of`: the last `object` action not yet settled by a later
    confirm (objection dismissed), reject (upheld), reopen or repair."""
    open_: dict[str, Any] | None = None
    for a in ev.get("actions") or ():
        if a["on"] > as_of:
            continue
        if a["action"] == "object":
            open_ = a
        elif a["action"] in ("confirm", "reject", "reopen", "repair", "correct"):
            open_ = None
    return open_


def entities_touched(ev: dict[str, Any]) -> set[str]:
    """Every entity this event was ever attributed to (origin and corrections)."""
    out = {ev.get("origin_entity_id") or ev["entity_id"], ev["entity_id"]}
    for a in ev.get("actions") or ():
        if a.get("entity_id"):
            out.add(a["entity_id"])
    return out


@lru_cache(maxsize=65536)
def _expires(event_date: str, days: int) -> str:
    return (date.fromisoformat(event_date[:10]) + timedelta(days=days)).isoformat()


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def rate(entity: Any, events: Iterable[dict[str, Any]], rulebook: Rulebook, as_of: date | str,
         residents: Sequence[tuple[str, float, float]] | ResidentSummary = (),
         operating_unit: tuple[str, float] | None = None) -> Rating:
    """Rate one entity as of a date.

    `events`: event documents that may concern the entity (others are ignored). `residents`:
    (entity id, score, weight) of institutions on a platform; `operating_unit`: (id, score) of its
    运营单位 — both only used for platforms and centres.
    """
    ent = EntityRef.of(entity)
    as_of_s = as_of.isoformat() if isinstance(as_of, date) else str(as_of)[:10]
    rb = rulebook
    min_conf = rb.min_confidence
    by_type: dict[str, list[Contribution]] = {}
    hard: list[tuple[str, Contribution]] = []
    for ev in events:
        ev_date = ev["event_date"][:10]
        if ev_date > as_of_s or ev.get("active") is False:
            continue
        if ev.get("actions"):
            eid, typ, status = effective(ev, as_of_s)
        else:
            eid, typ, status = ev.get("origin_entity_id") or ev["entity_id"], ev.get("origin_risk_type") or \
                ev["risk_type"], "new"
        if eid != ent.id or status in ("rejected", "repaired"):
            continue
        rule = rb.rule(typ)
        if rule is None:
            continue
        pk = rb.penalty_rule(ev.get("penalty_kind")) if typ == "administrative_penalty" else None
        expires = _expires(ev_date, pk.valid_days if pk else rule.valid_days)
        if expires <= as_of_s:
            continue  # its publicity period is over: no longer counts
        conf = 1.0 if status in ("confirmed", "corrected") else float(ev.get("confidence") or 0.0)
        sev = ev.get("severity")
        sev = rb.merge.default_severity if sev is None else float(sev)
        auth = ev.get("authority")
        auth = rb.authority.default if auth is None else float(auth)
        raw = rule.points * rb.severity_mult(sev) * conf * auth * (pk.factor if pk else 1.0)
        positive = typ in rb.positive_types
        c = Contribution(event_id=ev["id"], risk_type=typ, points=0.0, event_date=ev_date, expires=expires,
                         reason="", raw_points=round(raw if positive else -raw, 2))
        # the readable reason is only formatted when shown or stored (most ratings do not change)
        c.__dict__["_why"] = (typ, bool(ev.get("official")), ev.get("source_kind"), ev.get("source_count", 1),
                              sev, conf, status, auth)
        if pk:
            c.__dict__["_kind"] = pk
        obj = objection(ev, as_of_s) if ev.get("actions") else None
        if obj:
            c.__dict__["_objection"] = obj
        if conf < min_conf:
            c.counted = False
        by_type.setdefault(typ, []).append(c)
        if not positive:
            hard.append((typ, c))
            c.__dict__["_official"] = bool(ev.get("official"))
            c.__dict__["_conf"] = conf

    contributions: list[Contribution] = []
    total = 0.0
    for typ in sorted(by_type):
        rule = rb.rule(typ)
        assert rule is not None
        sign = 1.0 if rb.is_positive(typ) else -1.0
        left = rule.cap
        items = sorted(by_type[typ], key=lambda c: (-abs(c.raw_points), c.event_date, c.event_id))
        for c in items:
            if not c.counted:
                continue
            pts = min(abs(c.raw_points), left)
            if pts < abs(c.raw_points) - 1e-9:
                c.capped = True
            left -= pts
            c.points = round(sign * pts, 2)
            total += c.points
        contributions.extend(items)

    own = round(_clamp(rb.base_score + total, rb.min_score, rb.max_score), 2)
    score = own
    components: dict[str, Any] = {}
    if ent.is_platform:
        pr = rb.platforms
        parts = [(pr.own_weight, own)]
        components["own_score"] = own
        summary = residents if isinstance(residents, ResidentSummary) else ResidentSummary.of(residents)
        if summary.count and summary.weight > 0:
            mean = round(summary.weighted / summary.weight, 2)
            parts.append((pr.residents_weight, mean))
            components["residents_score"] = mean
            components["residents_count"] = summary.count
            components["worst_residents"] = [{"entity_id": i, "score": s} for i, s in summary.worst]
        if operating_unit is not None:
            parts.append((pr.operating_unit_weight, operating_unit[1]))
            components["operating_unit"] = operating_unit[0]
            components["operating_unit_score"] = operating_unit[1]
        wsum = sum(w for w, _ in parts)
        if wsum > 0 and len(parts) > 1:
            score = round(_clamp(sum(w * s for w, s in parts) / wsum, rb.min_score, rb.max_score), 2)

    grade = rb.grade_of(score)
    caps: list[str] = []
    for rule_h in rb.hard_rules:
        for typ, c in sorted(hard, key=lambda h: (h[1].expires, h[1].event_id), reverse=True):
            if typ != rule_h.risk_type or not c.counted:
                continue
            if rule_h.official_only and not c.__dict__.get("_official"):
                continue
            if c.__dict__.get("_conf", 0.0) < rule_h.min_confidence:
                continue
            new = rb.worse(grade, rule_h.max_grade)
            caps.append(f"{rule_h.reason or type_label(typ)}: at most {rule_h.max_grade} until {c.expires} "
                        f"(event {c.event_id[:12]})")
            grade = new
            break
    for c in contributions:
        c.__dict__.pop("_official", None)
        c.__dict__.pop("_conf", None)
        c.__dict__["_cap"] = rb.rule(c.risk_type).cap  # type: ignore[union-attr]
        c.__dict__["_min_conf"] = min_conf
    future = [c.expires for c in contributions if c.counted]
    return Rating(entity_id=ent.id, entity_name=ent.name, entity_type=ent.type, score=score, grade=grade,
                  as_of=as_of_s, rulebook_version=rb.fingerprint, contributions=contributions, caps=caps,
                  own_score=own, components=components, platforms=list(ent.platforms),
                  resides_on=list(ent.resides_on), cooperates_with=list(ent.cooperates_with),
                  next_change=min(future) if future else None)


def explain(r: Rating, rulebook: Rulebook, lang: str = "both") -> str:
    """A readable explanation: grade, score, each event with its date, points and expiry."""
    lines = [f"{r.entity_name or r.entity_id} ({r.entity_id}, {r.entity_type})",
             f"  grade {r.grade}  score {r.score:g}  as of {r.as_of}  rulebook {r.rulebook_version}",
             f"  信用等级 {r.grade}，得分 {r.score:g}（基础分 {rulebook.base_score:g}）"]
    if r.components:
        c = r.components
        bits = [f"own events {c.get('own_score'):g}"]
        if "residents_score" in c:
            bits.append(f"{c['residents_count']} resident/cooperating institution(s) average {c['residents_score']:g}")
        if "operating_unit_score" in c:
            bits.append(f"operating unit {c['operating_unit']} {c['operating_unit_score']:g}")
        lines.append("  platform score combines: " + "; ".join(bits))
        if c.get("worst_residents"):
            lines.append("    lowest residents: " + ", ".join(f"{w['entity_id']} {w['score']:g}"
                                                               for w in c["worst_residents"]))
    for cap in r.caps:
        lines.append(f"  hard rule: {cap}")
    counted = [c for c in r.contributions if c.counted and c.points != 0]
    if not counted:
        lines.append("  no event counts against it (无扣分事项)")
    else:
        lines.append("  events (事项)  date        points   expires (不再计分)")
    for c in sorted(r.contributions, key=lambda c: (c.event_date, c.event_id)):
        pts = f"{c.points:+.2f}" if c.counted else "   0 "
        lines.append(f"  {c.event_id[:12]}  {c.event_date}  {pts:>7}  {c.expires}  {c.explained()}")
    if r.next_change:
        lines.append(f"  next change by expiry: {r.next_change}")
    return "\n".join(lines)
