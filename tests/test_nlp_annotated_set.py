"""The annotated matter set (nlp/data/matters): readers' files checked line by line, agreement, splits by
source document with provenance, held-back rounds, double and third readings."""

from __future__ import annotations

import json
from pathlib import Path

from nlp.training import annotation
from nlp.training.matter_training import STATUTORY, load

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "ipwatch-zh-risk"
DATA = ROOT / "nlp" / "data" / "matters"


def test_a_readers_file_with_a_bad_line_is_reported_by_line_and_the_good_lines_kept(tmp_path):
    units = {"u1": {"text": "张三辞去公司总经理职务。"}, "u2": {"text": "公司拟减持股份。"}}
    path = tmp_path / "labels-9.jsonl"
    path.write_text("\n".join([
        json.dumps({"uid": "u1", "matters": [{"code": "leadership_change", "status": "occurred",
                                              "evidence": "张三辞去公司总经理职务"}]}, ensure_ascii=False),
        json.dumps({"uid": "u2", "matters": [{"code": "equity_change", "status": "planned",
                                              "evidence": "拟减持股票"}]}, ensure_ascii=False),
        json.dumps({"uid": "u2", "matters": [{"code": "sell_off", "status": "planned", "evidence": "拟减持"}]}),
    ]) + "\n", encoding="utf-8")
    got, problems = annotation.check_labels(path, units)
    assert got == {"u1": [{"code": "leadership_change", "status": "occurred", "evidence": [0, 11]}]}
    assert len(problems) == 2
    assert problems[0].startswith("labels-9.jsonl:2:") and "not in the text" in problems[0]
    assert problems[1].startswith("labels-9.jsonl:3:") and "sell_off" in problems[1]


def test_kappa_is_one_for_full_agreement_and_zero_for_chance():
    assert annotation.kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert annotation.kappa([True, True, False, False], [True, False, True, False]) == 0.0
    assert annotation.kappa([True] * 4, [True] * 4) is None


def test_the_shipped_set_is_split_by_source_document_and_keeps_provenance():
    parts = {name: load(name) for name in ("train", "dev", "test")}
    seen: dict[str, str] = {}
    for name, rows in parts.items():
        assert rows, name
        for r in rows:
            key = annotation.group_of(r["text"])
            assert seen.setdefault(key, name) == name, f"{r['uid']} in {seen[key]} and {name}"
            assert r["source"].startswith("data/") and r["source_id"] and r["read_by"]
            for m in r["matters"]:
                s, e = m["evidence"]
                assert 0 <= s < e <= len(r["text"])
    # every statutory code has gold present matters in the test part, so each is measured
    test_codes = {m["code"] for r in parts["test"] for m in r["matters"] if m["status"] == "occurred"}
    assert set(STATUTORY) - {"dishonest_debtor"} <= test_codes


def test_a_held_back_round_stays_in_the_set_and_out_of_the_heads_training(tmp_path):
    from nlp.training.matter_training import HELD_BACK_ROUNDS, training_rows

    rows = load("train")
    assert any(r["round"] in HELD_BACK_ROUNDS for r in rows)          # read and kept
    kept = training_rows()
    assert kept and not any(r["round"] in HELD_BACK_ROUNDS for r in kept)
    if (MODEL / "matters.npz").exists():  # the shipped head was fitted on exactly these (+ the templates)
        from nlp.matters import MatterHead
        from nlp.training.matter_training import template_rows

        assert len(kept) + len(template_rows()) == MatterHead.load(MODEL).meta["rows"]
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:50] + [
        {**rows[0], "uid": "held", "round": HELD_BACK_ROUNDS[0]}]), encoding="utf-8")
    assert "held" not in {r["uid"] for r in training_rows(tmp_path)}


def test_the_development_and_test_parts_are_read_twice_in_full():
    """Every figure `ipwatch evaluate` and `ipwatch train` report rests on texts two readers read
    independently (a third settled where they differed), not on one reader's labels."""
    for name in ("dev", "test"):
        once = [r["uid"] for r in load(name) if len(r["read_by"]) < 2]
        assert not once, f"{name}: {len(once)} texts read once, e.g. {once[:3]}"


def test_only_training_texts_are_chosen_to_be_read_again_and_a_third_reading_settles_them():
    """nlp/training/recheck.py: the head only chooses which training texts are read again; where the
    blind second reading differs from the first, a third reading decides, never the model."""
    chosen = annotation.rechecked_uids(DATA / "readings")
    assert chosen
    split = {r["uid"]: name for name in ("train", "dev", "test") for r in load(name)}
    assert {split[u] for u in chosen} == {"train"}
    double = {d["uid"]: d for d in map(json.loads, (DATA / "double_read.jsonl").read_text(encoding="utf-8").splitlines())}
    assert chosen <= set(double)   # a pass is finished: every text it chose was read again
    differ = [u for u in chosen
              if {(m["code"], m["status"]) for m in double[u]["first"]} != {(m["code"], m["status"]) for m in double[u]["second"]}]
    assert differ and all(double[u]["third"] is not None for u in differ)
    summary = json.loads((DATA / "summary.json").read_text(encoding="utf-8"))
    assert summary["recheck"]["texts"] == len(chosen)
    assert 0 < summary["recheck"]["changed"] <= len(differ)
