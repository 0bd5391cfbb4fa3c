"""The NLP job: analyse pending articles and write them back with `analysis` filled."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ipwatch import corrections
from ipwatch.context import AppContext
from ipwatch.job import JobContext, JobResult

if TYPE_CHECKING:
    from nlp.analyzer import Analyzer

log = logging.getLogger(__name__)


def load_analyzer(app: AppContext) -> Analyzer:
    """The configured model (settings `nlp.model_path`), loaded once per context with
    `app.service(load_analyzer)`; tests and the demo `provide` a lighter one."""
    from nlp.analyzer import Analyzer   # torch: imported when a model is first needed, not by `ipwatch --help`

    return Analyzer.from_app(app)


def analyze(ctx: JobContext) -> JobResult:
    """The daemon's job: every pending article; with `work.redis_url` the leader only publishes them to the
    work stream and `ipwatch worker` processes analyse them (nlp/distributed.py)."""
    w = ctx.app.settings.work
    if w.redis_url and "analyze" in w.kinds:
        from nlp.distributed import analysis_queue, enqueue_pending

        return enqueue_pending(ctx.app, analysis_queue(ctx.app, w.redis_url, claim_idle=w.claim_idle_seconds))
    return analyze_pending(ctx.app)


def analyze_pending(app: AppContext, limit: int | None = None, analyzer: Any = None) -> dict[str, int]:
    """Analyse articles whose `analysis.status` is `pending`; rewrite each whole document (same
    `_index`, same `_id`) with `analysis` filled. Idempotent: analysed articles are not pending."""
    store = app.store
    an = analyzer or app.service(load_analyzer)
    alias = store.ix.name("articles")
    query = {"term": {"analysis.status": "pending"}}
    batch_size = max(1, app.settings.nlp.batch_size * 4)
    counts = {"analyzed": 0, "errors": 0, "written": 0, "spooled": 0, "failed": 0}
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if not batch:
            return
        arts = [dict(h["_source"], id=h["_source"].get("id", h["_id"])) for h in batch]
        try:
            results = an.analyze(arts)
        except Exception as exc:  # noqa: BLE001 - mark the batch, keep the daemon running
            log.exception("analysis failed for %d article(s)", len(arts))
            results = [{"status": "error", "error": str(exc)[:500]} for _ in arts]
            counts["errors"] += len(arts)
        actions = []
        for hit, res in zip(batch, results, strict=True):
            res = {k: v for k, v in res.items() if k != "id"}
            earlier = ((hit["_source"].get("analysis") or {}).get("corrections")) or []
            if res.get("status") == "done" and earlier:       # an officer's reading outlives the model's
                res = corrections.apply(res, earlier)
            if res.get("status") == "done":
                counts["analyzed"] += 1
            actions.append({"_index": hit["_index"], "_id": hit["_id"],
                            "_source": {**hit["_source"], "analysis": res}})
        wr = store.write(actions)
        counts["written"] += wr.written
        counts["spooled"] += wr.spooled
        counts["failed"] += len(wr.failed)
        batch.clear()

    # collect ids first: rewriting documents while scrolling over them is fine, but bounded work
    # per call keeps a run short
    seen = 0
    store.refresh(alias)  # articles the crawler stored a moment ago are picked up in this run
    for hit in store.scan(alias, query=query, size=500, preserve_order=False):
        batch.append(hit)
        seen += 1
        if len(batch) >= batch_size:
            flush()
        if limit is not None and seen >= limit:
            break
    flush()
    log.info("analyze_pending: %s", counts)
    return counts
