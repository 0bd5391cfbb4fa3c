"""`ipwatch evaluate`: the shipped model beside SnowNLP and a TF-IDF baseline, per task, on the
held-out split (bucket 0 of the id hash) of the shared data. Nothing here trains on held-out rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ipwatch.taxonomy import CODES
from nlp.training.metrics import (RISK_THRESHOLD, bootstrap_ci, entity_decisions, entity_f1, paired_ci,
                                  risk_macro_f1, sentiment_macro_f1, subject_accuracy)


# --- baselines -------------------------------------------------------------------------------
def _tfidf_lr(texts: list[str], labels: list[int]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipe = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                                         max_features=300_000),
                         LogisticRegression(C=4.0, max_iter=2000))
    return pipe.fit(texts, labels)


def _snow_sentiment(text: str) -> float:
    from snownlp import SnowNLP

    try:
        return float(SnowNLP(text).sentiments) if text.strip() else 0.5
    except (ZeroDivisionError, ValueError, KeyError):
        return 0.5


def _sentences(text: str) -> list[str]:
    import re

    return [s for s in re.split(r"(?<=[。！？!?；;\n])", text) if s.strip()]


def _snow_entity_score(text: str, name: str) -> float:
    """SnowNLP's sentiment (0 = negative) of the sentences that mention `name` (the lowest)."""
    sents = [s for s in _sentences(text) if name in s] or [text]
    return min(_snow_sentiment(s[:300]) for s in sents[:4])


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def run_evaluation(model_path, echo=print, split: str = "heldout") -> dict[str, dict[str, float]]:
    """Figures per task for the model, the TF-IDF baseline and SnowNLP on the held-out split (or on
    the development split, where every training-time choice is made: compare there first)."""
    import time

    from snownlp.classification.bayes import Bayes
    from transformers import AutoModel, AutoTokenizer

    import nlp.model  # noqa: F401 - registers the architecture
    from nlp.names import NamePrior
    from nlp.encoder import PostEncoder
    from nlp.subject import ranker_scores
    from nlp.training import corpora
    from nlp.training.base import DEFAULTS, entity_text, predict_docs, predict_entities

    t0 = time.monotonic()
    tok = AutoTokenizer.from_pretrained(model_path)
    model = AutoModel.from_pretrained(model_path).eval()
    doc_len, ent_len = DEFAULTS["doc_len"], min(DEFAULTS["entity_len"], model.config.max_seq_length)

    sent_test = corpora.finfe(split)
    risk_test = [d for d, _, _ in corpora.finese(split)]
    ent_test = corpora.finnsp(split)
    echo(f"{split} rows: FinFE {len(sent_test)}, FinESE {len(risk_test)}, FinNSP entity pairs {len(ent_test)} "
         f"({len({e.group for e in ent_test})} texts)")

    # the training data of every system (the same data the model was trained on)
    syn_docs, syn_ents = corpora.synthetic(DEFAULTS["synthetic_per_template"])
    sent_train = corpora.finfe("train") + corpora.snownlp_reviews(DEFAULTS["snownlp_reviews"]) + syn_docs
    risk_train = [d for d, _, _ in corpora.finese("train")] + syn_docs
    ent_train = corpora.finnsp("train") + syn_ents

    res: dict[str, dict[str, float]] = {}
    # model
    s_prob, _ = predict_docs(model, tok, [d.text for d in sent_test], doc_len,
                             post_reader=PostEncoder.load(Path(model_path)))
    _, r_prob = predict_docs(model, tok, [d.text for d in risk_test], doc_len)
    e_prob = predict_entities(model, tok, [entity_text(e, ent_len) for e in ent_test], ent_len)
    gold_s = [d.sentiment for d in sent_test]
    gold_r = [d.risk for d in risk_test]
    gold_e = [e.negative for e in ent_test]
    groups, names = [e.group for e in ent_test], [e.target for e in ent_test]
    gold_subj = [e.subject for e in ent_test]
    rt = float(getattr(model.config, "risk_threshold", RISK_THRESHOLD))
    et = float(getattr(model.config, "entity_threshold", 0.5))
    prior = NamePrior(getattr(model.config, "name_prior", None))
    prior_scores = prior.scores(names)
    ranked = ranker_scores(getattr(model.config, "subject_ranker", None),
                           [(e.text, e.target, e.others) for e in ent_test], prior_scores)(e_prob[:, 0], e_prob[:, 1])
    neg, picks = entity_decisions(groups, e_prob[:, 0], e_prob[:, 1], et, ranked, prior_scores, prior.negative_weight)
    res["ipwatch"] = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, s_prob),
                      "entity_negative_f1": entity_f1(gold_e, neg, et),
                      "risk_macro_f1": risk_macro_f1(gold_r, r_prob, rt),
                      "subject_accuracy": subject_accuracy(groups, names, gold_subj, picks)}
    # what `ipwatch analyze` reports: the model's risk scores with the lexical cues of nlp/cues.py
    from nlp.cues import risk_with_cues

    cued = np.array([[risk_with_cues(dict(zip(CODES, map(float, p), strict=True)), d.text, rt)[c] for c in CODES]
                     for p, d in zip(r_prob, risk_test, strict=True)])
    res["ipwatch"]["risk_macro_f1_with_cues"] = risk_macro_f1(gold_r, cued, rt)
    echo(f"  model done ({time.monotonic() - t0:.0f}s)")

    # TF-IDF char 1-3-gram + logistic regression, one per task, on the same training data
    m = _tfidf_lr([d.text for d in sent_train], [d.sentiment for d in sent_train])
    tf_s = m.predict_proba([d.text for d in sent_test])
    none = len(CODES)
    r_lab = [int(np.argmax(d.risk)) if any(d.risk) else none for d in risk_train]
    m = _tfidf_lr([d.text for d in risk_train], r_lab)
    pred = m.predict([d.text for d in risk_test])
    tf_r = np.zeros((len(risk_test), len(CODES)))
    for i, p in enumerate(pred):
        if p != none:
            tf_r[i, p] = 1.0
    ent_texts_train = [entity_text(e, ent_len) for e in ent_train]
    ent_texts_test = [entity_text(e, ent_len) for e in ent_test]
    m = _tfidf_lr(ent_texts_train, [e.negative for e in ent_train])
    tf_e = m.predict_proba(ent_texts_test)[:, 1]
    si = [i for i, e in enumerate(ent_train) if e.subject is not None]
    m = _tfidf_lr([ent_texts_train[i] for i in si], [ent_train[i].subject for i in si])
    tf_subj = m.predict_proba(ent_texts_test)[:, 1]
    res["tfidf_lr"] = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, tf_s),
                       "entity_negative_f1": entity_f1(gold_e, tf_e),
                       "risk_macro_f1": risk_macro_f1(gold_r, tf_r),
                       "subject_accuracy": subject_accuracy(groups, names, gold_subj, tf_subj)}
    echo(f"  TF-IDF baseline done ({time.monotonic() - t0:.0f}s)")
    # how much of the gap is noise: paired bootstrap over the same test items, 95% interval of
    # ipwatch minus the baseline (a change ships only when the interval is above 0)
    res["gain_ci95"] = {
        "sentiment_macro_f1": paired_ci(lambda i: sentiment_macro_f1([gold_s[k] for k in i], s_prob[i]),
                                        lambda i: sentiment_macro_f1([gold_s[k] for k in i], tf_s[i]), len(gold_s)),
        "entity_negative_f1": paired_ci(lambda i: entity_f1([gold_e[k] for k in i], neg[i], et),
                                        lambda i: entity_f1([gold_e[k] for k in i], tf_e[i]), len(gold_e)),
        "risk_macro_f1": paired_ci(lambda i: risk_macro_f1([gold_r[k] for k in i], r_prob[i], rt),
                                   lambda i: risk_macro_f1([gold_r[k] for k in i], tf_r[i]), len(gold_r)),
    }

    # SnowNLP: its shipped sentiment model; its naive Bayes trained on our risk data (char bigrams)
    sn = np.array([_snow_sentiment(d.text) for d in sent_test])
    sn_s = np.stack([(sn < 0.4), (sn >= 0.4) & (sn <= 0.6), (sn > 0.6)], axis=1).astype(float)
    bayes = Bayes()
    bayes.train([(_bigrams(d.text), int(np.argmax(d.risk)) if any(d.risk) else none) for d in risk_train])
    sn_r = np.zeros((len(risk_test), len(CODES)))
    for i, d in enumerate(risk_test):
        lab, _ = bayes.classify(_bigrams(d.text))
        if lab != none:
            sn_r[i, lab] = 1.0
    cache: dict[tuple[str, str], float] = {}
    sn_e = np.array([cache.setdefault((e.group, e.target), _snow_entity_score(e.text, e.target)) for e in ent_test])
    res["snownlp"] = {"sentiment_macro_f1": sentiment_macro_f1(gold_s, sn_s),
                      "entity_negative_f1": entity_f1(gold_e, 1 - sn_e),
                      "risk_macro_f1": risk_macro_f1(gold_r, sn_r),
                      "subject_accuracy": subject_accuracy(groups, names, gold_subj, list(1 - sn_e))}
    echo(f"  SnowNLP done ({time.monotonic() - t0:.0f}s)")
    return res


TASKS = [("sentiment_macro_f1", "sentiment macro-F1 (FinFE)"),
         ("entity_negative_f1", "per-entity negative F1 (FinNSP)"),
         ("risk_macro_f1", "risk-type macro-F1 (FinESE→codes)"),
         ("subject_accuracy", "subject accuracy (FinNSP)")]


def format_table(res: dict[str, dict[str, float]]) -> str:
    systems = ["ipwatch", "tfidf_lr", "snownlp"]
    lines = [f"{'task':36s} {'ipwatch':>9s} {'TF-IDF+LR':>10s} {'SnowNLP':>9s}  best  (ipwatch - TF-IDF, 95% CI)"]
    gains = res.get("gain_ci95") or {}
    for key, label in TASKS:
        vals = [res[s][key] for s in systems]
        top = np.nanmax(vals)
        winners = [s for s, v in zip(systems, vals, strict=True) if v == top]
        best = winners[0] if len(winners) == 1 else "tie: " + ", ".join(winners)  # never credit a tie to ipwatch
        ci = gains.get(key)
        note = "" if not ci else f"  ({ci[0]:+.3f} to {ci[1]:+.3f}{'' if ci[0] > 0 else ', within the noise'})"
        lines.append(f"{label:36s} {vals[0]:9.3f} {vals[1]:10.3f} {vals[2]:9.3f}  {best}{note}")
    if "risk_macro_f1_with_cues" in res["ipwatch"]:
        lines.append(f"(risk-type macro-F1 of the model with the lexical cues `analyze` adds: "
                     f"{res['ipwatch']['risk_macro_f1_with_cues']:.3f})")
    return "\n".join(lines)


def matters_evaluation(model_path, split: str = "heldout", boot: int = 1000) -> dict:
    """The matter head (nlp/matters.py) on the annotated set's test part (or dev): per statutory
    code, F1 of present (occurred) matters beside the code's own keywords, macro-F1 with a
    bootstrap 95% interval over texts, false alarms, and the status confusion."""
    from nlp.training import matter_training as mt
    from nlp.matters import MatterHead

    head = MatterHead.load(Path(model_path))
    if head is None:
        return {}
    rows = mt.load("test" if split == "heldout" else "dev")
    res = mt.measure(head, rows)
    gold = [mt.gold_occurred(r) for r in rows]
    model, kw = mt.predict_occurred(head, rows), mt.keyword_baseline(rows)

    def macro(pred: list[set[str]], idx: np.ndarray) -> float:
        f = mt.f1_per_code([gold[i] for i in idx], [pred[i] for i in idx], res["codes"])
        return float(np.mean([f[c]["f1"] for c in res["codes"]]))

    res["macro_model_ci95"] = bootstrap_ci(lambda i: macro(model, i), len(rows), boot)
    res["macro_gain_ci95"] = paired_ci(lambda i: macro(model, i), lambda i: macro(kw, i), len(rows), boot)
    res["status"] = mt.status_accuracy(head, rows)
    res["split"] = "test" if split == "heldout" else "dev"
    return res


def format_matters(res: dict) -> str:
    if not res:
        return "(this checkpoint has no matter head: train one with `ipwatch train --matters-only`)"
    lines = [f"reportable matters, annotated {res['split']} part ({res['rows']} texts): F1 of present (occurred) matters",
             f"{'code':24s} {'ipwatch':>8s} {'keywords':>9s} {'readers':>8s} {'gold':>5s}  best"]
    readers = res.get("readers") or {}
    agree = readers.get("per_code") or {}

    def shown(v: float | None) -> str:
        return f"{v:8.3f}" if v is not None else f"{'-':>8s}"
    for c in res["codes"]:
        m, k = res["model"][c], res["keywords"][c]
        lines.append(f"{c:24s} {m:8.3f} {k:9.3f} {shown(agree.get(c))} {res['support'][c]:5d}  "
                     f"{'ipwatch' if m > k else 'keywords' if k > m else 'tie: ipwatch, keywords'}")
    lines.append(f"{'macro-F1':24s} {res['macro_model']:8.3f} {res['macro_keywords']:9.3f} {shown(readers.get('macro'))}        "
                 f"(ipwatch 95% CI {res['macro_model_ci95'][0]:.3f}-{res['macro_model_ci95'][1]:.3f}; "
                 f"gain over keywords {res['macro_gain_ci95'][0]:+.3f} to {res['macro_gain_ci95'][1]:+.3f})")
    if readers.get("texts"):
        lines.append(f"readers: F1 of one independent reading against the other on the {readers['texts']} texts of this "
                     "part read twice, the agreement the guide allows")
    lines.append(f"false alarms on texts stating no such matter ({res['negatives']}): ipwatch "
                 f"{res['false_alarms_model']:.1%}, keywords {res['false_alarms_keywords']:.1%}"
                 + (f", readers {readers['false_alarms']:.1%}" if readers.get("false_alarms") is not None else "")
                 + (f"; on plain news without finder words ({res['plain_news']}): {res['false_alarms_plain_news']:.1%}"
                    if res.get("plain_news") else ""))
    for src, v in (res.get("by_source") or {}).items():
        lines.append(f"  {src:8s} {v['texts']:4d} texts: micro-F1 {v['micro_f1']:.3f}, false alarms "
                     f"{v['false_alarms']:.1%} of {v['negatives']}")
    st = res.get("status") or {}
    if st.get("n"):
        lines.append(f"status of {st['n']} labelled matters: accuracy {st['accuracy']:.3f}; not-occurred kept out "
                     f"{st['not_occurred_caught']:.3f}; occurred kept {st['occurred_kept']:.3f}")
    return "\n".join(lines)
