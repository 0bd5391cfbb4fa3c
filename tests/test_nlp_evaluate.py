"""The figures `ipwatch evaluate` prints: how a subject is picked and scored, and how the table names
the best system (a tie is never reported as a win)."""

from __future__ import annotations

from nlp.training.evaluate import format_table
from nlp.training.metrics import subject_accuracy, subject_ranking


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
