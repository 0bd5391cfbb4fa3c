"""`ipwatch extract` and `ipwatch crawl`."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import click

from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError


def _fetch(url: str, user_agent: str, timeout: float, maxsize: int) -> tuple[bytes, str | None, str]:
    req = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 - user-given http(s) URL
            body = r.read(maxsize + 1)
            if len(body) > maxsize:
                raise IpwatchError(f"{url}: larger than crawl.download_maxsize ({maxsize} bytes)")
            return body, r.headers.get("Content-Type"), r.geturl()
    except OSError as exc:
        raise IpwatchError(f"cannot fetch {url}: {exc}") from None


@click.command("extract")
@click.argument("path_or_url")
@click.option("--url", "page_url", help="The URL a saved HTML file came from (for relative links, dates, outlet).")
@click.option("--encoding", help="Force the page encoding (default: detected).")
@click.option("--text/--no-text", default=True, help="Include the body text (default: yes).")
@pass_app
def extract(app: AppContext, path_or_url: str, page_url: str | None, encoding: str | None, text: bool) -> None:
    """Print the extractor's JSON for one page: a URL, or a saved HTML file (with --url)."""
    from zoneinfo import ZoneInfo

    from crawlers.extractor import extract as run_extract

    ctype = None
    if path_or_url.startswith(("http://", "https://")):
        c = app.settings.crawl
        body, ctype, final = _fetch(path_or_url, c.user_agent, c.download_timeout, c.download_maxsize)
        page_url = page_url or final
    else:
        p = Path(path_or_url)
        if not p.is_file():
            raise IpwatchError(f"{path_or_url}: no such file (give a saved HTML file or an http(s) URL)")
        body = p.read_bytes()
        page_url = page_url or p.resolve().as_uri()
    out = run_extract(body, page_url, content_type=ctype, encoding=encoding, tz=ZoneInfo(app.settings.timezone))
    if not text:
        out.pop("text", None)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@click.command("crawl")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable; default: all enabled).")
@click.option("--list", "list_only", is_flag=True, help="List the sources and the spider of each; crawl nothing.")
@click.option("--round", "round_", help="Shared crawling (crawl.redis_url): the round this worker joins "
                                        "(default: the current crawl.round_seconds window).")
@pass_app
def crawl(app: AppContext, sources: tuple[str, ...], list_only: bool, round_: str | None) -> None:
    """Crawl the configured sources once and store new articles (what the daemon schedules)."""
    from crawlers.jobs import crawl as run_crawl, plan
    from crawlers.sources import SPIDER_OF_TYPE, load_sources

    if list_only:
        cfg = load_sources(app.settings.config_file("sources.yaml"))
        for s in cfg.sources:
            click.echo(f"{s.name:24s} {s.type:9s} {SPIDER_OF_TYPE[s.type]:12s} "
                       f"{'enabled ' if s.enabled else 'disabled'} {s.base_url or ''}")
        return
    work = plan(app.settings, list(sources) or None)
    if not work:
        click.echo("no enabled sources (see config/sources.yaml, or name one with --source)")
        return
    result = run_crawl(app, list(sources) or None, progress=None, round_=round_)  # a bar when stderr is a terminal
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    if result.get("error"):
        sys.exit(1)
    if result.get("store_errors"):
        click.echo(f"error: {result['store_errors']} article(s) could not be stored (see the log; a full spool "
                   f"or a rejected mapping); they were not marked seen and are fetched again on the next crawl",
                   err=True)
        sys.exit(1)
