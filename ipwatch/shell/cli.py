"""The `ipwatch` command: the core's own commands (config, setup, watchlist) and each step's, imported
as any caller would — crawl and extract (crawlers), analyze, train and evaluate (nlp), rate, rating,
events and official-grades (scoring), duties, alerts and findings (alerts), brief, dossier and
evaluation (reports) — and the shell's (run,
worker, demo, kibana). Step CLIs import their heavy libraries (torch, Scrapy) inside the commands, so
`ipwatch --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from alerts import cli as alerts_cli
from crawlers import cli as crawlers_cli
from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError
from ipwatch.output import json_option, print_jsonl
from ipwatch.shell import daemon, demo, kibana, worker
from ipwatch.shell.console import cli as console_cli
from nlp import cli as nlp_cli
from reports import cli as reports_cli
from scoring import cli as scoring_cli

STEP_COMMANDS: list[click.Command] = [
    crawlers_cli.extract, crawlers_cli.crawl,                                  # page → article
    nlp_cli.analyze, nlp_cli.train, nlp_cli.evaluate,                         # article → analysis
    scoring_cli.rate, scoring_cli.rating, scoring_cli.events, scoring_cli.official_grades,   # → events, ratings
    alerts_cli.duties, alerts_cli.alerts, alerts_cli.findings,                 # → duties, alerts
    reports_cli.brief, reports_cli.dossier, reports_cli.evaluation,            # → briefings, dossiers
    daemon.run, worker.worker, demo.demo, kibana.kibana,                       # the shell
    console_cli.console, console_cli.users,                                    # the web console
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config-dir", type=click.Path(file_okay=False, path_type=Path), envvar="IPWATCH_CONFIG_DIR",
              help="Folder with settings.yaml, watchlist.yaml, … (default: ./config).")
@click.version_option(package_name="ipwatch")
@click.pass_context
def cli(ctx: click.Context, config_dir: Path | None) -> None:
    """ipwatch: 舆情 and credit monitoring for national IP operation service platforms."""
    ctx.obj = AppContext(config_dir=config_dir)


@cli.group("config")
def config_group() -> None:
    """Check the configuration files."""


@config_group.command("check")
@pass_app
def config_check(app: AppContext) -> None:
    """Validate settings.yaml, watchlist.yaml, sources.yaml, scoring.yaml and alerts.yaml."""
    from ipwatch.shell.configcheck import check_all

    for name, summary in check_all(app.settings):
        click.echo(f"ok  {name}: {summary}")


@cli.command("setup")
@pass_app
def setup(app: AppContext) -> None:
    """Create or update the Elasticsearch templates and indices; sync the watchlist."""
    from ipwatch.entities import sync_entities

    for what, status in app.store.setup():
        click.echo(f"{status:9s} {what}")
    n = sync_entities(app.store, app.watchlist)
    click.echo(f"synced    {n} watchlist entities into {app.store.ix.name('entities')}")


@cli.group("spool")
def spool_group() -> None:
    """Writes kept on disk while Elasticsearch was unreachable, and those it rejected for good."""


@spool_group.command("status")
@pass_app
def spool_status(app: AppContext) -> None:
    sp = app.store.spool
    dead = sp.dead_letters()
    click.echo(f"{sp.dir}: {sp.count()} write(s) waiting ({sp.size_bytes()} of {sp.max_bytes} bytes), "
               f"{len(dead)} rejected for good ({sp.dead_path.name})")


@spool_group.command("replay")
@pass_app
def spool_replay(app: AppContext) -> None:
    """Send what waits now (the daemon does this every minute)."""
    n = app.store.replay_spool()
    click.echo(f"replayed {n} write(s); {len(app.store.spool.dead_letters())} rejected for good")


@spool_group.command("dead")
@click.option("--limit", default=20, show_default=True, help="Show at most this many.")
@pass_app
def spool_dead(app: AppContext, limit: int) -> None:
    """What Elasticsearch rejected for good, with its error, oldest first."""
    for d in app.store.spool.dead_letters()[:limit]:
        a = d.get("action") or {}
        click.echo(f"{d.get('at')}  {a.get('_index')}/{a.get('_id')}  {d.get('status')}  "
                   f"{json.dumps(d.get('error'), ensure_ascii=False)[:300]}")


@spool_group.command("requeue")
@pass_app
def spool_requeue(app: AppContext) -> None:
    """Queue the rejected writes again, once their cause (a mapping, a field) is fixed."""
    click.echo(f"requeued {app.store.spool.requeue_dead()} write(s); `ipwatch spool replay` sends them")


@cli.group("watchlist")
def watchlist_group() -> None:
    """List, import and export monitored entities."""


@watchlist_group.command("list")
@click.option("--type", "etype", help="Only this entity type (platform, institution, …).")
@json_option
@pass_app
def watchlist_list(app: AppContext, etype: str | None, as_json: bool) -> None:
    """Watched entities: id, type, category or kind, name."""
    chosen = [e for e in app.watchlist.entities if not etype or e.type.value == etype]
    if as_json:
        print_jsonl(e.model_dump(mode="json", exclude_none=True) for e in chosen)
        return
    for e in chosen:
        extra = e.category.value if e.category else (e.kind.value if e.kind else "")
        click.echo(f"{e.id:28s} {e.type.value:16s} {extra:14s} {e.name}")


@watchlist_group.command("check")
@click.option("--no-reference", is_flag=True, help="Skip the comparison with known organisation names.")
@pass_app
def watchlist_check(app: AppContext, no_reference: bool) -> None:
    """What would make ipwatch miss a duty or blame the wrong organisation: generic names, shared
    aliases, platforms without an operating unit, missing USCCs, collisions with other names."""
    from ipwatch.watchlist_check import check, reference_names

    findings = check(app.watchlist, None if no_reference else reference_names())
    titles = {"missing_operating_unit": "platforms and centres without an operating unit",
              "missing_uscc": "operating units and institutions without a USCC",
              "generic_name": "generic names (matched only where no other name is glued before them)",
              "shared_alias": "names shared by several watched entities",
              "collision": "names inside other organisations' names"}
    for kind, title in titles.items():
        rows = [f for f in findings if f.kind == kind]
        if rows:
            click.echo(f"{title} ({len(rows)}):")
            for f in rows:
                click.echo(f"  {f.entity_id:24s} {f.detail}")
    click.echo(f"{len(findings)} finding(s) in {len(app.watchlist.entities)} entities")


@watchlist_group.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@pass_app
def watchlist_import(app: AppContext, csv_file: Path, dry_run: bool) -> None:
    """Add or replace entities from a CSV (columns: id,type,name,aliases,uscc,…; lists split by |).

    Every row is checked first; a file with any bad row imports nothing.
    """
    from ipwatch.watchlist import import_csv

    path = app.settings.config_file("watchlist.yaml")
    n, added, replaced = import_csv(app.watchlist, csv_file, path, dry_run=dry_run)
    if dry_run:
        click.echo(f"{csv_file}: {n} valid row(s) ({added} new, {replaced} replacing); nothing written")
        return
    click.echo(f"imported {n} entities from {csv_file} ({added} new, {replaced} replaced) into {path}")


@watchlist_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@click.option("--type", "etype", default=None, help="Only this entity type.")
@pass_app
def watchlist_export(app: AppContext, output: Path | None, etype: str | None) -> None:
    """Write entities as CSV (the format `import` reads)."""
    from ipwatch.watchlist import write_entities_csv

    ents = [e for e in app.watchlist.entities if not etype or e.type.value == etype]
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = write_entities_csv(ents, fh)
        click.echo(f"exported {n} entities to {output}", err=True)
    else:
        write_entities_csv(ents, sys.stdout)


@cli.group("corrections")
def corrections_group() -> None:
    """Officers' corrections of analyses (made on the console's article page): labelled data."""


@corrections_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="JSONL file in the annotated-set format of nlp/data/matters.")
@pass_app
def corrections_export(app: AppContext, output: Path) -> None:
    """Write one row per corrected article (uid, text, matters, source = the URL, found_by = officer)
    for the next training run."""
    from ipwatch.corrections import export_rows

    n = 0
    with open(output, "w", encoding="utf-8") as fh:
        for r in export_rows(app.store):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    click.echo(f"exported {n} corrected article(s) to {output}", err=True)


for _command in STEP_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point: user errors print one clear message and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except IpwatchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
