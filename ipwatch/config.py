"""Load and validate YAML files from `config/` into pydantic models with readable errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ipwatch.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def key_path(loc: tuple[Any, ...]) -> str:
    """Render a pydantic error location as `entities[3].uscc`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validation_problems(err: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for e in err.errors():
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        problems.append((key_path(e["loc"]), msg))
    return problems


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors name the line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), f"invalid YAML: {problem}", key=where) from None


def validate(model: type[M], data: Any, source: str) -> M:
    """Validate parsed data against a model, turning pydantic errors into a ConfigError."""
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ConfigError(source, validation_problems(err)) from None


def load_yaml_model(model: type[M], path: Path) -> M:
    """A config file validated by its model; a URL in it that carries a secret is refused first."""
    from ipwatch.redact import find_url_credentials

    data = read_yaml(path)
    url_secrets = list(find_url_credentials(data))
    if url_secrets:
        raise ConfigError(str(path), url_secrets)
    return validate(model, data, str(path))
