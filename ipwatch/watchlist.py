"""The monitored entities: platforms, operation centres, operating units and institutions.

`config/watchlist.yaml` holds them; `ipwatch watchlist import/export` moves institutions in and
out as CSV for deployments with thousands of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ipwatch.config import read_yaml, validate, validation_problems
from ipwatch.errors import ConfigError
from ipwatch.uscc import uscc_problem


class EntityType(str, Enum):
    platform = "platform"                  # 功能性平台
    regional_centre = "regional_centre"    # 区域运营中心
    industry_centre = "industry_centre"    # 产业运营中心
    operating_unit = "operating_unit"      # 运营单位 / 依托单位
    institution = "institution"            # 入驻、合作机构


class PlatformCategory(str, Enum):
    trading = "交易服务"
    finance = "金融服务"
    specialty = "特色服务"
    tool_support = "工具支撑"


class InstitutionKind(str, Enum):
    patent_agency = "patent_agency"        # 专利代理机构
    law_firm = "law_firm"                  # 律师事务所
    appraiser = "appraiser"                # 资产评估机构
    bank = "bank"                          # 银行
    insurer = "insurer"                    # 保险公司
    guarantor = "guarantor"                # 融资担保机构
    tech_transfer = "tech_transfer"        # 技术转移机构
    other = "other"


PLATFORM_LIKE = {EntityType.platform, EntityType.regional_centre, EntityType.industry_centre}


class Entity(BaseModel):
    """One watched organisation. `uncertain` lists fields not confirmed from public sources."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")
    type: EntityType
    name: str = Field(min_length=2)
    aliases: list[str] = []
    uscc: str | None = None
    region: str | None = None
    category: PlatformCategory | None = None
    kind: InstitutionKind | None = None
    operating_unit: str | None = Field(None, description="entity id of the 运营单位 (platforms, centres)")
    resides_on: list[str] = Field([], description="platform ids the institution resides on (入驻)")
    cooperates_with: list[str] = Field([], description="platform ids it cooperates with (合作)")
    uncertain: list[str] = []
    notes: str | None = None

    @field_validator("name", "aliases", mode="after")
    @classmethod
    def _strip(cls, v):  # type: ignore[no-untyped-def]
        if isinstance(v, list):
            return [a.strip() for a in v if a and a.strip()]
        return v.strip()

    @field_validator("uscc", mode="after")
    @classmethod
    def _uscc(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        v = v.strip().upper()
        problem = uscc_problem(v)
        if problem:
            raise ValueError(f"unified social credit code {v}: {problem}")
        return v

    @model_validator(mode="after")
    def _type_fields(self) -> Entity:
        if self.type == EntityType.platform and self.category is None:
            raise ValueError("a platform needs a category (交易服务/金融服务/特色服务/工具支撑)")
        if self.type != EntityType.platform and self.category is not None:
            raise ValueError("only platforms have a category")
        if self.type == EntityType.institution and self.kind is None:
            raise ValueError("an institution needs a kind (" + ", ".join(k.value for k in InstitutionKind) + ")")
        if self.type != EntityType.institution and (self.kind or self.resides_on or self.cooperates_with):
            raise ValueError("kind, resides_on and cooperates_with are for institutions only")
        return self

    @property
    def names(self) -> list[str]:
        """Full name first, then aliases; what the matcher looks for in text."""
        return [self.name, *self.aliases]

    @property
    def platforms(self) -> list[str]:
        return [*self.resides_on, *(p for p in self.cooperates_with if p not in self.resides_on)]


class Watchlist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    entities: list[Entity] = []

    @model_validator(mode="after")
    def _references(self) -> Watchlist:
        ids: dict[str, Entity] = {}
        for i, e in enumerate(self.entities):
            if e.id in ids:
                raise ValueError(f"entities[{i}]: duplicate id {e.id!r}")
            ids[e.id] = e
        for i, e in enumerate(self.entities):
            for field, want in (("resides_on", PLATFORM_LIKE), ("cooperates_with", PLATFORM_LIKE),
                                ("operating_unit", {EntityType.operating_unit})):
                refs = getattr(e, field)
                for ref in [refs] if isinstance(refs, str) else (refs or []):
                    target = ids.get(ref)
                    if target is None:
                        raise ValueError(f"entities[{i}] ({e.id}).{field}: unknown entity {ref!r}")
                    if target.type not in want:
                        raise ValueError(f"entities[{i}] ({e.id}).{field}: {ref!r} is a {target.type.value}")
        return self

    # --- queries used by NLP, scoring and alerts ---------------------------------------------
    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def get(self, entity_id: str) -> Entity | None:
        return self.by_id().get(entity_id)

    def platform_of_unit(self, unit_id: str) -> list[Entity]:
        """Platforms (and centres) whose operating unit is `unit_id`."""
        return [e for e in self.entities if e.operating_unit == unit_id]

    def duty_platforms(self, entity_id: str) -> list[str]:
        """Platforms whose major-matter duty covers this entity: a platform (or centre) itself, or
        the platforms an operating unit runs. Institutions have none."""
        e = self.get(entity_id)
        if e is None:
            return []
        if e.type in PLATFORM_LIKE:
            return [e.id]
        if e.type == EntityType.operating_unit:
            return [p.id for p in self.platform_of_unit(e.id)]
        return []

    def without_operating_unit(self) -> list[str]:
        """Platforms and centres with no operating unit: their unit's major matters can open no duty."""
        return [e.id for e in self.entities if e.type in PLATFORM_LIKE and not e.operating_unit]

    def residents_of(self, platform_id: str) -> list[Entity]:
        return [e for e in self.entities if platform_id in e.platforms]


def load_watchlist(path: Path) -> Watchlist:
    """Load a watchlist from YAML or CSV (CSV needs at least `id,name`)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        entities = [e.model_dump(mode="json") for e in read_entities_csv(path)]
        return validate(Watchlist, {"entities": entities}, str(path))
    return validate(Watchlist, read_yaml(path), str(path))


# --- CSV import / export -----------------------------------------------------------------------
CSV_FIELDS = ["id", "type", "name", "aliases", "uscc", "region", "category", "kind",
              "operating_unit", "resides_on", "cooperates_with", "uncertain", "notes"]
LIST_FIELDS = {"aliases", "resides_on", "cooperates_with", "uncertain"}
LIST_SEP = "|"


#: Leading characters that make Excel / WPS / LibreOffice read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def csv_guard(value: str) -> str:
    """A cell value safe to open in a spreadsheet: a formula-like start gets a leading apostrophe.

    A value that already starts with an apostrophe before such a character (or before another
    apostrophe) gets one too, so `csv_unguard` restores every value exactly.
    """
    if value and (value[0] in FORMULA_START
                  or (value[0] == GUARD and len(value) > 1 and value[1] in (*FORMULA_START, GUARD))):
        return GUARD + value
    return value


def csv_unguard(value: str) -> str:
    """Undo `csv_guard`: one leading apostrophe before a formula character or an apostrophe."""
    if len(value) > 1 and value[0] == GUARD and value[1] in (*FORMULA_START, GUARD):
        return value[1:]
    return value


def _row_to_data(row: dict[str, str | None], line: int, problems: list[tuple[str, str]]) -> dict[str, object]:
    data: dict[str, object] = {}
    ident = (row.get("id") or "?").strip()
    for key, raw in row.items():
        if key is None or key not in CSV_FIELDS:
            continue
        val = raw or ""
        if val.strip()[:1] in FORMULA_START and val.strip():
            problems.append((f"line {line} (id {ident}) column {key}",
                             f"{val.strip()[:20]!r} starts with {val.strip()[0]!r}, which a spreadsheet runs as a "
                             f"formula; write it as '{val.strip()[:20]} (a leading apostrophe keeps it text, "
                             f"ipwatch removes it) or remove the character"))
            continue
        val = csv_unguard(val.strip())
        if key in LIST_FIELDS:
            data[key] = [v.strip() for v in val.split(LIST_SEP) if v.strip()]
        elif val:
            data[key] = val
    data.setdefault("type", "institution")
    if data["type"] == "institution":
        data.setdefault("kind", "other")
    return data


def _header_problems(fieldnames: list[str]) -> list[tuple[str, str]]:
    """Columns that would lose data: unknown, unnamed or repeated ones."""
    problems = []
    missing = {"id", "name"} - set(fieldnames)
    if missing:
        problems.append(("line 1", f"header lacks column(s) {', '.join(sorted(missing))}"))
    unknown = [f"{f!r}" if f.strip() else f"an unnamed column (position {i + 1})"
               for i, f in enumerate(fieldnames) if f not in CSV_FIELDS]
    if unknown:
        problems.append(("line 1", f"unknown column(s) {', '.join(unknown)}; their values would be lost. "
                                   f"Allowed columns: {', '.join(CSV_FIELDS)}"))
    repeated = sorted({f for f in fieldnames if fieldnames.count(f) > 1})
    if repeated:
        problems.append(("line 1", f"column(s) {', '.join(repeated)} appear more than once (one value would be lost)"))
    return problems


def read_entities_csv(path: Path) -> Iterator[Entity]:
    """Parse a CSV of entities; every bad row is reported (by line number) before anything is used.

    Refused, so nothing is lost silently: unknown, unnamed or repeated columns, a row with more
    cells than the header, an id on two rows, and a cell a spreadsheet would run as a formula.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text (save the CSV as UTF-8)") from None
    reader = csv.DictReader(io.StringIO(text))
    problems = _header_problems(list(reader.fieldnames or []))
    if any("header lacks" in msg for _, msg in problems):
        raise ConfigError(str(path), problems)
    entities: list[Entity] = []
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        ident = (row.get("id") or "").strip()
        if row.get(None):  # type: ignore[call-overload]
            problems.append((f"line {line} (id {ident or '?'})",
                             f"{len(row[None])} cell(s) more than the header has columns; they would be lost"))  # type: ignore[index]
        if ident in first_line:
            problems.append((f"line {line} (id {ident})", f"duplicate id: line {first_line[ident]} has it too "
                                                          f"(keep one row per entity)"))
        elif ident:
            first_line[ident] = line
        try:
            entities.append(Entity.model_validate(_row_to_data(row, line, problems)))
        except ValidationError as err:
            for key, msg in validation_problems(err):
                problems.append((f"line {line} (id {ident or '?'})" + (f" {key}" if key else ""), msg))
    if problems:
        raise ConfigError(str(path), problems)
    return iter(entities)


def write_entities_csv(entities: Iterable[Entity], out: io.TextIOBase) -> int:
    """The CSV `read_entities_csv` reads; every cell guarded against spreadsheet formulas."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    n = 0
    for e in entities:
        d = e.model_dump(mode="json")
        writer.writerow({k: csv_guard(LIST_SEP.join(d[k]) if k in LIST_FIELDS else (d[k] or "")) for k in CSV_FIELDS})
        n += 1
    return n


def merge_import(current: Watchlist, imported: list[Entity], source: str) -> tuple[Watchlist, int, int]:
    """Add or replace entities by id; validate the whole result before anything is written."""
    seen: set[str] = set()
    dup = sorted({e.id for e in imported if e.id in seen or seen.add(e.id)})  # type: ignore[func-returns-value]
    if dup:
        raise ConfigError(source, f"duplicate id(s) {', '.join(dup)}: one row per entity")
    by_id = {e.id: e for e in current.entities}
    added = sum(1 for e in imported if e.id not in by_id)
    for e in imported:
        by_id[e.id] = e
    data = {"version": current.version, "entities": [e.model_dump(mode="json") for e in by_id.values()]}
    try:
        merged = Watchlist.model_validate(data)
    except ValidationError as err:
        raise ConfigError(source, validation_problems(err)) from None
    return merged, added, len(imported) - added


def dump_watchlist_yaml(wl: Watchlist) -> str:
    data = wl.model_dump(mode="json", exclude_defaults=False)
    for e in data["entities"]:
        for k in list(e):
            if e[k] in (None, [], ""):
                del e[k]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def import_csv(current: Watchlist, csv_file: Path, target: Path, dry_run: bool = False) -> tuple[int, int, int]:
    """`ipwatch watchlist import` (and the console's 监测名单 page): check every row of the CSV, merge
    it into `current` and write `target` (watchlist.yaml, its comment header kept) atomically.
    Any bad row raises ConfigError naming its line and column, and nothing is written.
    Returns (rows, added, replaced)."""
    imported = list(read_entities_csv(csv_file))
    merged, added, replaced = merge_import(current, imported, str(csv_file))
    if not dry_run:
        tmp = target.with_suffix(".yaml.tmp")
        header = "".join(line for line in target.read_text(encoding="utf-8").splitlines(keepends=True)
                         if line.startswith("#")) if target.exists() else ""
        tmp.write_text(header + dump_watchlist_yaml(merged), encoding="utf-8")
        tmp.replace(target)
    return len(imported), added, replaced
