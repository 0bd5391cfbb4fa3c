"""The briefing job the daemon schedules (`reports.daily_cron`, `weekly_cron`, `monthly_cron` in settings.yaml):
`def brief(ctx: JobContext) -> JobResult` with `ctx.params["period"]`. It covers the period that ended
the day before the run (a Monday-morning weekly briefing: the 7 days to Sunday; `as_of: today` in
params covers up to today, as the demo does), writes the document to `reports.dir` and hands it to the
alert routes as a `briefing` notification: email attaches the file, chat robots get the summary and a
link (`reports.link_base_url` + the file name; the file's path when no URL is configured). The
notification's key is the period, so a rerun of the same period sends nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from alerts.jobs import get_config
from alerts.outbox import enqueue
from ipwatch.clock import local_date
from ipwatch.context import AppContext
from ipwatch.job import JobContext, JobResult
from ipwatch.store import doc_id

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html"}


def briefing_file(kind: str, as_of: date, platform: str | None, fmt: str) -> str:
    return f"briefing-{kind}-{as_of}{'-' + platform if platform else ''}.{fmt}"


def write_briefing(app: AppContext, kind: str, as_of: date, platform: str | None, fmt: str, path: Path,
                   now: Any = None) -> dict[str, Any]:
    """Build and render one briefing; returns the report dict (figures for the message)."""
    from reports import build, render

    report = build.briefing(app, kind, as_of, platform, now=now)
    render.write(report, path, fmt, app.settings.timezone, app.store.ix.prefix)
    return report


def notification(report: dict[str, Any], path: Path, fmt: str, link_base: str | None) -> dict[str, Any]:
    url = (link_base.rstrip("/") + "/" + path.name) if link_base else path.resolve().as_uri()
    facts = [(h["label"], f"{h['cur']}（上期 {h['prev']}，{h['delta']}）") for h in report["headline_rows"]]
    top = report["stories"][:3]
    if top:
        facts.append(("重点舆情", "；".join(f"{s['entity']} {s['matter']}（热度 {s['heat']}）" for s in top)))
    return {"key": doc_id("briefing", report["kind"], report["period"], report.get("platform_id") or "all"),
            "kind": "briefing", "state": "firing", "title": f"{report['title']}：{report['scope']} {report['period']}",
            "entity_id": report.get("platform_id"), "entity_name": report["scope"],
            "platforms": [report["platform_id"]] if report.get("platform_id") else [], "severity": 0.0,
            "summary": report["summary"], "facts": facts, "links": [{"url": url, "title": f"简报全文（{path.name}）"}],
            "attachments": [{"path": str(path.resolve()), "filename": path.name, "content_type": CONTENT_TYPES[fmt]}],
            "ref": f"{report['kind']}-{report['as_of']}", "console_path": f"/briefings/{path.name}"}


def brief(ctx: JobContext) -> JobResult:
    app = ctx.app
    r = app.settings.reports
    kind = str(ctx.params.get("period") or "week")
    platform = ctx.params.get("platform")
    today = local_date(ctx.now, app.settings.timezone)
    as_of = today if ctx.params.get("as_of") == "today" else today - timedelta(days=1)
    fmt = str(ctx.params.get("format") or r.format)
    path = app.settings.path(r.dir) / briefing_file(kind, as_of, platform, fmt)
    report = write_briefing(app, kind, as_of, platform, fmt, path, now=ctx.now)
    counts = enqueue(app.store, get_config(app), notification(report, path, fmt, r.link_base_url), ctx.now)
    return {"written": 1, "bytes": path.stat().st_size, **counts}
