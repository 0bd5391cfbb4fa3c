"""The annotated matter set (`nlp/data/matters/`): how readers' labels are checked and merged, their
agreement, and the command line of the whole process (candidates are drawn by `candidates.py`).

Keyword hits only *find* candidates (docs/annotation.md); every label comes from reading the text.

    python -m nlp.training.annotation pool      # round-1 candidates -> var/annotation/pool.jsonl + shards
    python -m nlp.training.annotation pool2 … pool17  # a later round appended (ROUND_*), 6 new shards
                                                  # (rounds 14-17: the shipped head draws the texts it is least sure
                                                  # of and lists them in readings/roundN.json, rebuilt from the list)
    python -m nlp.training.annotation check FILE                 # a reader's file: bad lines by number
    python -m nlp.training.annotation disagreements OUT.jsonl    # texts whose two readings differ, for a third
    python -m nlp.training.recheck pool OUT.jsonl [N]          # training texts the head disputes, read again
    python -m nlp.training.annotation revision NAME OUT.jsonl  # a question the guide decided later (readings/
                                                               # revisions.json): its texts, read again for its codes
    python -m nlp.training.annotation merge     # readings/ -> nlp/data/matters/{train,dev,test}.jsonl, summary
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from ipwatch.settings import load_settings
from ipwatch.taxonomy import CODES, STATUSES
from nlp.training.candidates import (DATA_DIR, LATER_ROUNDS, READINGS_DIR, ROUND_2, WORK_DIR, append_round,
                                     draw_listed, group_of, listed, pool, split_of, test_sources, texts_by_row,
                                     write_shards)
from nlp.training.corpora import read_jsonl

__all__ = ["DATA_DIR", "READINGS_DIR", "WORK_DIR", "group_of", "split_of", "check_labels", "kappa", "agreement",
           "merge", "disagreements", "all_units", "RECHECK_FILE", "recheck_selection", "rechecked_uids", "readings",
           "REVISIONS_FILE", "revision_readings", "revised", "main"]


def check_labels(path: Path, units: dict[str, dict]) -> tuple[dict[str, list[dict]], list[str]]:
    """A reader's file -> {uid: matters with spans}, and the problems found (line-numbered)."""
    out, problems = {}, []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            uid = row["uid"]
            text = units[uid]["text"]
            matters = []
            for m in row.get("matters") or []:
                if m["code"] not in CODES:
                    raise ValueError(f"unknown code {m['code']!r}")
                if m["status"] not in STATUSES:
                    raise ValueError(f"unknown status {m['status']!r}")
                ev = m["evidence"]
                at = text.find(ev)
                if not ev or at < 0:
                    raise ValueError(f"evidence {ev!r} is not in the text")
                matters.append({"code": m["code"], "status": m["status"], "evidence": [at, at + len(ev)]})
            out[uid] = matters
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{path.name}:{n}: {exc}")
    return out, problems


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two readers' yes/no decisions (None when both always agree on one answer)."""
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def agreement(first: dict[str, list[dict]], second: dict[str, list[dict]]) -> dict[str, dict]:
    """Per code: kappa on 'states an occurred matter of this code', on 'states it (any status)',
    and how many of the double-read texts either reader marked."""
    uids = sorted(set(first) & set(second))
    out = {}
    for code in CODES:
        occ_a = [any(m["code"] == code and m["status"] == "occurred" for m in first[u]) for u in uids]
        occ_b = [any(m["code"] == code and m["status"] == "occurred" for m in second[u]) for u in uids]
        any_a = [any(m["code"] == code for m in first[u]) for u in uids]
        any_b = [any(m["code"] == code for m in second[u]) for u in uids]
        if not (any(any_a) or any(any_b)):
            continue
        k_occ, k_any = kappa(occ_a, occ_b), kappa(any_a, any_b)
        out[code] = {"kappa_occurred": None if k_occ is None else round(k_occ, 3),
                     "kappa_any": None if k_any is None else round(k_any, 3),
                     "marked_by_either": sum(x or y for x, y in zip(any_a, any_b, strict=True)), "texts": len(uids)}
    return out


def merge(out_dir: Path = DATA_DIR, directory: Path = READINGS_DIR) -> dict:
    """Readers' files -> train/dev/test JSONL (split by source document), the double readings and
    summary.json (counts, agreement on the random sample and on the test part). A third reading
    (`third-*.jsonl`) settles texts whose two readings differ; otherwise the first reading stands."""
    units, first, second = readings(directory)
    readers = {uid: path.stem.replace("labels-", "reader-") for path in sorted(directory.glob("labels-*.jsonl"))
               for uid in check_labels(path, units)[0]}
    problems = [p for pattern in ("labels-*.jsonl", "second-*.jsonl", "third-*.jsonl")
                for path in sorted(directory.glob(pattern)) for p in check_labels(path, units)[1]]
    revisions, bad = revision_readings(directory, units)
    problems += bad
    adjudicated: dict[str, list[dict]] = {}
    for path in sorted(directory.glob("third-*.jsonl")):
        adjudicated.update(check_labels(path, units)[0])
    sample = set(json.loads((directory / "sample.json").read_text(encoding="utf-8")))
    selection = recheck_selection(directory)
    rechecked = {d["uid"] for d in selection} & set(second)
    # the development part's texts read once were all read again (`second-v*`), as the test part's were (`second-t*`)
    dev_full = {u for path in sorted(directory.glob("second-v*.jsonl")) for u in check_labels(path, units)[0]}
    chosen = rechecked | dev_full   # read again for a reason of their own: not a round's random sample

    def changed(uids: set[str]) -> int:
        """Texts whose settled reading differs from the first."""
        return sum(1 for u in uids if u in adjudicated and
                   {(m["code"], m["status"]) for m in adjudicated[u]} != {(m["code"], m["status"]) for m in first[u]})
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for uid in sorted(first):
        u = units[uid]
        settled = adjudicated.get(uid)  # else the first reading (which the second agrees with, if any)
        row = {"uid": uid, "source": u["source"], "source_id": u["source_id"], "offset": u["offset"],
               "found_by": u["found_by"], "round": u.get("round", 1), "text": u["text"],
               "matters": revised(uid, settled if settled is not None else first[uid], revisions),
               "read_by": [readers[uid]] + (["second"] if uid in second else []) + (["third"] if uid in adjudicated else [])
               + (["revision"] if any(uid in rv["first"] for rv in revisions) else [])}
        parts[split_of(uid, row["round"])].append(row)
    for name, rows in parts.items():
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    both = sorted(set(first) & set(second))
    with open(out_dir / "double_read.jsonl", "w", encoding="utf-8") as fh:
        for uid in both:
            pair = {"first": first[uid], "second": second[uid], "third": adjudicated.get(uid)}
            # a decided question whose codes were read twice again: both readings of those codes are the re-readings
            again = [rv for rv in revisions if uid in rv["second"]]
            if again:
                third = pair["third"] or (first[uid] if any(uid in rv["third"] for rv in again) else None)
                pair = {"first": revised(uid, first[uid], again, "first"),
                        "second": revised(uid, second[uid], again, "second"),
                        "third": None if third is None else revised(uid, third, again)}
            fh.write(json.dumps({"uid": uid, "sample": uid in sample, **pair}, ensure_ascii=False) + "\n")
    test_uids = {r["uid"] for r in parts["test"]}
    dev_uids = {r["uid"] for r in parts["dev"]}
    counts = {name: {c: sum(any(m["code"] == c for m in r["matters"]) for r in rows) for c in CODES}
              for name, rows in parts.items()}
    summary = {"rows": {k: len(v) for k, v in parts.items()},
               "double_read": {"random_sample": len(sample & set(both)), "test_part": len(test_uids & set(both)),
                               "dev_part": len(dev_uids & set(both)),
                               "all": len(both)},
               "adjudicated": len(adjudicated),
               "agreement": agreement({u: first[u] for u in sample if u in second}, second),
               "agreement_test_part": agreement({u: first[u] for u in test_uids if u in second}, second),
               "agreement_dev_part": agreement({u: first[u] for u in dev_uids if u in second}, second),
               "dev_part_changed": changed(dev_full),
               "agreement_by_round": {str(cfg["round_no"]): agreement(
                   {u: first[u] for u in both if units[u].get("round") == cfg["round_no"] and u not in chosen}, second)
                   for cfg in LATER_ROUNDS if any(units[u].get("round") == cfg["round_no"] and u not in chosen for u in both)},
               # the re-read texts were chosen for the head's disagreement with them: their agreement says how
               # often a single reading of such a text is wrong, not how well readers agree in general
               "recheck": {"texts": len(rechecked),
                           "whole_rounds": sorted({d["round"] for d in selection if "round" in d}),
                           "changed": changed(rechecked),
                           "agreement": agreement({u: first[u] for u in rechecked}, second)},
               "revision": {rv["name"]: {
                   "codes": sorted(rv["codes"]), "texts": len(rv["first"]), "read_twice": len(rv["second"]),
                   "settled_by_third": len(rv["third"]),
                   "changed": sum(1 for u in rv["first"] if u in units and
                                  {(m["code"], m["status"]) for m in revised(u, [], [rv])} !=
                                  {(m["code"], m["status"]) for m in (adjudicated.get(u) or first.get(u, []))
                                   if m["code"] in rv["codes"]}),
                   "agreement": {c: v for c, v in agreement({u: rv["first"][u] for u in rv["second"]},
                                                            rv["second"]).items() if c in rv["codes"]}}
                   for rv in revisions},
               "positives": counts,
               "occurred": {name: {c: sum(any(m["code"] == c and m["status"] == "occurred" for m in r["matters"])
                                         for r in rows) for c in CODES} for name, rows in parts.items()},
               "problems": problems}
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def disagreements(first: dict[str, list[dict]], second: dict[str, list[dict]], units: dict[str, dict]) -> list[dict]:
    """Texts whose two readings differ in (code, status): what the third reader settles."""
    out = []
    for uid in sorted(set(first) & set(second)):
        a = {(m["code"], m["status"]) for m in first[uid]}
        b = {(m["code"], m["status"]) for m in second[uid]}
        if a != b:
            text = units[uid]["text"]

            def show(ms: list[dict]) -> list[dict]:
                return [{"code": m["code"], "status": m["status"], "evidence": text[m["evidence"][0]:m["evidence"][1]]}
                        for m in ms]
            out.append({"uid": uid, "text": text, "reading_a": show(first[uid]), "reading_b": show(second[uid])})
    return out


RECHECK_FILE = "recheck.json"   # in READINGS_DIR: the training texts chosen to be read again, pass by pass
REVISIONS_FILE = "revisions.json"   # in READINGS_DIR: questions the guide decided later, each re-read for its codes


def revision_readings(directory: Path, units: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """The questions the guide decided after their texts were read (docs/annotation.md, "Decided at stop 38"):
    per question its codes and the readings of them (`revision-NAME-first/second/third.jsonl`: every text
    with the wording read again by the decided guide, a sample and the development and test texts a second
    time, a third reading where the two differ). A reading that names another code is a problem."""
    path = directory / REVISIONS_FILE
    out, problems = [], []
    for q in json.loads(path.read_text(encoding="utf-8")) if path.exists() else []:
        rv = {"name": q["name"], "codes": set(q["codes"])}
        for which in ("first", "second", "third"):
            f = directory / f"revision-{q['name']}-{which}.jsonl"
            got, bad = check_labels(f, units) if f.exists() else ({}, [])
            problems += bad + [f"{f.name}: {u}: {m['code']} is not a code of this question"
                               for u, ms in got.items() for m in ms if m["code"] not in rv["codes"]]
            rv[which] = {u: [m for m in ms if m["code"] in rv["codes"]] for u, ms in got.items()}
        out.append(rv)
    return out, problems


def revised(uid: str, matters: list[dict], revisions: list[dict], which: str = "settled") -> list[dict]:
    """`matters` with each decided question's codes replaced by its re-reading (`which`: first, second, or
    settled, the third reading where there is one, else the first); other codes keep their reading."""
    for rv in revisions:
        reading = rv["first"].get(uid) if which == "settled" else rv[which].get(uid)
        reading = rv["third"].get(uid, reading) if which == "settled" else reading
        if reading is not None:
            matters = [m for m in matters if m["code"] not in rv["codes"]] + reading
    return matters


def recheck_selection(directory: Path = READINGS_DIR) -> list[dict]:
    """The training texts chosen for a second reading, pass by pass (`nlp/training/recheck.py`: the head
    disputed their first reading, or their round, held back from training, was read again in full: `round`);
    their second readings are `second-c*`…`-f*`."""
    path = directory / RECHECK_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def rechecked_uids(directory: Path = READINGS_DIR) -> set[str]:
    return {d["uid"] for d in recheck_selection(directory)}


def all_units() -> dict[str, dict]:
    """Every candidate unit of every round: the pool file when there is one, else rebuilt from
    ../shared (the draw is deterministic)."""
    path = WORK_DIR / "pool.jsonl"
    if path.exists():
        units = read_jsonl(path)
    else:
        units = pool()
        units += pool(exclude={u["uid"] for u in units}, **ROUND_2)
        texts = texts_by_row()
        for cfg in LATER_ROUNDS:
            units += listed(cfg, texts) if "listed" in cfg else \
                pool(exclude={u["uid"] for u in units}, exclude_sources=test_sources(units), **cfg)
    first: dict[str, dict] = {}
    for u in units:              # a text a later round drew again (the same words in another row) keeps its round
        first.setdefault(u["uid"], u)
    return first


def readings(directory: Path = READINGS_DIR) -> tuple[dict[str, dict], dict[str, list[dict]], dict[str, list[dict]]]:
    """Pool units, first readings and second readings, as checked."""
    units = all_units()
    first: dict[str, list[dict]] = {}
    for path in sorted(directory.glob("labels-*.jsonl")):
        first.update(check_labels(path, units)[0])
    second: dict[str, list[dict]] = {}
    for path in sorted(directory.glob("second-*.jsonl")):
        second.update(check_labels(path, units)[0])
    return units, first, second


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "pool"
    if cmd == "pool":
        units = pool()
        write_shards(units)
        print(f"{len(units)} units", Counter(u["found_by"] for u in units))
        return 0
    rounds = {f"pool{cfg['round_no']}": cfg for cfg in (ROUND_2, *LATER_ROUNDS)}
    if cmd in rounds:
        if "listed" in rounds[cmd] and not (READINGS_DIR / rounds[cmd]["listed"]).exists():
            settings = load_settings()   # an uncertainty round: drawn once by the configured head, then kept
            draw_listed(rounds[cmd], settings.path(settings.nlp.model_path))
        units = append_round(rounds[cmd])
        print(f"{len(units)} units", Counter(u["found_by"] for u in units))
        return 0
    if cmd == "check":
        got, problems = check_labels(Path(argv[1]), all_units())
        print(f"{len(got)} labelled rows; {len(problems)} problems")
        for p in problems[:50]:
            print(p)
        return 1 if problems else 0
    if cmd == "disagreements":
        units, first, second = readings()
        done = set()
        for path in READINGS_DIR.glob("third-*.jsonl"):
            done |= set(check_labels(path, units)[0])
        rows = [d for d in disagreements(first, second, units) if d["uid"] not in done]
        with open(argv[1], "w", encoding="utf-8") as fh:
            for d in rows:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"{len(rows)} texts where the readings differ (not yet settled)")
        return 0
    if cmd == "revision":   # the texts of a question the guide decided later, to be read again for its codes
        q = next(q for q in json.loads((READINGS_DIR / REVISIONS_FILE).read_text(encoding="utf-8")) if q["name"] == argv[1])
        rx = re.compile(q["wording"])
        rows = [r for part in ("train", "dev", "test") for r in read_jsonl(DATA_DIR / f"{part}.jsonl")
                if rx.search(r["text"]) and q.get("source", "") in r["source"]]
        with open(argv[2], "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"uid": r["uid"], "codes": q["codes"], "text": r["text"]}, ensure_ascii=False) + "\n")
        print(f"{len(rows)} texts with {q['wording']!r}")
        return 0
    if cmd == "merge":
        summary = merge()
        print(json.dumps({k: summary[k] for k in ("rows", "double_read", "adjudicated")}, ensure_ascii=False))
        print("recheck", {k: summary["recheck"][k] for k in ("texts", "changed")})
        for name, agree in [("agreement", summary["agreement"]), ("agreement_test_part", summary["agreement_test_part"]),
                            ("agreement_dev_part", summary["agreement_dev_part"]),
                            ("recheck", summary["recheck"]["agreement"])] + \
                [(f"round {k}", v) for k, v in summary["agreement_by_round"].items()]:
            print(name, {c: v["kappa_occurred"] for c, v in agree.items()})
        for name, rv in summary["revision"].items():
            print("revision", name, {k: rv[k] for k in ("texts", "read_twice", "settled_by_third", "changed")},
                  {c: v["kappa_occurred"] for c, v in rv["agreement"].items()})
        for p in summary["problems"][:20]:
            print(p)
        return 0
    raise SystemExit(f"unknown command {cmd!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
