"""The shipped matter head as the status and wording tests read it: the checkpoint, a skip mark for a
checkout without it, a module fixture that loads it once, and what `analyze` would report of a text."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.matters import MatterHead

MODEL = Path(__file__).resolve().parents[1] / "models" / "ipwatch-zh-risk"

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
