"""The shipped matter head as the status and wording tests read it: the checkpoint, a skip mark for a
checkout without it, module fixtures that load it (alone, or inside the whole analyzer) once, and what `analyze`
would report of a text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipwatch.watchlist import load_watchlist
from nlp.matters import MatterHead

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "ipwatch-zh-risk"

needs_head = pytest.mark.skipif(not (MODEL / "matters.npz").exists(), reason="shipped matter head missing")


@pytest.fixture(scope="module")
def head() -> MatterHead:
    loaded = MatterHead.load(MODEL)
    assert loaded is not None
    return loaded


def _one(head: MatterHead, text: str) -> list[dict]:
    return head.detect(text)


def _present(found: list[dict]) -> set[str]:
    """The risk types `analyze` reports: matters whose status is occurred."""
    return {m["code"] for m in found if m["status"] == "occurred"}


@pytest.fixture(scope="module")
def analyzer():
    from nlp.analyzer import Analyzer

    return Analyzer(MODEL, load_watchlist(ROOT / "config" / "watchlist.yaml"), batch_size=16)


def analyzed(analyzer, text: str, title: str = "") -> dict:
    """What `analyze` reports of one article."""
    return analyzer.analyze([{"id": "x", "title": title, "text": text,
                              "published_at": "2026-11-26T10:00:00+08:00"}])[0]


def matter_of(res: dict, code: str) -> dict | None:
    return next((m for m in res["matters"] if m["code"] == code), None)
