"""Candidate texts for the annotated matter set: drawn from the shared corpora by broad finder words
(a hit proposes a text, it never labels one), cut to what a reader sees, split by source document, and
shared out to readers. `nlp/training/annotation.py` checks and merges what they wrote.
Rounds 14-17 are uncertainty samples: the shipped head picks them, so their list is kept beside the readings
(`readings/roundN.json`) and the round is rebuilt from it, not drawn again by a head that may have changed.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ipwatch.settings import PROJECT_ROOT
from ipwatch.taxonomy import FINDERS
from nlp.training.corpora import read_jsonl, shared_dir

if TYPE_CHECKING:
    from nlp.matters import MatterHead

DATA_DIR = PROJECT_ROOT / "nlp" / "data" / "matters"
READINGS_DIR = DATA_DIR / "readings"          # the readers' files as they wrote them (uid + matters, no text)
WORK_DIR = PROJECT_ROOT / "var" / "annotation"  # pool and reader shards (rebuilt from ../shared on demand)
# round 2: more hedged, denied and historical mentions; 3: more of every code, half hedged; 4 and 5: mostly
# plain statements; 6: FinRE sentences only (company-to-company deals, stakes and disputes told in one
# sentence: the source the head read worst, dev micro-F1 0.61 against 0.73-0.82 elsewhere). Rounds 3-12
# train and develop only: the test part stays the 910 texts read twice.
ROUND_2 = {"per_code": 180, "random_negatives": 150, "seed": 2027, "hard_share": 0.6, "round_no": 2}
ROUND_3 = {"per_code": 130, "random_negatives": 120, "seed": 2028, "hard_share": 0.5, "round_no": 3}
ROUND_4 = {"per_code": 150, "random_negatives": 100, "seed": 2029, "hard_share": 0.3, "round_no": 4}
ROUND_5 = {"per_code": 150, "random_negatives": 60, "seed": 2030, "hard_share": 0.3, "round_no": 5}
ROUND_6 = {"per_code": 200, "random_negatives": 0, "seed": 2031, "hard_share": 0.3, "round_no": 6,
           "sources": ("finre",)}
# 7: the wordings the head missed in plain statements and the corpora gave few of: pledges, freezes,
# judicial auctions and stake transfers (11 pledge sentences among 5,022 training texts), lawsuits,
# appointments, closures; every dishonest-debtor hit left
ROUND_7 = {"per_code": 0, "random_negatives": 0, "seed": 2032, "hard_share": 0.3, "round_no": 7, "targets": {
    "equity_change": (r"质押|冻结|司法拍卖|拍卖.{0,8}股|股权转让|股份转让|协议转让|出售.{0,12}股[权份]|购得|"
                      r"买入.{0,10}股|划转|举牌|易主", 200),
    "litigation": (r"起诉|诉讼|仲裁|判决|一审|二审|被告|原告|开庭", 100),
    "leadership_change": (r"聘任|任命|接任|出任|当选|免职|罢免|去世|病逝|留置|被带走|辞职|辞去", 80),
    "bankruptcy_closure": (r"破产|清算|注销|歇业|停业|倒闭|关停|解散", 80),
    "restructuring": (r"收购|并购|重组|吸收合并|借壳|资产置换", 60),
    "administrative_penalty": (r"罚款|处罚|罚单|没收|吊销", 40),
    "regulatory_action": (r"约谈|监管函|警示函|问询函|关注函|责令|通报批评|公开谴责|纪律处分", 40),
    "dishonest_debtor": (FINDERS["dishonest_debtor"], 0)}}
# 8: texts drawn at random, whatever words they hold, mostly FinESE's run-on risk headlines (nearly half the
# test part, and the source of most false alarms): the matters as the sources tell them, plans and denials included
ROUND_8 = {"per_code": 0, "random_negatives": 0, "seed": 2033, "hard_share": 0.3, "round_no": 8, "targets": {},
           "random_any": {"finese": 600, "finnsp": 150, "finnl": 75, "finna": 75}}
ROUND_9 = {**ROUND_8, "seed": 2034, "round_no": 9}
ROUND_10 = {**ROUND_8, "seed": 2035, "round_no": 10, "random_any": {"finese": 700, "finnsp": 200}}
# 11: the news wordings left (FinNA, FinNL finder hits: deals, stakes, appointments) and more FinESE at random
ROUND_11 = {"per_code": 80, "random_negatives": 0, "seed": 2036, "hard_share": 0.3, "round_no": 11,
            "sources": ("finna", "finnl"), "random_any": {"finese": 450}}
# 12: news about regulators' and police work (campaigns, inspections, figures): the head read such news as a
# matter though it often names no organisation (docs/annotation.md: no label), and more FinNA at random
ROUND_12 = {"per_code": 0, "random_negatives": 0, "seed": 2037, "hard_share": 0.3, "round_no": 12,
            "sources": ("finna", "finnl"), "random_any": {"finna": 100}, "targets": {
                "regulatory_action": (r"查处|执法|整治|专项行动|抽检|排查|监督检查|通报|约谈|整改|处罚|罚款|立案", 200)}}
# 13 (stop 35): more of what the head is measured on, since out of fold it still gains with every text read (on
# 1/4, 1/2, 3/4 and all of the training folds: 0.763, 0.797, 0.810, 0.829): FinESE and FinNSP at random, and the
# codes that gain most from data (restructuring, bankruptcy, regulatory action) by their words in the news sources
ROUND_13 = {"per_code": 0, "random_negatives": 0, "seed": 2038, "hard_share": 0.3, "round_no": 13,
            "sources": ("finese", "finnsp", "finna", "finnl"), "random_any": {"finese": 600, "finnsp": 150}, "targets": {
                "restructuring": (r"重组|并购|收购|借壳|资产置换|出售.{0,10}(资产|股权|子公司)", 60),
                "bankruptcy_closure": (r"破产|重整|清算|倒闭|停业|注销|关停", 60),
                "regulatory_action": (r"问询函|关注函|警示函|监管函|约谈|立案调查|风险提示|纪律处分|通报批评|公开谴责|责令", 60)}}
# 14 (stop 37): the texts the shipped head is least sure of (uncertainty sampling), since random and finder draws
# gain about +0.034 macro per doubling: unread texts whose fused present score for a statutory code lies nearest
# that code's threshold, so many per code (`uncertain`). The draw depends on the head that made it, so it is kept as
# a list (`readings/round14.json`: source, id, window), not redrawn.
ROUND_14 = {"round_no": 14, "listed": "round14.json", "per_code": {
    "restructuring": 160, "equity_change": 100, "leadership_change": 80, "major_public_opinion": 180,
    "litigation": 110, "administrative_penalty": 60, "bankruptcy_closure": 90, "dishonest_debtor": 60,
    "regulatory_action": 190}}
# 15 (stop 37): a second draw of the same kind, by the same shipped head, of the texts round 14 left
ROUND_15 = {"round_no": 15, "listed": "round15.json", "per_code": {
    "restructuring": 190, "equity_change": 120, "leadership_change": 100, "major_public_opinion": 220,
    "litigation": 130, "administrative_penalty": 60, "bankruptcy_closure": 90, "dishonest_debtor": 60,
    "regulatory_action": 230}}
ROUND_16 = {**ROUND_15, "round_no": 16, "listed": "round16.json"}   # and a third (stop 37)
ROUND_17 = {**ROUND_15, "round_no": 17, "listed": "round17.json", "margin": 0.3}   # a fourth, a wider band
LATER_ROUNDS = (ROUND_3, ROUND_4, ROUND_5, ROUND_6, ROUND_7, ROUND_8, ROUND_9, ROUND_10, ROUND_11, ROUND_12, ROUND_13,
                ROUND_14, ROUND_15, ROUND_16, ROUND_17)
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
         exclude_sources: set[tuple[str, str]] | None = None, sources: Iterable[str] | None = None,
         targets: dict[str, tuple[str, int]] | None = None, random_any: dict[str, int] | None = None) -> list[dict]:
    """Candidate units: for each statutory code `per_code` keyword hits (no source over half,
    `hard_share` of them with hedging/denial/history words), every dishonest-debtor hit, announcement
    boilerplate, and texts with no finder hit at all (for the false-alarm rate). Units in `exclude`
    (an earlier round's) are skipped, and so is any text of a source row in `exclude_sources`
    ((file, id) of the test part: another window of it would leak into training). `sources` limits the
    draw to some of `SOURCES`. `targets` replaces the finders: {code: (words, how many)}; `random_any` adds {source: how many} texts
    drawn at random, hit or not (from the sources it names, whatever `sources` says)."""
    rng = random.Random(seed)
    every = [r for r in source_texts() if (f"data/{SOURCES[r[0]]}", r[1]) not in (exclude_sources or set())]
    rows = [r for r in every if sources is None or r[0] in sources]
    rng.shuffle(rows)
    if sources is None:
        every = rows
    else:  # `random_any` draws from every source in an order of its own (the earlier rounds' draws stay)
        random.Random(seed + 1).shuffle(every)
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

    for code, (rx, count) in (targets if targets is not None else {c: (v, per_code) for c, v in FINDERS.items()}).items():
        finder = re.compile(rx)
        hits = [(src, rid, t, m.start()) for src, rid, t in rows if (m := finder.search(t))]
        hard = [h for h in hits if re.search(HARD, h[2][max(0, h[3] - 30):h[3] + 30])]
        easy = [h for h in hits if h not in hard]
        want = len(hits) if code == "dishonest_debtor" else count
        cap = Counter()
        picked = 0
        for group, share in ((hard, int(want * hard_share)), (easy, want)):
            n = 0
            for src, rid, t, pos in group:
                if picked >= want or n >= share:
                    break
                if cap[src] >= max(want // 2, 40) and code != "dishonest_debtor" and sources is None:
                    continue
                before = len(chosen)
                add(src, rid, t, pos, code)
                if len(chosen) > before:
                    cap[src] += 1
                    picked += 1
                    n += 1
    for want_src, want in (random_any or {}).items():   # named sources, whatever `sources` says
        n = 0
        for src, rid, t in every:
            if n >= want:
                break
            if src == want_src:
                before = len(chosen)
                add(src, rid, t, 0, "random")
                n += len(chosen) - before
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


def unread(units: Iterable[dict]) -> list[tuple[str, str, str]]:
    """(source, id, text) of every shared text whose source row has no unit read yet (so none of the test part)."""
    seen = {(u["source"], u["source_id"]) for u in units}
    return [r for r in source_texts() if (f"data/{SOURCES[r[0]]}", r[1]) not in seen]


def uncertain(units: list[dict], head: MatterHead, per_code: dict[str, int], round_no: int, margin: float = 0.2) -> list[dict]:
    """Uncertainty sampling: each unread text's first window, scored by `head` (a `MatterHead`); per code, the
    `per_code[code]` windows whose fused present score lies nearest the code's present threshold (within
    `margin`), a window counted for the first code that wants it."""
    rows, read = unread(units), {u["uid"] for u in units}
    cut = [(src, rid, *window(t, 0)) for src, rid, t in rows]
    texts = [t[s:e] for (_, _, t), (_, _, s, e) in zip(rows, cut, strict=True)]
    found = head.assess(texts, floor=head.present_thresholds - margin)
    near: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for k, per_text in enumerate(found):
        for c, a in per_text.items():
            code = head.codes[c]
            gap = abs(a["present"] - float(head.present_thresholds[c]))
            if code in per_code and gap <= margin:
                near[code].append((gap, k))
    chosen: dict[str, dict] = {}
    for code, want in per_code.items():
        n = 0
        for _, k in sorted(near[code]):
            if n >= want:
                break
            src, rid, s, e = cut[k]
            key = group_of(texts[k])
            if key in chosen or key in read:     # the same words in another row were read already
                continue
            chosen[key] = {"uid": key, "source": f"data/{SOURCES[src]}", "source_id": rid, "offset": s,
                           "text": texts[k], "found_by": f"uncertain:{code}", "round": round_no}
            n += 1
    return list(chosen.values())


def draw_listed(cfg: dict, model_dir: Path) -> list[dict]:
    """Draw an uncertainty round with the head in `model_dir` and keep its list (`listed` rebuilds it from that)."""
    from nlp.matters import MatterHead

    head = MatterHead.load(model_dir)
    units = uncertain(read_jsonl(WORK_DIR / "pool.jsonl"), head, cfg["per_code"], cfg["round_no"],
                      cfg.get("margin", 0.2))
    keep = [{"uid": u["uid"], "source": u["source"], "source_id": u["source_id"], "offset": u["offset"],
             "end": u["offset"] + len(u["text"]), "found_by": u["found_by"]} for u in units]
    (READINGS_DIR / cfg["listed"]).write_text(json.dumps(keep, ensure_ascii=False, indent=0), encoding="utf-8")
    return units


def texts_by_row() -> dict[tuple[str, str], str]:
    """(source file under ../shared, row id) -> the text `source_texts` gives for it."""
    return {(f"data/{SOURCES[src]}", rid): t for src, rid, t in source_texts()}


def listed(cfg: dict, texts: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """A round kept as a list of windows (`readings/<cfg["listed"]>`), its texts cut again from ../shared
    (`texts`: `texts_by_row()`, when the caller rebuilds several rounds)."""
    items = json.loads((READINGS_DIR / cfg["listed"]).read_text(encoding="utf-8"))
    texts = texts_by_row() if texts is None else texts
    return [{"uid": it["uid"], "source": it["source"], "source_id": it["source_id"], "offset": it["offset"],
             "text": texts[(it["source"], it["source_id"])][it["offset"]:it["end"]], "found_by": it["found_by"],
             "round": cfg["round_no"]} for it in items]


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


def test_sources(units: list[dict]) -> set[tuple[str, str]]:
    """(file, id) of every source row with a text in the test part."""
    return {(u["source"], u["source_id"]) for u in units if split_of(u["uid"], u.get("round", 1)) == "test"}


def append_round(cfg: dict, readers: int = 6) -> list[dict]:
    """A later round's units appended to the pool (none of an earlier round's, no other window of a
    test text) and cut into `readers` new shards numbered after round 1's and the earlier rounds'."""
    old = read_jsonl(WORK_DIR / "pool.jsonl")
    if "listed" in cfg:
        units = listed(cfg)
    else:
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
