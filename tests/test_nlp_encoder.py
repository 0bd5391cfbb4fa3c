"""The matter and posts encoders (nlp/encoder.py): what they read, how the head and the model fuse them, and what a
broken one says."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "ipwatch-zh-risk"

needs_encoder = pytest.mark.skipif(not (MODEL / "encoder" / "config.json").exists(), reason="shipped encoder missing")
needs_posts_encoder = pytest.mark.skipif(not (MODEL / "posts_encoder" / "config.json").exists(),
                                         reason="shipped posts encoder missing")


@contextlib.contextmanager
def texts_read_by(reader):
    """The texts a real encoder is asked to read inside the block (it still reads them)."""
    asked: list[str] = []
    real = reader.probs

    def counting(texts):
        asked.extend(texts)
        return real(texts)
    reader.probs = counting
    try:
        yield asked
    finally:
        del reader.probs


@pytest.fixture(scope="module")
def encoder():
    from nlp.encoder import MatterEncoder

    return MatterEncoder.load(MODEL)


@needs_encoder
def test_the_encoder_reads_a_stated_matter_as_occurred_and_plain_news_as_none(encoder):
    codes = encoder.codes
    p = encoder.probs(["公司董事长张三因个人原因辞去董事长职务，辞职后不再担任公司任何职务。",
                       "某公司因虚假陈述被证监会处以罚款60万元。",
                       "今天北京天气晴朗，市民纷纷到公园散步赏秋。"])
    assert p.shape == (3, len(codes))
    assert p[0, codes.index("leadership_change")] > 0.5
    assert p[1, codes.index("administrative_penalty")] > 0.5
    assert p[2].max() < 0.5


@needs_encoder
def test_a_long_text_is_cut_not_refused_and_characters_it_does_not_keep_read_as_unknown(encoder):
    p = encoder.probs(["𠮷" * 10 + "公司董事长辞职。" * 200, ""])
    assert p.shape == (2, len(encoder.codes)) and np.isfinite(p).all()


@needs_encoder
def test_the_shipped_head_asks_the_encoder_only_where_the_fused_score_could_reach_its_threshold():
    from nlp.matters import MatterHead

    head = MatterHead.load(MODEL)
    assert head.encoder is not None and head.encoder_weight > 0
    with texts_read_by(head.encoder) as asked:
        found = head.detect_many(["今天北京天气晴朗，市民纷纷到公园散步赏秋。",
                                  "华信公司总经理李四因个人原因辞职，董事会已接受其辞呈。"])
    assert found[0] == []
    assert [m["code"] for m in found[1] if m["status"] == "occurred"] == ["leadership_change"]
    assert asked and all("天气" not in t for t in asked)


@needs_encoder
def test_a_head_whose_thresholds_need_the_encoder_refuses_a_checkpoint_without_it(tmp_path):
    from ipwatch.errors import ConfigError
    from nlp.matters import FILE, MatterHead

    shutil.copy(MODEL / FILE, tmp_path / FILE)
    with pytest.raises(ConfigError) as err:
        MatterHead.load(tmp_path)
    assert "encoder" in str(err.value)


@needs_encoder
def test_a_damaged_encoder_is_refused_naming_its_directory(tmp_path):
    from ipwatch.errors import ConfigError
    from nlp.encoder import DIRECTORY, MatterEncoder

    shutil.copytree(MODEL / DIRECTORY, tmp_path / DIRECTORY)
    (tmp_path / DIRECTORY / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ConfigError) as err:
        MatterEncoder.load(tmp_path)
    assert DIRECTORY in str(err.value)
    assert MatterEncoder.load(tmp_path / "nowhere") is None


def test_the_fused_threshold_choice_reads_each_training_row_from_the_fold_model_that_did_not_learn_it(tmp_path):
    import json

    from nlp.encoder import DIRECTORY
    from nlp.training.matter_training import OutOfFoldReadings, encoder_readings

    rows = [{"uid": "a", "text": "甲"}, {"uid": "b", "text": "乙"}]
    assert encoder_readings(tmp_path, rows) is None
    (tmp_path / DIRECTORY).mkdir()
    (tmp_path / DIRECTORY / "config.json").write_text(json.dumps({"codes": ["litigation"]}))
    np.savez(tmp_path / DIRECTORY / "oof.npz", uid=np.array(["a"]), probs=np.array([[0.75]], dtype=np.float16))
    assert encoder_readings(tmp_path, rows) is None        # 乙 was never read: the head is fitted without the encoder
    readings = encoder_readings(tmp_path, rows[:1])
    assert isinstance(readings, OutOfFoldReadings)
    assert readings.probs(["甲"]).tolist() == [[0.75]]
    with pytest.raises(KeyError, match="no out-of-fold encoder reading"):
        readings.probs(["乙"])


@needs_encoder
def test_with_the_encoder_the_head_reads_a_takeover_told_as_its_result_and_no_appointment_in_a_board_list():
    """Two development texts the head alone read wrong (docs/nlp-experiments.md, stop 39)."""
    from nlp.matters import MatterHead

    head = MatterHead.load(MODEL)
    found = head.detect_many(["两次收购之后,路翔股份全资控股融达锂业。",
                              "中国国际货运航空董事会有七位董事,其中四位由中国国航委任,三位由国泰航空委任。"])
    occurred = [{m["code"] for m in ms if m["status"] == "occurred"} for ms in found]
    assert "restructuring" in occurred[0]
    assert "leadership_change" not in occurred[1]


@pytest.fixture(scope="module")
def analyzer():
    from ipwatch.watchlist import load_watchlist
    from nlp.analyzer import Analyzer

    return Analyzer(MODEL, load_watchlist(ROOT / "config" / "watchlist.yaml"), batch_size=16)


@needs_posts_encoder
def test_a_post_that_scorns_a_rise_is_negative_with_the_posts_encoder_and_was_positive_without_it(analyzer):
    """The lexical posts expert reads 涨 and calls it positive; the encoder reads the scorn (stop 40)."""
    post = {"id": "post", "title": "", "text": "业绩这么差还敢涨？"}
    assert analyzer.post_reader is not None and analyzer.post_reader.weight == 0.5
    assert analyzer.analyze([post])[0]["sentiment"] == "negative"
    reader, analyzer.post_reader = analyzer.post_reader, None
    try:
        assert analyzer.analyze([post])[0]["sentiment"] == "positive"
    finally:
        analyzer.post_reader = reader


@needs_posts_encoder
def test_the_posts_encoder_is_asked_for_posts_only_not_for_news(analyzer):
    with texts_read_by(analyzer.post_reader) as asked:
        res = analyzer.analyze([
            {"id": "news", "title": "北京市市场监督管理局行政处罚决定书",
             "text": "当事人北京华信知识产权代理有限公司在代理专利申请业务中进行虚假宣传，本局决定对当事人罚款人民币20万元。"},
            {"id": "post", "title": "", "text": "割肉了，再也不碰这只票"}])
    assert asked == ["割肉了，再也不碰这只票"]
    assert res[1]["sentiment"] == "negative"


@needs_posts_encoder
@pytest.mark.parametrize("config", ["{not json", '{"sentiments": ["negative", "neutral", "positive"], "hidden": 256, '
                                    '"layers": 4, "heads": 8, "intermediate": 2048, "max_positions": 512}'])
def test_a_damaged_posts_encoder_is_refused_at_load_naming_its_directory(tmp_path, config):
    """Broken JSON, or weights that do not fit the network the config describes: refused when the checkpoint is
    loaded, though the weights themselves are read only when the first post comes."""
    from ipwatch.errors import ConfigError
    from nlp.encoder import POSTS_DIRECTORY, PostEncoder

    shutil.copytree(MODEL / POSTS_DIRECTORY, tmp_path / POSTS_DIRECTORY)
    (tmp_path / POSTS_DIRECTORY / "config.json").write_text(config)
    with pytest.raises(ConfigError) as err:
        PostEncoder.load(tmp_path)
    assert POSTS_DIRECTORY in str(err.value) and "posts encoder" in str(err.value)
    assert PostEncoder.load(tmp_path / "nowhere") is None
