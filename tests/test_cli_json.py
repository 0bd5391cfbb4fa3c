"""Every list command speaks JSON Lines with `--json`, for scripts and monitoring: the stored documents,
one per line, and nothing else on stdout."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from ipwatch.clock import ManualClock
from ipwatch.context import AppContext
from alerts.cli import alerts, duties, findings
from ipwatch.shell.cli import watchlist_group
from scoring.cli import events
from tests.alerts_support import (app, local, module_settings, module_store, put_event, rx,  # noqa: F401 - fixtures
                               secrets_env, settings, store, tick)


def _lines(app: AppContext, command: click.Command, *args: str) -> list[dict]:
    res = CliRunner().invoke(command, list(args), obj=app, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_every_list_has_json_lines(app: AppContext) -> None:  # noqa: F811
    ev = put_event(app.store, event_date="2026-03-02", quote="阿尔法运营管理有限公司被客户起诉")
    app.clock = ManualClock(local(2026, 3, 3))
    tick(app, app.clock.now())
    [duty] = _lines(app, duties, "--json")
    assert duty["state"] == "open" and duty["due"] == "2026-03-09" and duty["quote"] == ev["quote"]
    assert {a["kind"] for a in _lines(app, alerts, "list", "--json")} == {"duty"}
    assert all(o["status"] == "sent" for o in _lines(app, alerts, "outbox", "--json"))
    assert [e["id"] for e in _lines(app, events, "list", "--all", "--json")] == [ev["id"]]
    assert _lines(app, findings, "list", "--json") == []
    ids = {e["id"] for e in _lines(app, watchlist_group, "list", "--json")}
    assert ids == {e.id for e in app.watchlist.entities}
