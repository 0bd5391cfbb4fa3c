"""Labelled risk news the project writes itself, for the risk types the shared data lacks
(penalties, litigation, leadership change, branches, IP misconduct, …) and for per-entity
sentiment with bystanders. Templates live in `nlp/data/risk_templates.yaml`; every generated
item has a punished/reported party ({S}, subject, negative when the item carries risk) and often
bystanders ({B}, {B2}: banks, platforms, partners; never negative). Deterministic for a seed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parents[1] / "data" / "risk_templates.yaml"


def _load() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _org(rng: random.Random, lex: dict[str, list[str]], kind: str) -> tuple[str, str]:
    """A fictitious organisation: (full name, short name)."""
    region = rng.choice(lex["regions"])
    core = rng.choice(lex["cores"]) + rng.choice(lex["cores2"])
    if kind == "bank":
        full = rng.choice(lex["banks"]) + region + rng.choice(["分行", "支行", "营业部"])
        return full, full
    suffix = rng.choice(lex["suffixes"][kind])
    return region + core + suffix, core + rng.choice(lex["short_tails"].get(kind, [""]))


def _date(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                       f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "日前", "近日", "昨日", "上周五",
                       "今年以来", f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"])


def generate(n_per_template: int = 12, seed: int = 13) -> list[dict[str, Any]]:
    """Items {text, sentiment, risk_types, entities: [{name, negative, subject}]}."""
    rng = random.Random(seed)
    spec = _load()
    lex = spec["lexicon"]
    items: list[dict[str, Any]] = []
    for group in spec["groups"]:
        for tpl in group["templates"]:
            for _ in range(n_per_template):
                skind = rng.choice(group.get("subject_kinds", ["agency", "platform", "company", "centre"]))
                s_full, s_short = _org(rng, lex, skind)
                b_full, b_short = _org(rng, lex, rng.choice(["bank", "platform", "company"]))
                b2_full, _ = _org(rng, lex, rng.choice(["bank", "centre", "agency"]))
                vals = {
                    "S": s_full, "s": s_short if rng.random() < 0.5 else "该" + lex["kind_word"][skind],
                    "B": b_full, "b": b_short, "B2": b2_full,
                    "A": rng.choice(lex["authorities"]), "C": rng.choice(lex["courts"]),
                    "D": _date(rng), "P": rng.choice(lex["surnames"]) + rng.choice(["某", "某某"]),
                    "P2": rng.choice(lex["surnames"]) + rng.choice(["某", "某某"]),
                    "M": str(rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 5000)])),
                    "Y": str(rng.randint(1, 30)), "N": str(rng.randint(2, 300)),
                    "R": rng.choice(lex["regions"]), "PL": rng.choice(lex["platform_names"]),
                    "K": lex["kind_word"][skind],
                }
                text = tpl.format(**vals)
                risk = list(group.get("risk_types", []))
                neg = bool(risk) or group.get("sentiment") == "negative"
                ents = [{"name": s_full, "negative": neg, "subject": True}]
                if "{B}" in tpl:
                    ents.append({"name": b_full, "negative": False, "subject": False})
                if "{B2}" in tpl:
                    ents.append({"name": b2_full, "negative": False, "subject": False})
                items.append({"text": text, "sentiment": group.get("sentiment", "negative" if risk else "neutral"),
                              "risk_types": risk, "entities": ents, "group": group["name"]})
    rng.shuffle(items)
    return items
