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
    out.append(("watchlist.yaml", ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))))
    for name in DOMAIN_FILES:
        load_domain_file(settings, name)
        out.append((name, "valid"))
    return out
