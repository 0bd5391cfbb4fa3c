"""The name prior (nlp/names.py): what a candidate's name alone says, stored in config.json."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp import names, subject

PARTIES = ["小资钱包", "石头理财", "海象理财", "壹佰金融", "鑫聚财富", "钱满仓理财", "投融金融信息服务有限公司",
           "善林金融", "唐小僧理财", "联璧金融"]
BYSTANDERS = ["小资钱包官网", "头条", "点赞", "区块链项目", "中国银行", "招商银行", "新浪新闻", "石头理财官网",
              "人民公安报", "工商银行"]


def fitted() -> names.NamePrior:
    cfg = names.fit(PARTIES + BYSTANDERS, [1] * len(PARTIES) + [0] * len(BYSTANDERS), buckets=1024)
    return names.NamePrior(json.loads(json.dumps(cfg)))  # as read back from config.json


def test_name_prior_learns_name_shapes_and_reads_back_from_json():
    prior = fitted()
    unseen = prior.scores(["星辰理财", "星辰理财官网", "建设银行"])
    assert unseen[0] > unseen[1] and unseen[0] > unseen[2], unseen
    assert prior.negative_weight == 0.0  # tuned later by nlp.training.lexical; until then it moves nothing
    assert names.NamePrior(None).scores(["星辰理财"]).tolist() == [0.0]


def test_a_damaged_prior_is_refused_with_its_name():
    cfg = names.fit(PARTIES + BYSTANDERS, [1] * len(PARTIES) + [0] * len(BYSTANDERS), buckets=1024)
    cfg["buckets"] = 2048
    with pytest.raises(ValueError, match="name_prior"):
        names.NamePrior(cfg)


def test_the_prior_moves_negative_scores_only_between_candidates_of_one_text():
    """A party-like name gains on the bystander beside it; a text naming one entity is left alone
    however party-like its name (the prior says who, not whether)."""
    neg, prior = np.array([0.3, 0.5, 0.7, 0.4]), np.array([2.0, -2.0, 0.0, 6.0])
    groups = ["a", "a", "a", "b"]
    assert names.adjust_negative(neg, prior, 0.0, groups).tolist() == neg.tolist()
    moved = names.adjust_negative(neg, prior, 0.5, groups)
    assert moved[0] > 0.3 and moved[1] < 0.5 and moved[2] == pytest.approx(0.7)
    assert moved[3] == pytest.approx(0.4)
    assert names.adjust_negative([0.4], [6.0], 0.5)[0] == pytest.approx(0.4)


def test_a_ranker_fitted_before_the_prior_existed_still_scores():
    """Checkpoints whose `subject_ranker` names seven features ignore the name prior."""
    old = {"features": list(subject.FEATURES[:-1]), "weights": [1, 0, 0, 0, -2, 0, 0], "bias": 0.0}
    text = "小资钱包涉嫌非法集资被立案侦查。"
    a = subject.example_features(text, "小资钱包", [], 0.8, 0.5, prior=5.0)
    b = subject.example_features(text, "小资钱包", [], 0.8, 0.5, prior=-5.0)
    assert subject.score(old, a) == subject.score(old, b)
    new = {"features": list(subject.FEATURES), "weights": [1, 0, 0, 0, -2, 0, 0, 1.0], "bias": 0.0}
    assert subject.score(new, a) > subject.score(new, b)
