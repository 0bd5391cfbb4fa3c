"""The annotated matter set (`nlp/data/matters/`): how candidates were found, how readers' labels
are checked and merged, agreement, and the split by source document.

Keyword hits only *find* candidates (docs/annotation.md); every label comes from reading the text.

    python -m nlp.training.annotation pool      # round-1 candidates -> var/annotation/pool.jsonl + reader shards
    python -m nlp.training.annotation pool2|pool3|pool4   # a later round appended (ROUND_*), 6 new shards
    python -m nlp.training.annotation check FILE                 # a reader's file: bad lines by number
    python -m nlp.training.annotation disagreements OUT.jsonl    # texts whose two readings differ, for a third
    python -m nlp.training.annotation merge     # readings/ -> nlp/data/matters/{train,dev,test}.jsonl, summary
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from ipwatch.settings import PROJECT_ROOT
from nlp.training.corpora import read_jsonl, shared_dir
from ipwatch.taxonomy import CODES, FINDERS, STATUSES

DATA_DIR = PROJECT_ROOT / "nlp" / "data" / "matters"
READINGS_DIR = DATA_DIR / "readings"          # the readers' files as they wrote them (uid + matters, no text)
WORK_DIR = PROJECT_ROOT / "var" / "annotation"  # pool and reader shards (rebuilt from ../shared on demand)
# round 2: more hedged, denied and historical mentions; 3: more of every code, half hedged; 4: mostly plain
# statements. Rounds 3 and 4 train and develop only: the test part stays the 910 texts read twice.
ROUND_2 = {"per_code": 180, "random_negatives": 150, "seed": 2027, "hard_share": 0.6, "round_no": 2}
ROUND_3 = {"per_code": 130, "random_negatives": 120, "seed": 2028, "hard_share": 0.5, "round_no": 3}
ROUND_4 = {"per_code": 150, "random_negatives": 100, "seed": 2029, "hard_share": 0.3, "round_no": 4}
LATER_ROUNDS = (ROUND_3, ROUND_4)
TEST_ROUNDS = (1, 2)
MAX_UNIT = 300          # characters a reader sees; longer texts are cut to the sentences around the hit
SOURCES = {"finna": "finna/news.jsonl", "finnl": "finnl/train.jsonl", "finese": "finese/train.jsonl",
           "finnsp": "finnsp/train.jsonl", "finre": "finre/train.jsonl"}

HARD = r"拟|计划|筹划|将|预计|或将|传闻|否认|不存在|没有|未|并非|澄清|辟谣|曾|此前|年前|终止|取消"
BOILERPLATE = r"不存在(任何)?虚假记载|误导性陈述或(者)?重大遗漏"
_SENT_END = re.compile(r"[。！？!?；;\n]")


def group_of(text: str) -> str:
    """Source-document key: the same text in two files (FinRE repeats headlines) is one document."""
    return hashlib.sha1(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def split_of(group: str, round_no: int = 1) -> str:
    """train / dev / test by source document (test: a quarter, never tuned on). Texts of later
    rounds that hash into the test part train instead: the test part stays fixed."""
    b = int(group, 16) % 20
    if b < 5:
        return "test" if round_no in TEST_ROUNDS else "train"
    return "dev" if b < 7 else "train"


def window(text: str, pos: int, limit: int = MAX_UNIT) -> tuple[int, int]:
    """[start, end) of whole sentences around `pos`, at most `limit` characters."""
    if len(text) <= limit:
        return 0, len(text)
    bounds = [0] + [m.end() for m in _SENT_END.finditer(text)] + [len(text)]
    bounds = sorted(set(bounds))
    i = max(k for k, b in enumerate(bounds) if b <= pos)
    s, e = bounds[i], bounds[min(i + 1, len(bounds) - 1)]
    lo, hi = i, min(i + 1, len(bounds) - 1)
    while True:
        grew = False
        if hi + 1 < len(bounds) and bounds[hi + 1] - s <= limit:
            hi += 1
            e = bounds[hi]
            grew = True
        if lo - 1 >= 0 and e - bounds[lo - 1] <= limit:
            lo -= 1
            s = bounds[lo]
            grew = True
        if not grew:
            break
    if e - s > limit:  # one long sentence: a window around the hit
        s = max(0, min(pos - limit // 3, len(text) - limit))
        e = s + limit
    return s, e


def source_texts() -> Iterable[tuple[str, str, str]]:
    """(source file, row id, text) of every distinct text in the shared files read for the pool."""
    for name, rel in SOURCES.items():
        seen = set()
        for r in read_jsonl(shared_dir() / rel):
            text = r["text"]
            if name in ("finna", "finnsp") and r.get("title") and r["title"] not in text:
                text = r["title"] + "。" + text if name == "finnsp" else text
            text = text.strip()
            if len(text) < 12 or text in seen:
                continue
            seen.add(text)
            yield name, r["id"], text


def pool(per_code: int = 250, random_negatives: int = 200, seed: int = 2026, hard_share: float = 1 / 3,
         exclude: set[str] | None = None, round_no: int = 1,
         exclude_sources: set[tuple[str, str]] | None = None) -> list[dict]:
    """Candidate units: for each statutory code `per_code` keyword hits (no source over half,
    `hard_share` of them with hedging/denial/history words), every dishonest-debtor hit, announcement
    boilerplate, and texts with no finder hit at all (for the false-alarm rate). Units in `exclude`
    (an earlier round's) are skipped, and so is any text of a source row in `exclude_sources`
    ((file, id) of the test part: another window of it would leak into training)."""
    rng = random.Random(seed)
    rows = [r for r in source_texts() if (f"data/{SOURCES[r[0]]}", r[1]) not in (exclude_sources or set())]
    rng.shuffle(rows)
    chosen: dict[str, dict] = {}
    exclude = exclude or set()

    def add(src: str, rid: str, text: str, pos: int, why: str) -> None:
        s, e = window(text, pos)
        unit = text[s:e]
        key = group_of(unit)
        if key in chosen or key in exclude:
            return
        chosen[key] = {"uid": key, "source": f"data/{SOURCES[src]}", "source_id": rid, "offset": s,
                       "text": unit, "found_by": why, "round": round_no}

    for code, rx in FINDERS.items():
        finder = re.compile(rx)
        hits = [(src, rid, t, m.start()) for src, rid, t in rows if (m := finder.search(t))]
        hard = [h for h in hits if re.search(HARD, h[2][max(0, h[3] - 30):h[3] + 30])]
        easy = [h for h in hits if h not in hard]
        want = len(hits) if code == "dishonest_debtor" else per_code
        cap = Counter()
        picked = 0
        for group, share in ((hard, int(want * hard_share)), (easy, want)):
            n = 0
            for src, rid, t, pos in group:
                if picked >= want or n >= share:
                    break
                if cap[src] >= max(want // 2, 40) and code != "dishonest_debtor":
                    continue
                before = len(chosen)
                add(src, rid, t, pos, code)
                if len(chosen) > before:
                    cap[src] += 1
                    picked += 1
                    n += 1
    boiler = re.compile(BOILERPLATE)
    for src, rid, t, m in [(s, r, t, m) for s, r, t in rows if (m := boiler.search(t))][:40]:
        add(src, rid, t, m.start(), "boilerplate")
    any_finder = re.compile("|".join(FINDERS.values()))
    n = 0
    for src, rid, t in rows:
        if n >= random_negatives:
            break
        if src in ("finna", "finnl", "finnsp") and not any_finder.search(t):
            before = len(chosen)
            add(src, rid, t, 0, "no_hit")
            n += len(chosen) - before
    return list(chosen.values())


def write_shards(units: list[dict], readers: int = 6, double: int = 300, seed: int = 7) -> None:
    """Reader shards and a double-read sample (random, each sample unit read by a second reader
    who did not get it in a first-reading shard)."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units = sorted(units, key=lambda u: u["uid"])
    rng.shuffle(units)
    with open(WORK_DIR / "pool.jsonl", "w", encoding="utf-8") as fh:
        for u in units:
            fh.write(json.dumps(u, ensure_ascii=False) + "\n")
    shards: dict[int, list[dict]] = defaultdict(list)
    for i, u in enumerate(units):
        shards[i % readers].append(u)
    for k, us in shards.items():
        with open(WORK_DIR / f"shard-{k}.jsonl", "w", encoding="utf-8") as fh:
            for u in us:
                fh.write(json.dumps({"uid": u["uid"], "text": u["text"]}, ensure_ascii=False) + "\n")
    sample = rng.sample(units, double)
    READINGS_DIR.mkdir(parents=True, exist_ok=True)
    (READINGS_DIR / "sample.json").write_text(json.dumps(sorted(u["uid"] for u in sample)), encoding="utf-8")
    for half in (0, 1):
        with open(WORK_DIR / f"double-{half}.jsonl", "w", encoding="utf-8") as fh:
            for u in sample[half::2]:
                fh.write(json.dumps({"uid": u["uid"], "text": u["text"]}, ensure_ascii=False) + "\n")


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
    adjudicated: dict[str, list[dict]] = {}
    for path in sorted(directory.glob("third-*.jsonl")):
        adjudicated.update(check_labels(path, units)[0])
    sample = set(json.loads((directory / "sample.json").read_text(encoding="utf-8")))
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for uid in sorted(first):
        u = units[uid]
        settled = adjudicated.get(uid)  # else the first reading (which the second agrees with, if any)
        row = {"uid": uid, "source": u["source"], "source_id": u["source_id"], "offset": u["offset"],
               "found_by": u["found_by"], "round": u.get("round", 1), "text": u["text"],
               "matters": settled if settled is not None else first[uid],
               "read_by": [readers[uid]] + (["second"] if uid in second else []) + (["third"] if uid in adjudicated else [])}
        parts[split_of(uid, row["round"])].append(row)
    for name, rows in parts.items():
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    both = sorted(set(first) & set(second))
    with open(out_dir / "double_read.jsonl", "w", encoding="utf-8") as fh:
        for uid in both:
            fh.write(json.dumps({"uid": uid, "sample": uid in sample, "first": first[uid], "second": second[uid],
                                 "third": adjudicated.get(uid)}, ensure_ascii=False) + "\n")
    test_uids = {r["uid"] for r in parts["test"]}
    counts = {name: {c: sum(any(m["code"] == c for m in r["matters"]) for r in rows) for c in CODES}
              for name, rows in parts.items()}
    summary = {"rows": {k: len(v) for k, v in parts.items()},
               "double_read": {"random_sample": len(sample & set(both)), "test_part": len(test_uids & set(both)),
                               "all": len(both)},
               "adjudicated": len(adjudicated),
               "agreement": agreement({u: first[u] for u in sample if u in second}, second),
               "agreement_test_part": agreement({u: first[u] for u in test_uids if u in second}, second),
               "agreement_round_3": agreement({u: first[u] for u in both if units[u].get("round") == 3}, second),
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


def all_units() -> dict[str, dict]:
    """Every candidate unit of both rounds: the pool file when there is one, else rebuilt from
    ../shared (the draw is deterministic)."""
    path = WORK_DIR / "pool.jsonl"
    if path.exists():
        return {u["uid"]: u for u in read_jsonl(path)}
    first = pool()
    second = pool(exclude={u["uid"] for u in first}, **ROUND_2)
    units = first + second
    for cfg in LATER_ROUNDS:
        units += pool(exclude={u["uid"] for u in units}, exclude_sources=test_sources(units), **cfg)
    return {u["uid"]: u for u in units}


def test_sources(units: list[dict]) -> set[tuple[str, str]]:
    """(file, id) of every source row with a text in the test part."""
    return {(u["source"], u["source_id"]) for u in units if split_of(u["uid"], u.get("round", 1)) == "test"}


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


def append_round(cfg: dict, readers: int = 6) -> list[dict]:
    """A later round's units appended to the pool (none of an earlier round's, no other window of a
    test text) and cut into `readers` new shards numbered after round 1's and the earlier rounds'."""
    old = read_jsonl(WORK_DIR / "pool.jsonl")
    units = pool(exclude={u["uid"] for u in old}, exclude_sources=test_sources(old) if cfg in LATER_ROUNDS else None, **cfg)
    with open(WORK_DIR / "pool.jsonl", "a", encoding="utf-8") as fh:
        for u in units:
            fh.write(json.dumps(u, ensure_ascii=False) + "\n")
    rng = random.Random(6 + cfg["round_no"])
    rng.shuffle(units)
    first = readers * (cfg["round_no"] - 1)
    for k in range(readers):
        with open(WORK_DIR / f"shard-{first + k}.jsonl", "w", encoding="utf-8") as fh:
            for u in units[k::readers]:
                fh.write(json.dumps({"uid": u["uid"], "text": u["text"]}, ensure_ascii=False) + "\n")
    return units


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "pool"
    if cmd == "pool":
        units = pool()
        write_shards(units)
        print(f"{len(units)} units", Counter(u["found_by"] for u in units))
        return 0
    if cmd in ("pool2", "pool3", "pool4"):
        units = append_round({"pool2": ROUND_2, "pool3": ROUND_3, "pool4": ROUND_4}[cmd])
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
    if cmd == "merge":
        summary = merge()
        print(json.dumps({k: summary[k] for k in ("rows", "double_read", "adjudicated")}, ensure_ascii=False))
        for name in ("agreement", "agreement_test_part", "agreement_round_3"):
            print(name, {c: v["kappa_occurred"] for c, v in summary[name].items()})
        for p in summary["problems"][:20]:
            print(p)
        return 0
    raise SystemExit(f"unknown command {cmd!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
