"""Machine-readable output for every list command: `--json` prints one JSON object per line (JSON
Lines: the stored document, as Kibana and scripts see it) and nothing else on stdout."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print one JSON object per line (JSON Lines) instead of the table.")


def print_jsonl(rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as JSON Lines on stdout; returns how many."""
    n = 0
    for r in rows:
        click.echo(json.dumps(r, ensure_ascii=False, default=str, sort_keys=True))
        n += 1
    return n
