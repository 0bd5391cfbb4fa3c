"""A second, blind reading of the training texts whose single reading the head disagrees with most.

Most training texts were read once; the random double-read samples agree well (κ occurred 0.8-1.0),
but a reader who misses one of five stories in a run-on headline leaves a positive unlabelled, and the
head learns that silence. The texts where a head fitted without them (5-fold, folds by source
document) is most confidently at odds with their label are read again by a reader who sees neither the
label nor the model; where the two readings differ, a third reading settles them
(`python -m nlp.training.annotation disagreements`), as for every other double reading. A text whose
second reading agrees keeps its label, so the model chooses *which* texts are re-read, never a label.
The development and test parts are not touched: they measure the result.

    python -m nlp.training.recheck pool OUT.jsonl [N]   # the N most disputed training texts, {uid, text};
                                                        # each pass appends to readings/recheck.json
    python -m nlp.training.recheck round OUT.jsonl R    # every once-read training text of round R
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from nlp.training import matter_training as mt
from nlp.training.annotation import READINGS_DIR, RECHECK_FILE, recheck_selection

SELECTION = READINGS_DIR / RECHECK_FILE   # which texts were chosen, and the margin that chose them


def read_once(row: dict[str, Any]) -> bool:
    return len(row.get("read_by", [])) == 1


def disputed(rows: list[dict[str, Any]], c_value: float = 10.0, folds: int = 5) -> list[tuple[str, float, str]]:
    """(uid, margin, code) of every row read once, most disputed first. The margin is how far the
    out-of-fold present score of a statutory code lies on the other side of its F1-best threshold from
    the label (above it for an unlabelled code, below it for a labelled one)."""
    codes = mt.codes_with_data(rows)
    _, present, _, _ = mt.out_of_fold(rows, folds, mt.template_rows(), c_value, codes)
    gold = np.array([[int(c in mt.gold_occurred(r)) for c in codes] for r in rows])
    ks = [codes.index(c) for c in mt.STATUTORY if c in codes]
    th = np.array([mt.best_threshold(present[:, k], gold[:, k] == 1, mt.PRESENT_THRESHOLDS)[0] for k in ks])
    margin = np.where(gold[:, ks] == 1, th - present[:, ks], present[:, ks] - th)
    out = [(r["uid"], float(margin[i].max()), codes[ks[int(margin[i].argmax())]]) for i, r in enumerate(rows)
           if read_once(r)]
    return sorted(out, key=lambda t: -t[1])


def whole_round(rows: list[dict[str, Any]], round_no: int) -> list[tuple[str, None, None]]:
    """Every training text of a round read once (a round held back from training is read again in full:
    the head cannot dispute texts it never scores)."""
    return [(r["uid"], None, None) for r in rows if r.get("round") == round_no and read_once(r)]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("pool", "round"):
        raise SystemExit(__doc__)
    out = Path(argv[1])
    whole: int | None = None
    if argv[0] == "pool":
        rows = mt.training_rows()
        chosen = disputed(rows)[:int(argv[2]) if len(argv) > 2 else 800]  # texts read twice are never chosen
    else:
        rows = mt.load("train")
        whole = int(argv[2])
        chosen = whole_round(rows, whole)
    text = {r["uid"]: r["text"] for r in rows}
    before = recheck_selection()
    rank = 1 + max((d.get("pass", 1) for d in before), default=0)
    SELECTION.write_text(json.dumps(before + [{"uid": u, "margin": None if m is None else round(m, 3), "code": c,
                                               "pass": rank, **({} if whole is None else {"round": whole})}
                                              for u, m, c in chosen],
                                    ensure_ascii=False, indent=0), encoding="utf-8")
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"uid": u, "text": text[u]}, ensure_ascii=False) + "\n" for u, _, _ in chosen)
    print(f"{len(chosen)} texts (pass {rank}) -> {out}; selection in {SELECTION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
