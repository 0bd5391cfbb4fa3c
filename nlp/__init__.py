"""Chinese NLP for ipwatch: entities, per-entity sentiment, subject, risk types, event date, severity.

    from nlp import Analyzer
    analyzer = Analyzer(model_path, watchlist)        # load once, keep it
    results = analyzer.analyze(articles)               # batched

`nlp.analyze(articles)` does the same with the configured model and watchlist (loading them).
"""

from __future__ import annotations

from typing import Any


def analyze(articles: Any, analyzer: Any = None) -> list[dict[str, Any]]:
    """Analyse articles (dicts: id, title, text, optional published_at) -> results, batched."""
    if analyzer is None:
        from ipwatch.context import AppContext
        from nlp.analyzer import Analyzer

        analyzer = Analyzer.from_app(AppContext())
    return analyzer.analyze(articles)


def __getattr__(name: str) -> Any:
    if name == "Analyzer":
        from nlp.analyzer import Analyzer

        return Analyzer
    raise AttributeError(name)
