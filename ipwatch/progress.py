"""Progress bars for long work run from a terminal (tqdm), and a counting pass-through otherwise."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def make_bar(enabled: bool, desc: str, unit: str) -> Any:
    """A tqdm bar when `enabled` (an interactive command), else None."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, unit_scale=True, leave=False)


def tick(it: Iterable[Any], bar: Any) -> Iterator[Any]:
    """Yield from `it`, advancing `bar` per item."""
    if bar is None:
        yield from it
        return
    for x in it:
        bar.update(1)
        yield x


def close_bar(bar: Any) -> None:
    if bar is not None:
        bar.close()
