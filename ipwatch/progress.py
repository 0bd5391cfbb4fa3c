"""Progress bars for long work run from a terminal (tqdm), and a counting pass-through otherwise.

`enabled=None` means "when the stream (stderr) is a terminal", tqdm's `disable=None`: a training run
or a crawl started by hand shows a bar, the daemon, CI and a redirected stderr show none and keep
their log lines. While a bar is up, `bar_over` lets log lines on the same terminal print above it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO


def interactive(stream: TextIO | None = None) -> bool:
    """Whether `stream` (default: stderr) is a terminal."""
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def make_bar(enabled: bool | None, desc: str, unit: str, total: int | None = None,
             file: TextIO | None = None, unit_scale: bool = True) -> Any:
    """A tqdm bar on `file` (default: stderr) when `enabled` (None: when that is a terminal), else None."""
    stream = file if file is not None else sys.stderr
    if enabled is None:
        enabled = interactive(stream)
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, total=total, unit_scale=unit_scale, leave=False, file=stream, dynamic_ncols=True)


def tick(it: Iterable[Any], bar: Any) -> Iterator[Any]:
    """Yield from `it`, advancing `bar` per item."""
    if bar is None:
        yield from it
        return
    for x in it:
        bar.update(1)
        yield x


def note(bar: Any, **postfix: Any) -> None:
    """Show `postfix` (a running loss, counts) beside the bar; drawn with its next update."""
    if bar is not None:
        bar.set_postfix(postfix, refresh=False)


def advance_to(bar: Any, n: int, **postfix: Any) -> None:
    """Set the bar's count to `n` (a running total reported from elsewhere) and show `postfix`."""
    if bar is None:
        return
    note(bar, **postfix)
    if n > bar.n:
        bar.update(n - bar.n)
    else:
        bar.refresh()


def close_bar(bar: Any) -> None:
    if bar is not None:
        bar.close()


class _AboveBar(logging.Handler):
    """Writes what `inner` (a console handler) would, through tqdm.write, so the bar is redrawn below it."""

    def __init__(self, inner: logging.StreamHandler) -> None:
        super().__init__(inner.level)
        self.inner = inner
        self.setFormatter(inner.formatter)
        for f in inner.filters:
            self.addFilter(f)

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=self.inner.stream)
        except Exception:  # noqa: BLE001 - logging must not break the work
            self.handleError(record)


def _console(h: logging.Handler) -> bool:
    return isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler) \
        and h.stream in (sys.stderr, sys.stdout)


@contextmanager
def bar_over(enabled: bool | None, desc: str, unit: str, total: int | None = None,
             file: TextIO | None = None, unit_scale: bool = False) -> Iterator[Any]:
    """`make_bar` for a `with` block: closed at its end; meanwhile the root logger's console handlers
    print above the bar (a log file is left alone, and nothing is added where there is no console handler)."""
    bar = make_bar(enabled, desc, unit, total=total, file=file, unit_scale=unit_scale)
    root = logging.getLogger()
    saved = root.handlers
    try:
        if bar is not None:
            root.handlers = [_AboveBar(h) if _console(h) else h for h in saved]
        yield bar
    finally:
        root.handlers = saved
        close_bar(bar)
