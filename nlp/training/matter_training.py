"""Fit and measure the matter head (nlp/matters.py) on the annotated set `nlp/data/matters/`.

Choices (regularisation, thresholds) are made by cross-validation over the training part, folds
by source document; the development part checks them; the test part is only read by
`ipwatch evaluate` and `measure(..., "test")`, never by a choice. With a matter encoder beside the checkpoint
(nlp/encoder.py), the present thresholds are chosen on the fused score, the encoder's share read from its own
out-of-fold readings (`encoder/oof.npz`). A long module: fitting, cross-validation and measurement share rows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp.training.annotation import DATA_DIR
from nlp.training.corpora import fold_of as corpora_fold
from ipwatch.taxonomy import STATUSES
from nlp.cues import RISK_CUES
from nlp import statements
from nlp.matters import ENCODER_WEIGHT, MatterHead
from ipwatch.taxonomy import CODES

log = logging.getLogger(__name__)

# the matters the notice names, plus the three the issue adds: the codes the goal is measured on
STATUTORY = ["restructuring", "equity_change", "leadership_change", "major_public_opinion", "litigation",
             "administrative_penalty", "bankruptcy_closure", "dishonest_debtor", "regulatory_action"]
MIN_POSITIVES = 25          # a code with fewer annotated training texts keeps the older path (model + cues)
CS = [10.0, 30.0, 100.0]
STATUS_C = 30.0             # the status classifier's (5-fold CV over training matters: clause context, balanced)
OCCURRED_MINS = [round(float(t), 2) for t in np.arange(0.3, 0.81, 0.05)]
THRESHOLDS = [round(float(t), 2) for t in np.arange(0.2, 0.91, 0.05)]
PRESENT_THRESHOLDS = [round(float(t), 3) for t in np.arange(0.1, 0.91, 0.025)]
MAX_FEATURES = 12000       # vocabulary cap (CV: 40,000 -> 12,000 features changes nothing; keeps the head small)
# Annotation rounds read and kept in the set but not trained on. Round 6 (570 FinRE sentences: deals, stakes
# and appointments, all keyword hits) made the head worse on the development part it was meant to help:
# dev 0.742 -> 0.737, false alarms 0.206 -> 0.251, FinRE dev texts 0.718 -> 0.717 (its low-threshold
# positives pull the CV-chosen thresholds of restructuring, equity change and bankruptcy down). Its dev texts
# stay in dev, where they measure the head on FinRE wording. Rounds 13-17 (stops 35, 37) are held back until a
# refit with them wins: one gained out of fold inside the noise and broke two tests (docs/nlp-experiments.md).
HELD_BACK_ROUNDS = (6, 13, 14, 15, 16, 17)


def load(split: str, directory: Path = DATA_DIR) -> list[dict[str, Any]]:
    path = Path(directory) / f"{split}.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def template_rows(n_per_template: int = 2) -> list[dict[str, Any]]:
    """The project's own risk news (nlp/data/risk_templates.yaml, fictitious parties) as extra
    training rows: each stated type occurred, the whole text its evidence. They teach the registry
    and notice wording of the IP domain that the financial corpora lack; never evaluated on."""
    from nlp.training.synth import generate

    return [{"uid": f"template-{i}", "text": it["text"], "found_by": "template",
             "matters": [{"code": c, "status": "occurred", "evidence": [0, len(it["text"])]} for c in it["risk_types"]]}
            for i, it in enumerate(generate(n_per_template))]


def gold_occurred(row: dict[str, Any]) -> set[str]:
    return {m["code"] for m in row["matters"] if m["status"] == "occurred"}


def fold_of(row: dict[str, Any], folds: int) -> int:
    return corpora_fold(row["uid"], folds)


def best_threshold(scores: np.ndarray, positive: np.ndarray, candidates: Sequence[float]) -> tuple[float, float]:
    """(threshold, F1) with the best F1 of `scores >= threshold` against `positive`; ties go to the
    threshold nearest 0.5."""
    scored = []
    for t in candidates:
        pred = scores >= t
        tp = int((pred & positive).sum())
        fp = int((pred & ~positive).sum())
        fn = int((~pred & positive).sum())
        scored.append((2 * tp / (2 * tp + fp + fn) if tp else 0.0, -abs(t - 0.5), t))
    f1, _, t = max(scored)
    return t, f1


def sentence_examples(rows: Sequence[dict[str, Any]], codes: Sequence[str]) -> tuple[list[str], np.ndarray, list[int]]:
    """Every sentence of every row, multi-hot over `codes` (a sentence states a code when a labelled
    evidence span of it overlaps the sentence, whatever the status), and its row index."""
    texts, ys, rows_of = [], [], []
    for r_i, r in enumerate(rows):
        for s, e in statements.sentences(r["text"]) or [(0, len(r["text"]))]:
            y = np.zeros(len(codes), dtype=np.int8)
            for m in r["matters"]:
                a, b = m["evidence"]
                if m["code"] in codes and a < e and b > s:
                    y[codes.index(m["code"])] = 1
            texts.append(r["text"][s:e])
            ys.append(y)
            rows_of.append(r_i)
    return texts, np.array(ys), rows_of


def unmarked_mentions(rows: Sequence[dict[str, Any]], codes: Sequence[str], y: np.ndarray,
                      rows_of: Sequence[int]) -> np.ndarray:
    """Per sentence and code, 0 where the label is unknown, else 1. A reader marks one evidence per matter,
    so in a text that states a code, the code's other sentences are unmarked, not negatives: a run-on
    headline's second `…减持…` story, an article's second sentence about the same deal. Learned as
    negatives they taught the head that `减持` is no equity change (5-fold CV, stop 20: sentence detection
    0.832 -> 0.845; leaving out only those holding the code's finder words, 0.840)."""
    stated = np.array([[any(m["code"] == c for m in r["matters"]) for c in codes] for r in rows], dtype=bool)
    unknown = stated[np.asarray(rows_of, dtype=int)] & (y == 0) if len(rows_of) else np.zeros_like(y, dtype=bool)
    return np.where(unknown, 0.0, 1.0).astype(np.float32)


def status_examples(rows: Sequence[dict[str, Any]], codes: Sequence[str],
                    left: int | None = statements.STATUS_TRIGGER_LEFT) -> tuple[list[str], list[str], list[int]]:
    """(context text, code, status index) for each labelled matter: the clauses its evidence touches,
    cut as `statements.status_window` cuts them for a head trained with `left` (what `MatterHead` reads)."""
    ctx, cs, ys = [], [], []
    for r in rows:
        for m in r["matters"]:
            if m["code"] not in codes:
                continue
            a, b = m["evidence"]
            over = [(s, e) for s, e in statements.clauses(r["text"], 0, len(r["text"])) if a < e and b > s] or [(a, b)]
            s, e = over[0][0], over[-1][1]
            ctx.append(statements.status_window(r["text"], s, e, m["code"], left))
            cs.append(m["code"])
            ys.append(STATUSES.index(m["status"]))
    return ctx, cs, ys


def codes_with_data(rows: Sequence[dict[str, Any]]) -> list[str]:
    counts = {c: sum(any(m["code"] == c for m in r["matters"]) for r in rows) for c in CODES}
    return [c for c in CODES if counts[c] >= MIN_POSITIVES]


def fit(rows: Sequence[dict[str, Any]], c_value: float = 10.0, codes: Sequence[str] | None = None,
        thresholds: Sequence[float] | None = None, status_c: float = STATUS_C,
        occurred_min: float = 0.5, present_thresholds: Sequence[float] | None = None) -> MatterHead:
    """The head fitted on `rows` (thresholds 0.5 unless given)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    codes = list(codes or codes_with_data(rows))
    texts, y, rows_of = sentence_examples(rows, codes)
    weight = unmarked_mentions(rows, codes, y, rows_of)
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                          max_features=MAX_FEATURES, dtype=np.float32)
    vec.fit(texts)
    vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
    head = MatterHead(vocab=vocab, idf=vec.idf_.astype(np.float32), codes=codes,
                      coef=np.zeros((0, 0)), intercept=np.zeros(0), thresholds=np.zeros(0),
                      status_coef=np.zeros((0, 0)), status_intercept=np.zeros(0))
    x = head.features(texts)
    coef, icpt = [], []
    for k in range(len(codes)):
        lr = LogisticRegression(C=c_value, max_iter=2000, class_weight="balanced")
        lr.fit(x, y[:, k], sample_weight=weight[:, k])
        coef.append(lr.coef_[0])
        icpt.append(lr.intercept_[0])
    head.coef, head.intercept = np.array(coef, dtype=np.float32), np.array(icpt, dtype=np.float32)
    head.thresholds = np.array(thresholds if thresholds is not None else [0.5] * len(codes), dtype=np.float32)
    ctx, cs, ys = status_examples(rows, codes)
    xs = head.status_features(ctx, cs)
    present = sorted(set(ys))
    sc = np.full((len(STATUSES), xs.shape[1]), 0.0, dtype=np.float32)
    si = np.full(len(STATUSES), -30.0, dtype=np.float32)  # a status never labelled is never said
    if len(present) == 1:  # one status in the data: it is the only answer
        si[present[0]] = 0.0
    else:
        st = LogisticRegression(C=status_c, max_iter=3000, class_weight="balanced")
        st.fit(xs, ys)
        if len(present) == 2:  # sklearn's binary case: one row for the second class
            sc[present[1]], si[present[1]] = st.coef_[0], st.intercept_[0]
            si[present[0]] = 0.0
        else:
            for row, cls in enumerate(st.classes_):
                sc[cls], si[cls] = st.coef_[row], st.intercept_[row]
    head.status_coef, head.status_intercept, head.occurred_min = sc, si, float(occurred_min)
    # the document part: does the whole text state the code as occurred (CV: +0.02 macro fused)
    docs = [r["text"] for r in rows]
    xd = head.features(docs)
    dcoef, dicpt = [], []
    for code in codes:
        yd = np.array([int(code in gold_occurred(r)) for r in rows])
        if yd.min() == yd.max():
            dcoef.append(np.zeros(xd.shape[1]))
            dicpt.append(-30.0 if yd.max() == 0 else 30.0)
            continue
        lr = LogisticRegression(C=c_value, max_iter=3000, class_weight="balanced")
        lr.fit(xd, yd)
        dcoef.append(lr.coef_[0])
        dicpt.append(lr.intercept_[0])
    head.doc_coef, head.doc_intercept = np.array(dcoef, dtype=np.float32), np.array(dicpt, dtype=np.float32)
    head.present_thresholds = np.array(present_thresholds if present_thresholds is not None else [0.5] * len(codes),
                                       dtype=np.float32)
    head.meta = {"rows": len(rows), "sentences": len(texts), "C": c_value, "codes": codes,
                 "status_trigger_left": statements.STATUS_TRIGGER_LEFT,
                 "status_examples": {STATUSES[k]: int(sum(1 for v in ys if v == k)) for k in range(len(STATUSES))}}
    return head


def doc_scores(head: MatterHead, rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """Best sentence score per row and code (n_rows x codes)."""
    texts, _, rows_of = sentence_examples(rows, head.codes)
    p = head.sentence_scores(texts)
    out = np.zeros((len(rows), len(head.codes)), dtype=np.float32)
    np.maximum.at(out, np.array(rows_of), p)
    return out


def predict_occurred(head: MatterHead, rows: Sequence[dict[str, Any]]) -> list[set[str]]:
    """What `analyze` reports as present risk types: detected codes whose status is occurred."""
    found = head.detect_many([r["text"] for r in rows])
    return [{m["code"] for m in ms if m["status"] == "occurred"} for ms in found]


def keyword_baseline(rows: Sequence[dict[str, Any]]) -> list[set[str]]:
    """The code's own keywords alone (nlp/cues.RISK_CUES): a hit is a detection."""
    return [{c for c, rx in RISK_CUES.items() if rx.search(r["text"])} for r in rows]


def f1_per_code(gold: Sequence[set[str]], pred: Sequence[set[str]], codes: Sequence[str]) -> dict[str, dict[str, float]]:
    out = {}
    for c in codes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if c in g and c in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if c not in g and c in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if c in g and c not in p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
                  "support": tp + fn}
    return out


def false_alarm_rate(gold: Sequence[set[str]], pred: Sequence[set[str]], codes: Sequence[str]) -> tuple[float, int]:
    """Share of texts stating no occurred matter of `codes` where one is reported."""
    neg = [(g, p) for g, p in zip(gold, pred, strict=True) if not (g & set(codes))]
    return (sum(1 for _, p in neg if p & set(codes)) / len(neg) if neg else 0.0), len(neg)


def reader_agreement(rows: Sequence[dict[str, Any]], codes: Sequence[str],
                     directory: Path = DATA_DIR) -> dict[str, Any]:
    """The first reading scored against the second (F1 of occurred matters; false alarms where the second reads none)
    on the texts of `rows` read twice (`double_read.jsonl`): the agreement the guide allows, the scale for the head."""
    uids = {r["uid"] for r in rows}
    with open(Path(directory) / "double_read.jsonl", encoding="utf-8") as fh:
        pairs = [d for d in map(json.loads, fh) if d["uid"] in uids]
    first, second = ([{m["code"] for m in d[k] if m["status"] == "occurred"} for d in pairs] for k in ("first", "second"))
    f = f1_per_code(second, first, codes)
    per = {c: (round(v["f1"], 3) if v["support"] or any(c in a for a in first) else None) for c, v in f.items()}
    known = [v for v in per.values() if v is not None]
    fa, n_neg = false_alarm_rate(second, first, codes)
    return {"texts": len(pairs), "per_code": per, "macro": round(float(np.mean(known)), 3) if known else None,
            "false_alarms": round(fa, 3) if n_neg else None}


class OutOfFoldReadings:
    """The matter encoder's out-of-fold readings of the training part (`encoder/oof.npz`), looked up by text:
    each row read by the fold model that did not learn it, so a fold head fused with them is measured fairly."""

    def __init__(self, by_uid: dict[str, np.ndarray], codes: list[str], rows: Sequence[dict[str, Any]]):
        self.codes = codes
        self.by_text = {r["text"]: by_uid[r["uid"]] for r in rows if r["uid"] in by_uid}

    def probs(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self.by_text]
        if missing:
            raise KeyError(f"no out-of-fold encoder reading for {len(missing)} texts, e.g. {missing[0][:40]!r}")
        return np.stack([self.by_text[t] for t in texts]) if texts else np.zeros((0, len(self.codes)), np.float32)


def encoder_readings(directory: Path, rows: Sequence[dict[str, Any]]) -> OutOfFoldReadings | None:
    """The encoder's out-of-fold readings when `directory` holds an encoder that read every one of `rows`, else
    None: a training part grown since the encoder was fine-tuned is fitted without it (CPU-only training goes on)."""
    from nlp.encoder import DIRECTORY, oof_readings

    got = oof_readings(Path(directory) / DIRECTORY)
    if got is None:
        return None
    readings = OutOfFoldReadings(got[0], list(got[1]["codes"]), rows)
    unread = len({r["text"] for r in rows} - set(readings.by_text))
    if unread:
        log.warning("the matter encoder has no out-of-fold reading of %d training texts (fine-tune it again: "
                    "nlp/training/encoder_training.py); the head is fitted without it", unread)
        return None
    return readings


def out_of_fold(rows: Sequence[dict[str, Any]], folds: int, extra: Sequence[dict[str, Any]], c_value: float,
                codes: Sequence[str], encoder: OutOfFoldReadings | None = None
                ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[int]]:
    """Each row scored by a head fitted without its fold (folds by source document): best sentence
    scores and fused present scores (rows x codes), and the status probabilities of the labelled
    matters with their gold statuses. With `encoder`, the present score takes its share (ENCODER_WEIGHT)."""
    low = np.full(len(codes), min(PRESENT_THRESHOLDS), dtype=np.float32)
    sent = np.zeros((len(rows), len(codes)), dtype=np.float32)
    present = np.zeros((len(rows), len(codes)), dtype=np.float32)
    st_p: list[np.ndarray] = []
    st_y: list[int] = []
    for f in range(folds):
        tr = [r for r in rows if fold_of(r, folds) != f] + list(extra)
        te_idx = [i for i, r in enumerate(rows) if fold_of(r, folds) == f]
        head = fit(tr, c_value, codes)
        if encoder is not None:
            head.encoder, head.meta["encoder_weight"] = encoder, ENCODER_WEIGHT
        sent[te_idx] = doc_scores(head, [rows[i] for i in te_idx])
        for i, found in zip(te_idx, head.assess([rows[i]["text"] for i in te_idx], floor=low), strict=True):
            for k, a in found.items():
                present[i, k] = a["present"]
        ctx, cs, ys = status_examples([rows[i] for i in te_idx], codes)
        st_p.append(head.status_probs(ctx, cs))
        st_y += ys
    return sent, present, st_p, st_y


def cross_validate(rows: Sequence[dict[str, Any]], folds: int = 5,
                   extra: Sequence[dict[str, Any]] = (), encoder: OutOfFoldReadings | None = None) -> dict[str, Any]:
    """Out-of-fold scores for each C: the sentence thresholds by F1 of 'states the code' (any
    status), the P(occurred) bar by the status classifier's occurred-F1, and the present thresholds
    by F1 of 'the code occurred' on the fused score; C by the macro of that last F1 over the
    statutory codes (what `ipwatch evaluate` measures)."""
    best: dict[str, Any] = {}
    codes = codes_with_data(rows)
    gold_any = np.array([[int(any(m["code"] == c for m in r["matters"])) for c in codes] for r in rows])
    gold_occ = np.array([[int(c in gold_occurred(r)) for c in codes] for r in rows])
    for c_value in CS:
        sent, present, st_p, st_y = out_of_fold(rows, folds, extra, c_value, codes, encoder)
        ths = [best_threshold(sent[:, k], gold_any[:, k] == 1, THRESHOLDS)[0] for k in range(len(codes))]
        pres = [best_threshold(present[:, k], gold_occ[:, k] == 1, PRESENT_THRESHOLDS) for k in range(len(codes))]
        macro = float(np.mean([f for c, (_, f) in zip(codes, pres, strict=True) if c in STATUTORY]))
        occ_min, occ_f1 = occurred_threshold(np.concatenate(st_p), np.array(st_y))
        log.info("matters CV: C=%s macro-F1 of occurred matters (statutory) %.3f; status occurred-F1 %.3f at %.2f",
                 c_value, macro, occ_f1, occ_min)
        if not best or macro > best["macro"]:
            best = {"C": c_value, "thresholds": ths, "present_thresholds": [t for t, _ in pres], "codes": codes,
                    "macro": macro, "per_code": dict(zip(codes, [round(f, 3) for _, f in pres], strict=True)),
                    "occurred_min": occ_min, "occurred_f1": round(occ_f1, 3)}
    return best


def occurred_threshold(probs: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The P(occurred) bar with the best F1 of 'occurred' against the other statuses (out-of-fold)."""
    return best_threshold(probs[:, 0], gold == 0, OCCURRED_MINS)


def training_rows(directory: Path = DATA_DIR) -> list[dict[str, Any]]:
    """The training part the head is fitted on: every round but `HELD_BACK_ROUNDS`."""
    return [r for r in load("train", directory) if r.get("round", 1) not in HELD_BACK_ROUNDS]


def train(output: Path, folds: int = 5, directory: Path = DATA_DIR) -> MatterHead:
    """Choose C and thresholds by CV over the training part (less `HELD_BACK_ROUNDS`), fit on it, save
    beside the checkpoint."""
    rows = training_rows(directory)
    extra = template_rows()
    readings = encoder_readings(output, rows)
    cv = cross_validate(rows, folds, extra, readings)
    head = fit(list(rows) + extra, cv["C"], cv["codes"], cv["thresholds"], occurred_min=cv["occurred_min"],
               present_thresholds=cv["present_thresholds"])
    if readings is not None:
        from nlp.encoder import MatterEncoder

        head.encoder, head.meta["encoder_weight"] = MatterEncoder.load(output), ENCODER_WEIGHT
    head.meta["cv"] = {k: cv[k] for k in ("C", "macro", "per_code", "occurred_min", "occurred_f1")}
    head.meta["thresholds"] = dict(zip(cv["codes"], cv["thresholds"], strict=True))
    head.meta["present_thresholds"] = dict(zip(cv["codes"], cv["present_thresholds"], strict=True))
    dev = load("dev", directory)
    head.meta["dev"] = measure(head, dev)
    head.save(output)
    return head


def measure(head: MatterHead, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-code F1 of present (occurred) matters, model vs keywords; macro over the statutory codes
    that have gold rows; false alarms on texts with none."""
    gold = [gold_occurred(r) for r in rows]
    model, kw = predict_occurred(head, rows), keyword_baseline(rows)
    codes = [c for c in STATUTORY if any(c in g for g in gold)]
    pm, pk = f1_per_code(gold, model, codes), f1_per_code(gold, kw, codes)
    fa_m, n_neg = false_alarm_rate(gold, model, STATUTORY)
    fa_k, _ = false_alarm_rate(gold, kw, STATUTORY)
    plain_fa, n_plain = plain_news_false_alarms(rows, gold, model)
    return {"rows": len(rows), "codes": codes,
            "model": {c: round(v["f1"], 3) for c, v in pm.items()},
            "keywords": {c: round(v["f1"], 3) for c, v in pk.items()},
            "support": {c: v["support"] for c, v in pm.items()},
            "macro_model": round(float(np.mean([pm[c]["f1"] for c in codes])), 3) if codes else 0.0,
            "macro_keywords": round(float(np.mean([pk[c]["f1"] for c in codes])), 3) if codes else 0.0,
            "false_alarms_model": round(fa_m, 3), "false_alarms_keywords": round(fa_k, 3), "negatives": n_neg,
            "false_alarms_plain_news": plain_fa, "plain_news": n_plain, "by_source": by_source(rows, gold, model),
            "readers": reader_agreement(rows, codes)}


def plain_news_false_alarms(rows: Sequence[dict[str, Any]], gold: Sequence[set[str]],
                            pred: Sequence[set[str]]) -> tuple[float | None, int]:
    """Share of plain news texts (drawn with no finder word, `found_by` no_hit) that state no present
    statutory matter yet get one, and how many such texts there are. A reader can still find a matter in a
    no-hit text (a victim's post); a right answer there is no false alarm."""
    plain = [p for g, p, r in zip(gold, pred, rows, strict=True)
             if r.get("found_by") == "no_hit" and not g & set(STATUTORY)]
    if not plain:
        return None, 0
    return round(sum(1 for p in plain if p & set(STATUTORY)) / len(plain), 3), len(plain)


def by_source(rows: Sequence[dict[str, Any]], gold: Sequence[set[str]], pred: Sequence[set[str]]) -> dict[str, Any]:
    """Per source corpus: texts, micro-F1 of present statutory matters and false alarms. Why: news
    (FinNA, FinNL) and run-on headlines (FinESE) differ more than any two codes do."""
    out: dict[str, Any] = {}
    for src in sorted({r["source"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["source"] == src]
        g, p = [gold[i] & set(STATUTORY) for i in idx], [pred[i] & set(STATUTORY) for i in idx]
        tp = sum(len(a & b) for a, b in zip(g, p, strict=True))
        wrong = sum(len(a ^ b) for a, b in zip(g, p, strict=True))
        fa, neg = false_alarm_rate(g, p, STATUTORY)
        out[src.split("/")[-2] if "/" in src else src] = {
            "texts": len(idx), "micro_f1": round(2 * tp / (2 * tp + wrong), 3) if tp + wrong else 0.0,
            "false_alarms": round(fa, 3), "negatives": neg}
    return out


def status_accuracy(head: MatterHead, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Status of each labelled matter as read from its gold evidence sentence (confusion by status)."""
    ctx, cs, ys = status_examples(rows, head.codes, head.trigger_left)
    if not ctx:
        return {"n": 0}
    pred = head.status_probs(ctx, cs).argmax(1)
    conf: dict[str, dict[str, int]] = {s: {t: 0 for t in STATUSES} for s in STATUSES}
    for y, p in zip(ys, pred, strict=True):
        conf[STATUSES[y]][STATUSES[int(p)]] += 1
    occ = STATUSES.index("occurred")
    tp = sum(1 for y, p in zip(ys, pred, strict=True) if y == occ and p == occ)
    fp = sum(1 for y, p in zip(ys, pred, strict=True) if y != occ and p == occ)
    fn = sum(1 for y, p in zip(ys, pred, strict=True) if y == occ and p != occ)
    return {"n": len(ys), "accuracy": round(float(np.mean(np.array(ys) == pred)), 3),
            "not_occurred_caught": round(1 - fp / max(1, sum(1 for y in ys if y != occ)), 3),
            "occurred_kept": round(tp / max(1, tp + fn), 3), "confusion": conf}

