"""`ipwatch config check`: every file in config/ validated by the model that owns it."""

from __future__ import annotations

import importlib
from pathlib import Path

from pydantic import BaseModel

from ipwatch.config import load_yaml_model, read_yaml
from ipwatch.settings import Settings
from ipwatch.watchlist import load_watchlist

# file name -> "module:Model" that validates it (owned by the package that uses the file)
DOMAIN_FILES: dict[str, str] = {
    "sources.yaml": "crawlers.sources:SourcesConfig",
    "scoring.yaml": "scoring.rulebook:Rulebook",
    "alerts.yaml": "alerts.routing:AlertsConfig",
}


def load_domain_file(settings: Settings, name: str) -> BaseModel | object:
    path: Path = settings.config_file(name)
    module, attr = DOMAIN_FILES[name].split(":")
    try:
        model = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return read_yaml(path)  # owner not built yet: at least the YAML must parse
    return load_yaml_model(model, path)


def check_all(settings: Settings) -> list[tuple[str, str]]:
    """Validate every configuration file; raises ConfigError on the first wrong one."""
    out = [("settings.yaml", f"Elasticsearch {settings.es.url}, index prefix {settings.es.index_prefix!r}")]
    wl = load_watchlist(settings.config_file("watchlist.yaml"))
    counts: dict[str, int] = {}
    for e in wl.entities:
        counts[e.type.value] = counts.get(e.type.value, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    no_unit = wl.without_operating_unit()
    if no_unit:
        summary += (f"; {len(no_unit)} platform(s)/centre(s) without an operating unit, whose unit's matters open no "
                    f"duty: {', '.join(no_unit)} (ipwatch watchlist check)")
    out.append(("watchlist.yaml", summary))
    for name in DOMAIN_FILES:
        model = load_domain_file(settings, name)
        out.append((name, "valid" + _hides(model)))
    return out


def _hides(model: object) -> str:
    """What a valid file still leaves out, said where it is checked (today: the duty backfill cut-off)."""
    duty = getattr(model, "duty", None)
    if duty is None:
        return ""
    if duty.hidden() is None:
        return "; every matter opens a duty, one found after its week as overdue"
    return f"; duty.backfill_cutoff {duty.backfill_cutoff}: matters that occurred before it open NO duty"
