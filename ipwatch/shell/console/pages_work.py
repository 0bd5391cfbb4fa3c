"""Officers' corrections of an article's analysis, and the watchlist page (browse, import, export).

A correction (wrong entity, wrong sentiment, not a matter) is recorded by `ipwatch.corrections.correct`
(the `corrections` index, the article, the audit trail); scoring then re-derives the article's events
and re-rates what they touch (`scoring.sync.resync_articles`). The watchlist import is the CLI's own
(`ipwatch.watchlist.import_csv`): every row checked, a bad row named by line and column, nothing
written on error; the export guards every cell against spreadsheet formulas like the CLI's.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from ipwatch import audit
from ipwatch.errors import ConfigError, IpwatchError
from ipwatch.shell.console.web import ctx, needs, now

bp = Blueprint("work", __name__)
MAX_CSV = 5 * 1024 * 1024


@bp.route("/articles/<article_id>/correct", methods=["POST"])
@needs("officer")
def correct(article_id: str) -> Any:
    from ipwatch.corrections import correct as record
    from scoring.sync import resync_articles

    kind = request.form.get("kind", "")
    app = ctx()
    wl = app.watchlist
    entity_id = request.form.get("entity_id", "").strip() or None
    ent = wl.get(entity_id) if entity_id else None
    try:
        with audit.acting("console", request.remote_addr):
            record(app.store, article_id, kind, g.user["username"], now(),
                   risk_type=request.form.get("risk_type", "").strip() or None, entity_id=entity_id,
                   entity_name=ent.name if ent else None, sentiment=request.form.get("sentiment") or None,
                   reason=request.form.get("reason", "").strip()[:1000], known_entities={e.id for e in wl.entities})
        res = resync_articles(app, [article_id], now())
        flash(f"已更正分析结果；{res.get('events_superseded', 0)} 个风险事件撤下或合并，"
              f"{res.get('ratings_written', 0)} 个主体已重新评级。", "ok")
    except IpwatchError as exc:
        flash(f"未执行：{exc}", "error")
    return redirect(url_for("more.article", article_id=article_id))


def _reset_watchlist() -> None:
    ctx().__dict__.pop("watchlist", None)          # AppContext caches it (cached_property)


@bp.route("/watchlist", methods=["GET"])
def watchlist() -> Any:
    q = (request.args.get("q") or "").strip()[:100]
    etype = request.args.get("type") or ""
    rows = [e for e in ctx().watchlist.entities if (not etype or e.type.value == etype)
            and (not q or q in e.id or q in e.name or any(q in a for a in e.aliases))]
    return render_template("watchlist.html", rows=rows[:500], total=len(rows), q=q, etype=etype,
                           errors=None, types=sorted({e.type.value for e in ctx().watchlist.entities}))


@bp.route("/watchlist/import", methods=["POST"])
@needs("admin")
def watchlist_import() -> Any:
    from ipwatch.entities import sync_entities
    from ipwatch.watchlist import import_csv

    f = request.files.get("csv")
    if f is None or not f.filename:
        flash("未执行：请选择 CSV 文件", "error")
        return redirect(url_for("work.watchlist"))
    data = f.read(MAX_CSV + 1)
    if len(data) > MAX_CSV:
        abort(413)
    app = ctx()
    dry = bool(request.form.get("dry_run"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(f.filename).name or "watchlist.csv")
        path.write_bytes(data)
        try:
            n, added, replaced = import_csv(app.watchlist, path, app.settings.config_file("watchlist.yaml"),
                                            dry_run=dry)
        except ConfigError as exc:
            problems = exc.problems if isinstance(getattr(exc, "problems", None), list) else [("", str(exc))]
            return render_template("watchlist.html", rows=app.watchlist.entities[:500],
                                   total=len(app.watchlist.entities), q="", etype="", errors=problems,
                                   types=sorted({e.type.value for e in app.watchlist.entities})), 400
    if dry:
        flash(f"校验通过：{n} 行（新增 {added}，替换 {replaced}），未写入。", "ok")
        return redirect(url_for("work.watchlist"))
    _reset_watchlist()
    sync_entities(app.store, app.watchlist)
    audit.record(app.store, actor=g.user["username"], action="watchlist.import", target_kind="watchlist",
                 target_id="watchlist.yaml", now=now(), summary=f"{f.filename}：{n} 行，新增 {added}，替换 {replaced}",
                 via="console")
    flash(f"已导入 {n} 个主体（新增 {added}，替换 {replaced}）。", "ok")
    return redirect(url_for("work.watchlist"))


@bp.route("/watchlist.csv")
def watchlist_export() -> Any:
    from ipwatch.watchlist import write_entities_csv

    etype = request.args.get("type") or ""
    buf = io.StringIO()
    write_entities_csv([e for e in ctx().watchlist.entities if not etype or e.type.value == etype], buf)
    return Response("\ufeff" + buf.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="watchlist.csv"'})
