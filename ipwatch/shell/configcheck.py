"""`ipwatch config check`: every file in config/ validated by the model of the step that owns it."""

from __future__ import annotations

from pydantic import BaseModel

from alerts.routing import AlertsConfig
from crawlers.sources import SourcesConfig, apply_env_overrides
from ipwatch.config import load_yaml_model
from ipwatch.settings import Settings
from ipwatch.watchlist import load_watchlist
from scoring.rulebook import Rulebook

# file -> the model that validates it: crawlers own sources.yaml, scoring its rulebook, alerts theirs
DOMAIN_FILES: dict[str, type[BaseModel]] = {
    "sources.yaml": SourcesConfig,
    "scoring.yaml": Rulebook,
    "alerts.yaml": AlertsConfig,
}


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
    for name, model in DOMAIN_FILES.items():
        cfg = load_yaml_model(model, settings.config_file(name))
        if isinstance(cfg, SourcesConfig):
            apply_env_overrides(cfg)
        out.append((name, "valid" + _hides(cfg)))
    return out


def _hides(model: BaseModel) -> str:
    """What a valid file still leaves out, said where it is checked (today: the duty backfill cut-off)."""
    if not isinstance(model, AlertsConfig):
        return ""
    duty = model.duty
    notes = "".join(f"; {n}" for n in model.http_notes())   # e.g. channels that send to this machine
    if duty.hidden() is None:
        return "; every matter opens a duty, one found after its week as overdue" + notes
    return f"; duty.backfill_cutoff {duty.backfill_cutoff}: matters that occurred before it open NO duty" + notes
