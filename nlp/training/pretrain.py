"""Masked-LM pre-training of the character encoder on unlabelled Chinese text, before the task
heads are trained (nlp/training/fit.py runs it first when it builds its own encoder).

Why: the labelled sets are small (13k short posts for sentiment, 11k risk news), so an encoder
trained from scratch on them alone learns little about which characters behave alike. A few
passes of BERT's masked-LM objective over ~4 M characters of news and posts
(`corpora.unlabelled_texts`: People's Daily 1998, FinNL, and the training-split texts) give the
encoder that before fine-tuning. Uses transformers' own `BertForMaskedLM` and
`DataCollatorForLanguageModeling`; only the training split of the labelled sets is read.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import torch

from ipwatch.progress import bar_over, note, tick
from nlp.training import corpora
from nlp.training.base import sorted_batches

log = logging.getLogger(__name__)


def chunks(texts: list[str], size: int) -> list[str]:
    """Texts cut into pieces of at most `size` characters (whitespace-only pieces dropped)."""
    out = []
    for t in texts:
        t = " ".join(t.split())
        out += [t[i:i + size] for i in range(0, len(t), size) if t[i:i + size].strip()]
    return out


def pretrain(tok, encoder_config: dict[str, Any], cfg: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Train a BERT masked LM with `encoder_config` for `cfg["mlm_epochs"]` passes (or until
    `cfg["mlm_max_minutes"]`); return the encoder weights (BertModel keys) and a summary."""
    from transformers import BertConfig, BertForMaskedLM, DataCollatorForLanguageModeling

    t0 = time.monotonic()
    sources = corpora.unlabelled_texts()
    seqs = chunks([t for v in sources.values() for t in v], cfg["doc_len"] - 2)
    enc = {k: v for k, v in encoder_config.items() if k != "model_type"}
    mlm = BertForMaskedLM(BertConfig(**enc))
    collator = DataCollatorForLanguageModeling(tok, mlm_probability=0.15)
    opt = torch.optim.AdamW(mlm.parameters(), lr=cfg["mlm_lr"], weight_decay=0.01)
    rng = random.Random(cfg["seed"])
    bs = cfg["mlm_batch_size"]
    total = cfg["mlm_epochs"] * ((len(seqs) + bs - 1) // bs)
    budget = cfg["mlm_max_minutes"] * 60
    warm = max(1, total // 20)
    ids = tok(seqs, truncation=True, max_length=cfg["doc_len"], add_special_tokens=True)["input_ids"]
    step, history, stopped = 0, [], False
    mlm.train()
    with bar_over(None, "masked-LM", "step", total=total) as bar:
        for epoch in range(cfg["mlm_epochs"]):
            batches = sorted_batches(list(range(len(ids))), bs, rng, key=lambda j: len(ids[j]))
            run, n_run = 0.0, 0
            for b in tick(batches, bar):
                batch = collator([{"input_ids": ids[j]} for j in b])
                out = mlm(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"])
                opt.zero_grad()
                out.loss.backward()
                torch.nn.utils.clip_grad_norm_(mlm.parameters(), 1.0)
                progress = max(step / total, (time.monotonic() - t0) / budget)
                for g in opt.param_groups:
                    g["lr"] = cfg["mlm_lr"] * min(1.0, (step + 1) / warm) * max(0.02, 1 - progress)
                opt.step()
                step += 1
                run += float(out.loss.detach())
                n_run += 1
                note(bar, epoch=f"{epoch + 1}/{cfg['mlm_epochs']}", loss=f"{run / n_run:.3f}")
                if step % 200 == 0:  # the log line stays: the daemon's and CI's logs have no bar
                    log.info("mlm epoch %d step %d/%d loss %.3f elapsed %.0fs", epoch + 1, step, total, run / n_run,
                             time.monotonic() - t0)
                    history.append({"step": step, "loss": round(run / n_run, 3)})
                    run, n_run = 0.0, 0
                if time.monotonic() - t0 > budget:
                    stopped = True
                    break
            if stopped:
                break
    state = {k.removeprefix("bert."): v for k, v in mlm.state_dict().items() if k.startswith("bert.")}
    summary = {"sequences": len(seqs), "characters": sum(map(len, seqs)),
               "sources": {k: len(v) for k, v in sources.items()}, "epochs": cfg["mlm_epochs"], "steps": step,
               "seconds": round(time.monotonic() - t0), "stopped_by_budget": stopped, "loss_history": history}
    log.info("masked-LM pre-training done: %s", {k: v for k, v in summary.items() if k != "loss_history"})
    return state, summary
