"""The annotated matter set (nlp/data/matters): readers' files checked line by line, agreement, splits by
source document with provenance, held-back rounds, double and third readings."""

from __future__ import annotations

import json
from collections import Counter
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


def test_a_round_drawn_by_the_head_is_rebuilt_from_its_list_not_drawn_again():
    """Round 14 was chosen by the shipped head's uncertainty; a later head would choose other texts, so the
    set keeps the round as a list of windows and rebuilds exactly the texts the readers read."""
    from nlp.training.candidates import ROUND_14, listed

    units = listed(ROUND_14)
    assert len(units) > 500 and all(u["found_by"].startswith("uncertain:") for u in units)
    assert all(annotation.group_of(u["text"]) == u["uid"] for u in units)   # the very window that was read
    split = {r["uid"]: (name, r) for name in ("train", "dev", "test") for r in load(name)}
    assert {split[u["uid"]][0] for u in units} == {"train", "dev"}          # never the test part
    rounds = Counter(split[u["uid"]][1]["round"] for u in units)
    assert rounds[14] == len(units) - 1 and rounds[3] == 1   # one window repeats a round-3 text: it keeps round 3
    assert all(split[u["uid"]][1]["text"] == u["text"] for u in units if split[u["uid"]][1]["round"] == 14)


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


def test_the_readers_column_is_one_reading_scored_against_the_other(tmp_path):
    """`ipwatch evaluate` shows how far two independent readings agree per code (the scale the head's F1
    is read on): a code both readings mark alike scores 1, one they split on 0, one neither marks no figure."""
    from nlp.training.matter_training import reader_agreement

    def m(code, status="occurred"):
        return {"code": code, "status": status, "evidence": [0, 2]}
    pairs = [{"uid": "a", "sample": True, "first": [m("litigation")], "second": [m("litigation")], "third": None},
             {"uid": "b", "sample": True, "first": [m("restructuring")], "second": [m("restructuring", "planned")],
              "third": None},
             {"uid": "z", "sample": True, "first": [m("fraud")], "second": [], "third": None}]
    (tmp_path / "double_read.jsonl").write_text("\n".join(json.dumps(p) for p in pairs), encoding="utf-8")
    got = reader_agreement([{"uid": "a"}, {"uid": "b"}], ["litigation", "restructuring", "bankruptcy_closure"],
                           directory=tmp_path)
    assert got["texts"] == 2                      # "z" is not in these rows
    assert got["per_code"] == {"litigation": 1.0, "restructuring": 0.0, "bankruptcy_closure": None}
    assert got["macro"] == 0.5
    assert got["false_alarms"] == 1.0             # "b": the second reading has no occurred matter, the first one


def test_the_model_card_puts_the_readers_beside_the_head(tmp_path):
    """The card's development table shows, per code, what one reader scores against the other next to the head."""
    from nlp.training.card import write_matters_section

    dev = {"rows": 3, "codes": ["litigation", "fraud"], "model": {"litigation": 0.8, "fraud": 0.5},
           "keywords": {"litigation": 0.6, "fraud": 0.4}, "support": {"litigation": 2, "fraud": 1},
           "macro_model": 0.65, "macro_keywords": 0.5, "false_alarms_model": 0.1, "false_alarms_keywords": 0.2,
           "readers": {"texts": 3, "per_code": {"litigation": 0.9, "fraud": None}, "macro": 0.9, "false_alarms": 0.05}}
    write_matters_section(tmp_path, {"codes": dev["codes"], "dev": dev, "cv": {"C": 30, "macro": 0.7}})
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| code | ipwatch | keywords | readers | gold |" in card
    assert "| `litigation` | 0.800 | 0.600 | 0.900 | 2 |" in card
    assert "| `fraud` | 0.500 | 0.400 | - | 1 |" in card
    assert "readers 0.9" in card and "readers 0.05" in card


def test_a_question_the_guide_decided_later_replaces_only_its_codes_readings(tmp_path):
    """docs/annotation.md, "Decided at stop 38": the texts with a decided wording are read again for the
    question's codes; the settled re-reading replaces those codes' labels and leaves every other code's."""
    units = {"u1": {"text": "某厂因环保问题被责令停产整顿，董事长辞职。"}}
    (tmp_path / annotation.REVISIONS_FILE).write_text(json.dumps([{"name": "q", "wording": "停产",
        "codes": ["bankruptcy_closure", "administrative_penalty"]}]), encoding="utf-8")

    def reading(which, matters):
        (tmp_path / f"revision-q-{which}.jsonl").write_text(
            json.dumps({"uid": "u1", "matters": matters}, ensure_ascii=False) + "\n", encoding="utf-8")
    penalty = {"code": "administrative_penalty", "status": "occurred", "evidence": "被责令停产整顿"}
    reading("first", [penalty])
    reading("second", [])
    reading("third", [penalty, {"code": "leadership_change", "status": "occurred", "evidence": "董事长辞职"}])
    revisions, problems = annotation.revision_readings(tmp_path, units)
    assert len(problems) == 1 and "leadership_change is not a code of this question" in problems[0]
    before = [{"code": "bankruptcy_closure", "status": "occurred", "evidence": [0, 9]},
              {"code": "leadership_change", "status": "occurred", "evidence": [16, 21]}]
    after = annotation.revised("u1", before, revisions)
    assert {(m["code"], m["status"]) for m in after} == {("administrative_penalty", "occurred"),
                                                          ("leadership_change", "occurred")}
    assert annotation.revised("u1", before, revisions, "second") == before[1:]   # the second reading saw none
    assert annotation.revised("other", before, revisions) == before


def test_every_text_with_a_decided_wording_is_read_again_and_twice_where_it_measures():
    """Every text of the set with a decided question's wording carries its re-reading, and the development
    and test texts among them were read again twice, so the figures rest on two readings of the decided guide."""
    import re

    questions = json.loads((DATA / "readings" / annotation.REVISIONS_FILE).read_text(encoding="utf-8"))
    assert {q["name"] for q in questions} == {"tingchan", "xiezhu", "zhongzhi", "paolu", "laoban"}
    double = {d["uid"] for d in map(json.loads, (DATA / "double_read.jsonl").read_text(encoding="utf-8").splitlines())}
    for q in questions:
        rx = re.compile(q["wording"])
        seconds = {json.loads(line)["uid"] for line in
                   (DATA / "readings" / f"revision-{q['name']}-second.jsonl").read_text(encoding="utf-8").splitlines()}
        for name in ("train", "dev", "test"):
            rows = [r for r in load(name) if rx.search(r["text"]) and q.get("source", "") in r["source"]]
            assert all("revision" in r["read_by"] for r in rows), (q["name"], name)
            if name != "train":
                assert {r["uid"] for r in rows} <= seconds & double, (q["name"], name)
    summary = json.loads((DATA / "summary.json").read_text(encoding="utf-8"))
    assert all(rv["texts"] and rv["read_twice"] for rv in summary["revision"].values())
