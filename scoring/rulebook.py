"""The credit rulebook (`config/scoring.yaml`), validated on load.

A rating starts at `base_score`; every counting event deducts (risk types) or adds (positive
records) `points × severity factor × confidence × source authority`, each type capped per entity,
each event counting only during its validity period (credit repair). Grades come from score
thresholds; hard rules cap the grade while a qualifying event stands.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ipwatch.config import load_yaml_model
from ipwatch.taxonomy import RISK_TYPES

if TYPE_CHECKING:
    from ipwatch.context import AppContext

# Positive record types are scoring's own (the NLP taxonomy only has risks).
POSITIVE_TYPES: dict[str, str] = {
    "award": "获奖表彰",
    "excellent_evaluation": "评价优秀",
}

# Conduct types: what the platform or its operating unit did (or failed to do) about a duty - the
# schemes' failing is not the reportable change but the report that came late or not at all.
CONDUCT_TYPES: dict[str, str] = {
    "late_report": "重大事项迟报/未报",
}

# Official record_type (crawlers' `record.record_type`) -> risk type it evidences.
RECORD_TYPE_RISK: dict[str, str | None] = {
    "administrative_penalty": "administrative_penalty",
    "court_notice": "litigation",
    "enforcement": "litigation",
    "dishonest_debtor": "dishonest_debtor",
    "announcement": None,
}


def type_label(code: str) -> str:
    if code in RISK_TYPES:
        return RISK_TYPES[code][0]
    return POSITIVE_TYPES.get(code) or CONDUCT_TYPES.get(code, code)


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TypeRule(_M):
    points: float = Field(ge=0, description="points at severity factor 1, confidence 1, authority 1")
    cap: float = Field(ge=0, description="most points all events of this type may count together")
    valid_days: int = Field(gt=0, description="days after the event date during which it counts")
    source: str = ""  # where the numbers come from (documentation only)


class SourceClass(_M):
    authority: float = Field(ge=0, le=1)
    outlets: list[str] = []   # outlet names (exact) or domains (suffix match on outlet_domain)


class Authority(_M):
    official: float = Field(1.0, ge=0, le=1)
    manual: float = Field(1.0, ge=0, le=1)
    default: float = Field(0.6, ge=0, le=1)
    classes: dict[str, SourceClass] = {}

    @cached_property
    def _lookup(self) -> tuple[dict[str, float], list[tuple[str, float]]]:
        names: dict[str, float] = {}
        domains: list[tuple[str, float]] = []
        for cls in self.classes.values():
            for o in cls.outlets:
                if "." in o and not any("\u4e00" <= ch <= "\u9fff" for ch in o):
                    domains.append((o.lower().lstrip("."), cls.authority))
                names[o] = max(names.get(o, 0.0), cls.authority)
        domains.sort(key=lambda d: -len(d[0]))
        return names, domains

    def of(self, source_type: str | None, outlet: str | None, domain: str | None) -> float:
        if source_type == "official":
            return self.official
        if source_type == "manual":
            return self.manual
        names, domains = self._lookup
        if outlet and outlet in names:
            return names[outlet]
        if domain:
            d = domain.lower()
            for suffix, a in domains:
                if d == suffix or d.endswith("." + suffix):
                    return a
        return self.default


class Merge(_M):
    window_days: int = Field(14, ge=0, description="news reports of one subject+type this close are one event")
    official_window_days: int = Field(30, ge=0, description="news this close to an official record joins it")
    max_types_per_article: int = Field(2, ge=1)
    default_confidence: float = Field(0.6, ge=0, le=1, description="when the analysis has no risk score")
    default_severity: float = Field(0.5, ge=0, le=1)
    official_severity: float = Field(0.8, ge=0, le=1, description="official record without a severity")


class Grade(_M):
    grade: str
    min_score: float
    label: str = ""


class PenaltyKind(_M):
    """One kind of administrative penalty (《行政处罚法》第九条), mildest first in the rulebook."""

    kind: str
    words: list[str] = Field(min_length=1, description="wording that names this kind (the most severe found wins)")
    factor: float = Field(ge=0, description="multiplies administrative_penalty's points")
    valid_days: int = Field(gt=0, description="its publicity period: days it counts from the decision")
    source: str = ""


class HardRule(_M):
    risk_type: str
    max_grade: str
    official_only: bool = False
    min_confidence: float = 0.0
    reason: str = ""


class PlatformRule(_M):
    own_weight: float = Field(0.6, ge=0)
    residents_weight: float = Field(0.3, ge=0)
    operating_unit_weight: float = Field(0.1, ge=0)
    resides_weight: float = Field(1.0, ge=0, description="weight of a resident (入驻) institution")
    cooperates_weight: float = Field(0.5, ge=0, description="weight of a cooperating (合作) institution")


class Rulebook(_M):
    version: str
    base_score: float = 100.0
    min_score: float = 0.0
    max_score: float = 100.0
    min_confidence: float = Field(0.3, ge=0, le=1, description="events below this confidence do not count")
    severity_factor: tuple[float, float] = (0.5, 1.5)  # factor at severity 0 and at severity 1
    merge: Merge = Merge()
    authority: Authority = Authority()
    risk_types: dict[str, TypeRule]
    positive_types: dict[str, TypeRule] = {}
    conduct_types: dict[str, TypeRule] = {}
    penalty_kinds: list[PenaltyKind] = []
    grades: list[Grade]
    hard_rules: list[HardRule] = []
    platforms: PlatformRule = PlatformRule()

    @model_validator(mode="after")
    def _check(self) -> Rulebook:
        unknown = set(self.risk_types) - set(RISK_TYPES)
        if unknown:
            raise ValueError(f"risk_types: unknown code(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(RISK_TYPES)})")
        missing = set(RISK_TYPES) - set(self.risk_types)
        if missing:
            raise ValueError(f"risk_types: no rule for {', '.join(sorted(missing))}")
        bad = set(self.positive_types) - set(POSITIVE_TYPES)
        if bad:
            raise ValueError(f"positive_types: unknown code(s) {', '.join(sorted(bad))} "
                             f"(known: {', '.join(POSITIVE_TYPES)})")
        bad = set(self.conduct_types) - set(CONDUCT_TYPES)
        if bad:
            raise ValueError(f"conduct_types: unknown code(s) {', '.join(sorted(bad))} "
                             f"(known: {', '.join(CONDUCT_TYPES)})")
        if not self.grades:
            raise ValueError("grades: at least one grade")
        mins = [g.min_score for g in self.grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError("grades: list them best first with strictly decreasing min_score")
        if self.grades[-1].min_score > self.min_score:
            raise ValueError(f"grades: the last grade must start at or below min_score ({self.min_score})")
        names = [g.grade for g in self.grades]
        if len(set(names)) != len(names):
            raise ValueError("grades: duplicate grade name")
        for i, h in enumerate(self.hard_rules):
            if h.risk_type not in self.risk_types:
                raise ValueError(f"hard_rules[{i}].risk_type: unknown risk type {h.risk_type!r}")
            if h.max_grade not in names:
                raise ValueError(f"hard_rules[{i}].max_grade: {h.max_grade!r} is not one of {', '.join(names)}")
        lo, hi = self.severity_factor
        if lo < 0 or hi < lo:
            raise ValueError("severity_factor: [at severity 0, at severity 1] with 0 <= first <= second")
        if not self.min_score <= self.base_score <= self.max_score:
            raise ValueError("base_score must lie between min_score and max_score")
        return self

    # --- helpers --------------------------------------------------------------------------
    def rule(self, code: str) -> TypeRule | None:
        return self.risk_types.get(code) or self.positive_types.get(code) or self.conduct_types.get(code)

    def is_positive(self, code: str) -> bool:
        return code in self.positive_types

    def penalty_kind(self, *texts: str | None) -> PenaltyKind | None:
        """The most severe penalty kind whose wording appears in the texts (None: no kind named)."""
        joined = " ".join(t for t in texts if t)
        found = None
        for k in self.penalty_kinds:
            if any(w in joined for w in k.words):
                found = k
        return found

    def penalty_rule(self, kind: str | None) -> PenaltyKind | None:
        return next((k for k in self.penalty_kinds if k.kind == kind), None)

    def known(self, code: str) -> bool:
        return code in self.risk_types or code in self.positive_types or code in self.conduct_types

    def grade_of(self, score: float) -> str:
        for g in self.grades:
            if score >= g.min_score:
                return g.grade
        return self.grades[-1].grade

    def grade_rank(self, grade: str) -> int:
        """0 = best."""
        for i, g in enumerate(self.grades):
            if g.grade == grade:
                return i
        return len(self.grades)

    def worse(self, a: str, b: str) -> str:
        return a if self.grade_rank(a) >= self.grade_rank(b) else b

    def severity_mult(self, severity: float) -> float:
        lo, hi = self.severity_factor
        return lo + (hi - lo) * max(0.0, min(1.0, severity))

    @cached_property
    def fingerprint(self) -> str:
        """Version plus a hash of the content: a changed rulebook re-rates even if `version` stays."""
        raw = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return f"{self.version}+{hashlib.sha1(raw.encode()).hexdigest()[:8]}"


def load_rulebook(path: Path) -> Rulebook:
    return load_yaml_model(Rulebook, path)


CONFIG_FILE = "scoring.yaml"


def rulebook_of(app: AppContext) -> Rulebook:
    """The installation's config/scoring.yaml, validated; read afresh each time, so an edited rulebook
    applies from the next rating run (`app.service(rulebook_of)` reads it once)."""
    return load_yaml_model(Rulebook, app.settings.config_file(CONFIG_FILE))
