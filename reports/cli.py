"""`ipwatch brief`, `ipwatch dossier` and `ipwatch evaluation …` (matplotlib and WeasyPrint are imported
inside the commands, so `ipwatch --help` stays fast)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from ipwatch import audit
from ipwatch.clock import local_date
from ipwatch.context import AppContext, pass_app
from ipwatch.output import json_option, print_jsonl

_prefix = click.option("--prefix", default=None,
                       help="Read another index prefix (e.g. ipwatch-demo after `ipwatch demo`).")


def _use_prefix(app: AppContext, prefix: str | None) -> None:
    if prefix:
        app.settings.es.index_prefix = prefix


def _today(app: AppContext) -> date:
    return local_date(app.now(), app.settings.timezone)


@click.command("brief")
@click.option("--period", "kind", type=click.Choice(["day", "week", "month"]), default="week", show_default=True,
              help="day: the as-of day; week: the 7 days ending on it; month: its calendar month up to it.")
@click.option("--platform", default=None, help="One platform (with its operating unit and residents); default all.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day covered (default today).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default=None,
              help="Default: the file's extension, else pdf.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_prefix
@pass_app
def brief(app: AppContext, kind: str, platform: str | None, as_of: datetime | None, fmt: str | None, output: Path,
          prefix: str | None) -> None:
    """Write a public-opinion briefing (舆情简报) with charts, as HTML or PDF."""
    from reports.jobs import write_briefing

    _use_prefix(app, prefix)
    fmt = fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "pdf")
    day = as_of.date() if as_of else _today(app)
    r = write_briefing(app, kind, day, platform, fmt, output)
    c = r["headline"]["current"]
    click.echo(f"wrote {output} ({fmt}, {output.stat().st_size} bytes): {r['title']} {r['scope']} {r['period']}: "
               f"{c['articles']} articles, {c['negative']} negative, {c['new_events']} new risk events, "
               f"{c['open_duties']} open duties ({c['overdue_duties']} overdue), {len(r['stories'])} top stories")


@click.command("dossier")
@click.argument("platform")
@click.option("--year", type=int, default=None, help="Default: this year.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default=None,
              help="Default: the file's extension, else pdf.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Default: dossier-PLATFORM-YEAR.FORMAT")
@_prefix
@pass_app
def dossier(app: AppContext, platform: str, year: int | None, fmt: str | None, output: Path | None,
            prefix: str | None) -> None:
    """Write a platform's annual dossier for its performance evaluation (绩效评价)."""
    from reports import build, render

    _use_prefix(app, prefix)
    year = year or _today(app).year
    fmt = fmt or ("html" if output is not None and output.suffix.lower() in (".html", ".htm") else "pdf")
    output = output or Path(f"dossier-{platform}-{year}.{fmt}")
    r = build.dossier(app, platform, year)
    render.write(r, output, fmt, app.settings.timezone, app.store.ix.prefix)
    click.echo(f"wrote {output} ({fmt}, {output.stat().st_size} bytes): {r['title']}: {len(r['matters'])} major "
               f"matter(s), {r['on_time']} reported on time, {len(r['late_or_missed'])} late or missed; "
               f"evaluation: {r['standing']['label']}")


@click.group("evaluation")
def evaluation() -> None:
    """The annual performance evaluation (绩效评价) of each platform: record and list results."""


@evaluation.command("record")
@click.argument("platform")
@click.option("--year", type=int, required=True)
@click.option("--result", type=click.Choice(["pass", "fail"]), required=True)
@click.option("--note", default="", help="What the evaluation said.")
@click.option("--by", default=None, help="Who records it (default: your user name).")
@_prefix
@pass_app
def evaluation_record(app: AppContext, platform: str, year: int, result: str, note: str, by: str | None,
                      prefix: str | None) -> None:
    """Record a year's result; a fail puts the platform at risk, two in a row withdraw its title (alerted)."""
    from alerts.jobs import get_config
    from reports.evaluation import RESULT_ZH, record

    _use_prefix(app, prefix)
    doc = record(app.store, get_config(app), app.watchlist, platform, year, result, note, audit.cli_actor(by), app.now())
    click.echo(f"{doc['platform_name']} {year}: {RESULT_ZH[result]} — {doc['standing']['label']}")


@evaluation.command("list")
@click.argument("platform")
@json_option
@_prefix
@pass_app
def evaluation_list(app: AppContext, platform: str, as_json: bool, prefix: str | None) -> None:
    """Recorded results of a platform, oldest first, and its standing."""
    from reports.evaluation import RESULT_ZH, records, standing

    _use_prefix(app, prefix)
    recs = records(app.store, platform)
    if as_json:
        print_jsonl(recs)
        return
    for r in recs:
        click.echo(f"{r['year']}  {RESULT_ZH.get(r['result'], r['result'])}  {r.get('recorded_by')}  {r.get('note') or ''}")
    if recs:
        click.echo(f"standing: {standing(recs, max(int(r['year']) for r in recs))['label']}")
    else:
        click.echo("no evaluation recorded")


