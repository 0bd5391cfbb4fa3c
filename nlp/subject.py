"""Which entity a negative article is about: a small ranker over each candidate's model scores and
how it is named in the text.

Within one text every candidate shares the text's wording, so besides the model's negative-about and
is-subject scores the ranker looks at the naming: how often and how early the name occurs, and whether
it is part of another candidate's name (小资 inside 小资钱包: the longer, more specific name is the
party) or contains one. Fitted by `nlp.training.lexical` on out-of-fold scores of the training split (5-fold
cross-validation over FinNSP training + development texts: subject accuracy 0.935 for the negative
score alone, 0.950 with the ranker, every fold higher; docs/nlp-experiments.md) and stored in the
checkpoint's config as `subject_ranker`. Since stop 12 it also reads the name prior (nlp/names.py):
what the candidate's name alone says about being the party of negative news (cross-validated subject
accuracy 0.947 -> 0.965, chosen on the other folds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

FEATURES = ("negative_logit", "subject_logit", "log_mentions", "first_position", "inside_other",
            "contains_other", "log_name_length", "name_prior")


def _logit(p):
    """Clipped log-odds (a number or an array)."""
    import numpy as np

    p = np.clip(np.asarray(p, dtype=float), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _linear(ranker: dict | None, feats):
    """Rows of FEATURES -> ranker scores; without a ranker, the negative logit. A ranker reads the
    features it names (a checkpoint fitted before a feature existed reads the ones it knows)."""
    if not ranker:
        return feats[:, 0]
    import numpy as np

    cols = [FEATURES.index(f) for f in ranker.get("features", FEATURES)]
    return feats[:, cols] @ np.asarray(ranker["weights"]) + float(ranker.get("bias", 0.0))


def features(negative: float, subject: float, name: str, others: Sequence[str], mentions: int,
             first: int, text_length: int, prior: float = 0.0) -> list[float]:
    """One candidate's ranker inputs (in the order of FEATURES); `prior` is its name prior (nlp/names.py)."""
    return [float(_logit(negative)), float(_logit(subject)), math.log1p(max(1, mentions)), first / max(1, text_length),
            float(any(name != o and name in o for o in others)),
            float(any(name != o and o in name for o in others)), math.log1p(len(name)), float(prior)]


def example_features(text: str, name: str, others: Sequence[str], negative: float, subject: float,
                     prior: float = 0.0) -> list[float]:
    """`features` for a labelled example (a text, its candidate and the other candidates' names)."""
    pos = text.find(name)
    return features(negative, subject, name, others, text.count(name), pos if pos >= 0 else len(text), len(text),
                    prior)


def score(ranker: dict | None, feats: Sequence[float]) -> float:
    """The ranker's score for one candidate (higher = more likely the subject)."""
    import numpy as np

    return float(_linear(ranker, np.asarray([feats], dtype=float))[0])


def ranker_scores(ranker: dict | None, candidates: Sequence[tuple[str, str, Sequence[str]]], priors=None):
    """For labelled (text, name, other names) candidates and their name priors: a function (negative,
    subject score arrays) -> ranker scores, with the naming features computed once (the fusion tuning
    calls it many times)."""
    import numpy as np

    priors = np.zeros(len(candidates)) if priors is None else np.asarray(priors, dtype=float)
    naming = np.array([example_features(t, n, o, 0.5, 0.5, p)[2:]
                       for (t, n, o), p in zip(candidates, priors, strict=True)]).reshape(len(candidates), -1)

    def scores(negative, subject_scores):
        return _linear(ranker, np.column_stack([_logit(negative), _logit(subject_scores), naming]))

    return scores
