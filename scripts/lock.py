#!/usr/bin/env python3
"""Write requirements.lock: exact pins of ipwatch's dependency closure (default + dev extra).

It reads what is installed in the running environment (no network, no resolver): run it with
the virtualenv's python after a `pip install -e .[dev]` that passed the tests, then commit the
lock. Markers are evaluated for this machine (Linux, CPython 3.11), which the lock's header says.

    .venv/bin/python scripts/lock.py > requirements.lock
"""

from __future__ import annotations

import importlib.metadata as md
import platform
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def declared(extras: tuple[str, ...] = ("dev",)) -> list[Requirement]:
    """pyproject's dependencies and the named extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project.get("optional-dependencies", {}).get(extra, [])]
    return reqs


def closure(roots: list[Requirement]) -> dict[str, str]:
    """canonical name -> installed version for the roots and everything they need here."""
    out: dict[str, str] = {}
    todo = [(r, "") for r in roots]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        if name in out:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            sys.exit(f"lock: {req.name} is required but not installed in {sys.prefix}")
        out[name] = dist.version
        for raw in dist.requires or []:
            sub = Requirement(raw)
            for e in req.extras or {""}:
                todo.append((sub, e))
    return out


def main() -> None:
    pins = closure(declared())
    print("# ipwatch's tested dependency set: exact versions, written by scripts/lock.py from a passing")
    print(f"# environment (Python {platform.python_version()}, {sys.platform} {platform.machine()}). Install:")
    print("#   pip install -r requirements.lock && pip install --no-deps -e '.[dev]'")
    print("# (scripts/bootstrap.sh does this; tests/test_packaging.py checks it covers pyproject.toml.)")
    for name in sorted(pins):
        print(f"{name}=={pins[name]}")


if __name__ == "__main__":
    main()
