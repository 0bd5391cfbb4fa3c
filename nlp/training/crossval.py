"""Out-of-fold neural entity scores: the entity fusion (weights and the negative threshold, which also
decides which texts count as negative news for the subject ranker) is chosen on them and on the
development split, not on the 211 development texts alone.

Choosing those three numbers on dev alone fitted dev: every checkpoint scored its subject accuracy lower
on held-out than on dev (docs/nlp-experiments.md). Here the neural part is trained `folds` more times,
each time without one fold of the FinNSP training texts (the folds of `corpora.fold_of`, the same the
subject ranker is fitted on), and scores the texts it did not see. That costs `folds` trainings
(about 9 minutes each on 2 CPU cores); the scores are kept in `entity_oof.npz` beside the fold models,
so an interrupted run resumes and `ipwatch train --fuse-lexical-only` can reuse them.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from nlp.training import corpora
from nlp.training.base import entity_text, predict_entities
from nlp.training.fit import fit

log = logging.getLogger(__name__)

OOF_FILE = "entity_oof.npz"
# settings that do not change how a fold model is trained
NOT_RECIPE = ("fuse_lexical", "entity_cv_folds", "skip_entity_fold")


def fingerprint(examples: list[corpora.EntityExample], cfg: dict[str, Any], base_model: Path | str | None,
                folds: int) -> str:
    """Which (text, entity) pairs the scores belong to, in order, and how their fold models were trained:
    scores of other pairs or of another recipe are never reused."""
    h = hashlib.sha1()
    for e in examples:
        h.update(f"{e.group}\x1f{e.target}\x1e".encode())
    recipe = {k: v for k, v in sorted(cfg.items()) if k not in NOT_RECIPE}
    h.update(repr((recipe, str(base_model) if base_model else None, folds)).encode())
    return h.hexdigest()


def load_oof(work_dir: Path, examples: list[corpora.EntityExample], cfg: dict[str, Any],
             base_model: Path | str | None = None) -> tuple[np.ndarray, dict[str, int]] | None:
    """Saved (negative, subject) scores for `examples` made with `cfg`'s recipe and how they were made
    (folds, pairs, seconds), or None when absent or made for other pairs or another recipe."""
    path = Path(work_dir) / OOF_FILE
    if not path.exists():
        return None
    with np.load(path) as z:
        folds = int(z["folds"])
        if str(z["fingerprint"]) != fingerprint(examples, cfg, base_model, folds):
            log.warning("%s belongs to other training pairs or another training recipe; not used", path)
            return None
        meta = {"folds": int(z["folds"]), "pairs": len(examples), "seconds": int(z["seconds"])}
        return z["scores"].astype(np.float32), meta


def entity_oof(cfg: dict[str, Any], work_dir: Path, folds: int,
               base_model: Path | None = None) -> tuple[np.ndarray, dict[str, int]]:
    """(negative, subject) neural probabilities for every real FinNSP training pair (the order of
    `corpora.finnsp("train")`), each from a model trained without that pair's text, and how they were
    made (`load_oof`)."""
    from transformers import AutoModel, AutoTokenizer

    work_dir = Path(work_dir)
    examples = corpora.finnsp("train")
    key = fingerprint(examples, cfg, base_model, folds)
    cached = load_oof(work_dir, examples, cfg, base_model)
    if cached is not None and cached[1]["folds"] == folds:
        log.info("out-of-fold entity scores reused from %s", work_dir / OOF_FILE)
        return cached
    fold = np.array([corpora.fold_of(e.group, folds) for e in examples])
    scores = np.zeros((len(examples), 2), dtype=np.float32)
    t0 = time.monotonic()
    for k in range(folds):
        part = work_dir / f"fold{k}.npz"
        idx = np.where(fold == k)[0]
        if part.exists():
            with np.load(part) as z:
                if str(z["fingerprint"]) == key:
                    scores[idx] = z["scores"]
                    continue
        fold_dir = work_dir / f"fold{k}"
        # from scratch (or from `base_model`), never from an ipwatch checkpoint that has seen fold k
        fit(fold_dir, base_model, **{**cfg, "fuse_lexical": False, "entity_cv_folds": 0, "init_from": None,
                                     "skip_entity_fold": [k, folds]})
        tok = AutoTokenizer.from_pretrained(fold_dir)
        model = AutoModel.from_pretrained(fold_dir).eval()
        ent_len = min(cfg["entity_len"], model.config.max_seq_length)
        scores[idx] = predict_entities(model, tok, [entity_text(examples[i], ent_len) for i in idx], ent_len,
                                       fused=False)
        np.savez(part, scores=scores[idx], fingerprint=key)
        shutil.rmtree(fold_dir, ignore_errors=True)
        log.info("entity fold %d/%d scored (%d pairs, %.0fs)", k + 1, folds, len(idx), time.monotonic() - t0)
    seconds = int(time.monotonic() - t0)
    np.savez_compressed(work_dir / OOF_FILE, scores=scores.astype(np.float16), fingerprint=key,
                        folds=folds, seconds=seconds)
    for k in range(folds):
        (work_dir / f"fold{k}.npz").unlink(missing_ok=True)
    return scores, {"folds": folds, "pairs": len(examples), "seconds": seconds}
