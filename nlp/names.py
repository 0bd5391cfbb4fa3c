"""The name prior: how likely a candidate is the party of negative news, from its name alone.

The model never reads the candidate's name - the entity text replaces every mention by [TGT] so that
the heads judge what is said about the mention, not who it is. Yet the name carries a strong prior:
`某某理财`, `某某金融信息服务有限公司` are the parties of FinNSP's negative news, `头条`, `点赞`, `区块链项目`,
a bank named beside a platform, or a platform's `官网` rarely are. A logistic regression over hashed
character 1-3-grams of the bracketed name (`^小资钱包$`, so prefixes and suffixes count) learns it from
the training pairs of negative texts. Its score (a logit) is a subject-ranker feature (nlp/subject.py)
and, weighted by `negative_weight`, shifts the negative-about score (`adjust_negative`) - relative to the
other candidates of the same text only: the prior was learned on negative texts, so it tells which
candidate is the party, not whether the text is negative. Added as it is, it turned neutral news about
long-named institutions negative (`横琴国际知识产权交易中心有限公司发布年度报告…同比增长15%`: 0.36 -> 0.62); centred,
a text that names one watched entity is left as the model reads it.

Cross-validated on FinNSP training texts (5 folds by text, the folds of `corpora.fold_of`; the ranker,
fusion weights and threshold chosen on the other four folds): subject accuracy 0.947 -> 0.965,
per-entity negative F1 0.882 -> 0.899, every fold higher (docs/nlp-experiments.md, stop 12). Stored in the checkpoint's config.json as `name_prior`: 8,192 fp16
weights in base64 (22 KB).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np

BUCKETS = 1 << 13
C = 4.0  # as the lexical head's (nlp/training/lexical.py); 3 and 10 cross-validate alike (0.967 / 0.968)


def _vectorizer(buckets: int):
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=buckets, alternate_sign=False,
                             norm="l2", lowercase=True, dtype=np.float32)


def _bracket(names: Sequence[str]) -> list[str]:
    return [f"^{n}$" for n in names]


def fit(names: Sequence[str], labels: Sequence[int], buckets: int = BUCKETS, c: float = C) -> dict[str, Any]:
    """The prior (config form) fitted on (name, is-the-party-of-this-negative-text) pairs."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=c, max_iter=3000).fit(_vectorizer(buckets).transform(_bracket(names)), list(labels))
    w = m.coef_[0].astype(np.float16)
    return {"buckets": buckets, "C": c, "bias": round(float(m.intercept_[0]), 4),
            "weights": base64.b64encode(w.tobytes()).decode("ascii"), "train_pairs": len(names),
            "negative_weight": 0.0}


class NamePrior:
    """A fitted prior, decoded once from its config form; `None` config = no prior (scores 0)."""

    def __init__(self, cfg: dict[str, Any] | None) -> None:
        self.cfg = cfg or None
        if self.cfg:
            self.weights = np.frombuffer(base64.b64decode(self.cfg["weights"]), dtype=np.float16).astype(np.float32)
            if len(self.weights) != int(self.cfg["buckets"]):
                raise ValueError(f"name_prior: {len(self.weights)} weights for {self.cfg['buckets']} buckets")
            self.vectorizer = _vectorizer(int(self.cfg["buckets"]))
        self.negative_weight = float(self.cfg.get("negative_weight", 0.0)) if self.cfg else 0.0

    def scores(self, names: Sequence[str]) -> np.ndarray:
        """Prior logits of the names (0 for every name without a prior)."""
        if not self.cfg or not len(names):
            return np.zeros(len(names))
        x = self.vectorizer.transform(_bracket(names))
        return np.asarray(x @ self.weights, dtype=float) + float(self.cfg["bias"])


def adjust_negative(neg: Any, prior: Any, weight: float, groups: Sequence[Any] | None = None) -> np.ndarray:
    """Negative-about probabilities shifted on the logit scale by `weight` x (the name prior minus the
    mean prior of the candidates of the same text); `groups` names each candidate's text (None: one text)."""
    if not weight or not len(neg):
        return np.asarray(neg, dtype=float)
    prior = np.asarray(prior, dtype=float)
    gid = np.zeros(len(prior), dtype=int) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1]
    centred = prior - (np.bincount(gid, prior) / np.bincount(gid))[gid]
    p = np.clip(np.asarray(neg, dtype=float), 1e-6, 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) + weight * centred)))
