"""The figures `ipwatch evaluate` prints: how a subject is picked and scored, and how the table names
the best system (a tie is never reported as a win)."""

from __future__ import annotations

from pathlib import Path

from nlp.training.evaluate import format_table
from nlp.training.metrics import subject_accuracy, subject_ranking

ROOT = Path(__file__).resolve().parents[1]


def test_subject_accuracy_counts_texts_with_a_known_subject_and_two_candidates():
    groups = ["a", "a", "b", "b", "c", "d", "d"]
    gold = [1, 0, 0, 1, 1, None, None]  # c has one candidate, d no known subject: neither counts
    scores = [0.9, 0.1, 0.7, 0.2, 0.5, 0.3, 0.4]
    assert subject_accuracy(groups, groups, gold, scores) == 0.5  # a right, b wrong


def test_a_tied_top_score_goes_to_the_entity_listed_first_not_to_the_gold_one():
    assert subject_accuracy(["a", "a"], ["x", "y"], [0, 1], [0.5, 0.5]) == 0.0
    assert subject_accuracy(["a", "a"], ["x", "y"], [1, 0], [0.5, 0.5]) == 1.0


def test_negative_news_is_ranked_by_the_ranker_other_news_by_the_subject_head():
    groups = ["neg", "neg", "calm", "calm"]
    neg = [0.8, 0.3, 0.2, 0.1]
    subj = [0.1, 0.9, 0.3, 0.6]
    ranked = [0.2, 0.7, 5.0, -5.0]
    out = subject_ranking(groups, neg, subj, threshold=0.5, ranked=ranked)
    assert list(out) == [0.2, 0.7, 0.3, 0.6]
    assert list(subject_ranking(groups, neg, subj, threshold=0.5)) == [0.8, 0.3, 0.3, 0.6]


def test_the_table_reports_a_tie_as_a_tie():
    row = {"sentiment_macro_f1": 0.7, "entity_negative_f1": 0.8, "risk_macro_f1": 0.6}
    res = {"ipwatch": {**row, "subject_accuracy": 177 / 195}, "tfidf_lr": {**row, "subject_accuracy": 177 / 195},
           "snownlp": {k: 0.1 for k in (*row, "subject_accuracy")}}
    res["ipwatch"]["sentiment_macro_f1"] = 0.75
    lines = {ln.split("  ")[0]: ln for ln in format_table(res).splitlines()}
    assert lines["sentiment macro-F1 (FinFE)"].endswith("ipwatch")
    assert lines["subject accuracy (FinNSP)"].endswith("tie: ipwatch, tfidf_lr")


def test_the_gain_over_the_baseline_comes_with_a_paired_interval_and_noise_is_called_noise():
    import numpy as np

    from nlp.training.evaluate import format_table
    from nlp.training.metrics import paired_ci

    gold = np.array([i % 2 for i in range(400)])
    better = gold.copy()
    better[:20] = 1 - better[:20]            # 95 % right
    worse = gold.copy()
    worse[:120] = 1 - worse[:120]            # 70 % right
    lo, hi = paired_ci(lambda i: float(np.mean(better[i] == gold[i])), lambda i: float(np.mean(worse[i] == gold[i])),
                       len(gold))
    assert 0.15 < lo < 0.25 < hi < 0.35
    same = paired_ci(lambda i: float(np.mean(better[i] == gold[i])), lambda i: float(np.mean(better[i] == gold[i])),
                     len(gold))
    assert same == [0.0, 0.0]
    res = {s: {"sentiment_macro_f1": v, "entity_negative_f1": v, "risk_macro_f1": v, "subject_accuracy": v}
           for s, v in (("ipwatch", 0.75), ("tfidf_lr", 0.74), ("snownlp", 0.4))}
    res["gain_ci95"] = {"sentiment_macro_f1": [-0.01, 0.03], "entity_negative_f1": [0.02, 0.06]}
    table = format_table(res)
    assert "(-0.010 to +0.030, within the noise)" in table and "(+0.020 to +0.060)" in table


def test_sentiment_cross_validation_compares_every_candidate_with_the_shipped_recipe_fold_by_fold():
    from nlp.training.sentiment_cv import WITH_ENCODER, cross_validate, format_cv

    res = cross_validate(folds=3, limit=900, boot=200, model_path=ROOT / "models" / "ipwatch-zh-risk")
    SHIPPED = res["shipped"]
    assert res["rows"] == 900 and SHIPPED == WITH_ENCODER   # the shipped posts encoder's readings join the expert
    assert len(res["candidates"]) == 5
    for name, c in res["candidates"].items():
        assert len(c["per_fold"]) == 3 and 0.3 < c["macro_f1"] < 1.0, name  # above chance on real posts
        lo, hi = c["vs_shipped_ci95"]
        assert lo <= hi
        if name == SHIPPED:
            assert lo == hi == 0.0
    table = format_cv(res).splitlines()
    assert "3-fold" in table[0] and "900 FinFE posts" in table[0]
    verdicts = [ln for ln in table[2:] if not ln.startswith(SHIPPED)]
    assert len(verdicts) == 4 and all("the noise" in ln for ln in verdicts)


def test_a_candidate_is_called_better_only_when_its_whole_interval_is_above_zero():
    from nlp.training.sentiment_cv import SHIPPED, format_cv

    def cand(ci):
        return {"macro_f1": 0.75, "per_fold": [0.75, 0.75], "vs_shipped_ci95": ci}
    res = {"rows": 10, "folds": 2, "shipped": SHIPPED,
           "candidates": {SHIPPED: cand([0.0, 0.0]), "a": cand([0.001, 0.01]), "b": cand([-0.002, 0.01]),
                          "c": cand([-0.02, -0.001])}}
    lines = {ln.split(" ")[0]: ln for ln in format_cv(res).splitlines()[2:]}
    assert lines["a"].endswith("better beyond the noise")
    assert lines["b"].endswith("within the noise")
    assert lines["c"].endswith("worse beyond the noise")


def test_subject_through_analyze_reads_real_negative_news_with_the_matcher_in_the_loop():
    from nlp.training.pipeline_eval import format_subject, subject_through_analyze

    res = subject_through_analyze(ROOT / "models" / "ipwatch-zh-risk", "dev", boot=100, limit=40)
    assert 20 <= res["texts"] <= 40
    assert res["accuracy"] >= 0.8  # the shipped model on real texts it was not trained on
    assert res["right"] + res["no_subject"] <= res["texts"]  # a text without a subject is never right
    lo, hi = res["ci95"]
    assert lo <= res["accuracy"] <= hi
    assert f"{res['right']} right" in format_subject(res)
