"""Subject of negative news as `ipwatch analyze` reports it: the names found by the entity matcher
(nlp/entities.py), not handed to the model as `ipwatch evaluate`'s subject accuracy does.

Why: a user sees the subject the whole pipeline picks. A watched name the matcher drops (glued to a
word that seems to make it a longer name) can never be the subject, and longest-match resolution
reports `石头理财平台` where FinNSP lists `石头理财`; the model-only figure hides both. Each FinNSP
text of the split with negative news and at least two listed names found in it is analysed with its
own listed names as the watchlist.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ipwatch.watchlist import Watchlist
from nlp.training import corpora
from nlp.training.metrics import bootstrap_ci


def _watchlist(names: list[str]) -> Watchlist:
    return Watchlist(entities=[{"id": f"e{i}", "name": n, "type": "institution", "kind": "other"}
                               for i, n in enumerate(names)])


def subject_through_analyze(model_path: Path, split: str = "heldout", boot: int = 1000, limit: int | None = None,
                            echo: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
    """Share of negative FinNSP texts (>= 2 listed names in the text) whose analysed `subject` is one
    of the text's key entities, with a bootstrap 95% interval and the two ways it fails outright.
    `limit` reads the first texts only (tests)."""
    from nlp.analyzer import Analyzer
    from nlp.entities import EntityMatcher

    rows = [r for r in corpora.read_jsonl(corpora.shared_dir() / "finnsp" / "train.jsonl")
            if corpora.split_of(r["id"]) == split and r["negative"]][:limit]
    analyzer = Analyzer(Path(model_path), _watchlist([]))
    right: list[int] = []
    no_subject = key_not_found = 0
    for k, r in enumerate(rows):
        title = r.get("title") or ""
        if title in ("", r["text"]) or title in r["text"]:
            title = ""
        doc = f"{title}\n{r['text']}"
        names = [n.strip() for n in dict.fromkeys(r["entities"]) if n and len(n.strip()) >= 2]
        if sum(1 for n in names if n in doc) < 2:
            continue
        analyzer.matcher = EntityMatcher(_watchlist(names))  # this text's own names are the watchlist
        out = analyzer.analyze([{"id": r["id"], "title": title, "text": r["text"]}])[0]
        keys = set(r["key_entities"])
        found = {e["name"] for e in out["entities"]}
        subject = next((e["name"] for e in out["entities"] if e["role"] == "subject"), None)
        key_not_found += not (found & keys)
        no_subject += subject is None
        right.append(int(subject in keys))
        if (k + 1) % 50 == 0:
            echo(f"  subject through analyze: {k + 1}/{len(rows)} negative texts read")
    arr = np.array(right)
    return {"split": split, "texts": len(arr), "right": int(arr.sum()),
            "accuracy": round(float(arr.mean()), 4) if len(arr) else 0.0,
            "ci95": bootstrap_ci(lambda i: float(arr[i].mean()), len(arr), boot) if len(arr) else [0.0, 0.0],
            "no_subject": no_subject, "key_entity_not_found": key_not_found}


def format_subject(res: dict[str, Any]) -> str:
    return (f"subject of negative news through analyze (FinNSP {res['split']}, {res['texts']} texts naming >= 2 listed "
            f"names): {res['accuracy']:.3f} ({res['right']} right; 95% CI {res['ci95'][0]:.3f}-"
            f"{res['ci95'][1]:.3f}); no subject {res['no_subject']}, no key entity found {res['key_entity_not_found']}")
