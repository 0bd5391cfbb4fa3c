"""The figures every step of the recipe and `ipwatch evaluate` score with: macro-F1 of sentiment and risk
types, per-entity negative F1, subject accuracy (with the decision rule `analyze` applies per candidate)
and bootstrap intervals. Pure functions of gold labels and scores: nothing here loads a model or data."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import f1_score

from nlp.names import adjust_negative

RISK_THRESHOLD = 0.5


def sentiment_macro_f1(gold: Sequence[int], probs: np.ndarray) -> float:
    return float(f1_score(list(gold), probs.argmax(1), average="macro", labels=[0, 1, 2]))


def risk_single(probs: np.ndarray, threshold: float = RISK_THRESHOLD) -> list[int]:
    """Most likely code, or -1 (no risk type) when none reaches the threshold."""
    return [int(p.argmax()) if p.max() >= threshold else -1 for p in probs]


def risk_macro_f1(gold_multi_hot: Sequence[Sequence[int]], probs: np.ndarray,
                  threshold: float = RISK_THRESHOLD) -> float:
    """Macro-F1 over the codes present in the gold data; "no risk type" counts as a wrong answer
    for a gold code and a false positive is charged to the predicted code."""
    gold = [int(np.argmax(g)) if any(g) else -1 for g in gold_multi_hot]
    labels = sorted({g for g in gold if g >= 0})
    return float(f1_score(gold, risk_single(probs, threshold), labels=labels, average="macro", zero_division=0))


def entity_f1(gold: Sequence[int | None], neg_probs: np.ndarray, threshold: float = 0.5) -> float:
    pairs = [(g, p) for g, p in zip(gold, neg_probs, strict=True) if g is not None]
    return float(f1_score([g for g, _ in pairs], [int(p >= threshold) for _, p in pairs], zero_division=0))


def subject_ranking(groups: Sequence[str], neg: Sequence[float], subj: Sequence[float],
                    threshold: float, ranked: Sequence[float] | None = None) -> np.ndarray:
    """The score that picks a text's subject: in negative news (some entity at or above the negative
    threshold) the subject ranker's score (`ranked`, nlp/subject.py; without it the negative score),
    otherwise the subject head - as `analyze` does."""
    gid = np.unique(np.asarray(groups), return_inverse=True)[1]
    neg = np.asarray(neg, dtype=float)
    top = np.full(int(gid.max()) + 1 if len(gid) else 0, -np.inf)
    np.maximum.at(top, gid, neg)
    return np.where(top[gid] >= threshold, np.asarray(neg if ranked is None else ranked, dtype=float),
                    np.asarray(subj, dtype=float))


def entity_decisions(groups: Sequence[str], raw_neg: np.ndarray, subj: np.ndarray, threshold: float,
                     ranked: Sequence[float] | None, prior: np.ndarray, prior_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """What `analyze` decides per candidate, from the fused (negative, subject) scores, the ranker's scores
    and the name priors: the negative-about score it reports (nlp/names.py) and the score that picks each
    text's subject (`subject_ranking`)."""
    neg = adjust_negative(raw_neg, prior, prior_weight, groups)
    return neg, subject_ranking(groups, neg, subj, threshold, ranked)


class SubjectCases:
    """The texts subject accuracy is measured on (a known subject and >= 2 candidates), as a padded
    matrix of candidate rows, built once: tuning scores thousands of candidate settings."""

    def __init__(self, groups: Sequence[str], subject_gold: Sequence[int | None]) -> None:
        by: dict[str, list[int]] = {}
        for i, (g, y) in enumerate(zip(groups, subject_gold, strict=True)):
            if y is not None:
                by.setdefault(g, []).append(i)
        rows = [v for v in by.values() if len(v) >= 2 and any(subject_gold[i] for i in v)]
        width = max((len(v) for v in rows), default=0)
        self.index = np.full((len(rows), width), -1, dtype=int)
        for r, v in enumerate(rows):
            self.index[r, :len(v)] = v
        gold = np.array([int(y or 0) for y in subject_gold] + [0])
        self.gold = gold[self.index]  # index -1 reads the padding 0

    def accuracy(self, scores: Sequence[float]) -> float:
        if not len(self.index):
            return float("nan")
        s = np.append(np.asarray(scores, dtype=float), -np.inf)[self.index]
        # the top score wins; ties go to the entity listed first (never to the gold label)
        return float(self.gold[np.arange(len(s)), s.argmax(1)].mean())


def subject_accuracy(groups: Sequence[str], names: Sequence[str], subject_gold: Sequence[int | None],
                     scores: Sequence[float]) -> float:
    """Share of texts (with a known subject and >= 2 candidates) whose top-scored entity is a subject."""
    return SubjectCases(groups, subject_gold).accuracy(scores)



def bootstrap_ci(stat, n: int, boot: int = 500, seed: int = 0) -> list[float]:
    """95% interval of stat(idx) over `boot` resamples (with replacement) of the n test items."""
    rng = np.random.default_rng(seed)
    vals = [stat(rng.integers(0, n, n)) for _ in range(boot)]
    return [round(float(np.percentile(vals, 2.5)), 3), round(float(np.percentile(vals, 97.5)), 3)]


def paired_ci(ours, theirs, n: int, boot: int = 500, seed: int = 0) -> list[float]:
    """95% interval of ours(idx) - theirs(idx) on the same resamples of the n test items."""
    return bootstrap_ci(lambda idx: ours(idx) - theirs(idx), n, boot, seed)
