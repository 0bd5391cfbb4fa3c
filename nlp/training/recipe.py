"""`ipwatch train`, the recipe in order: the neural part (nlp/training/fit.py, which pre-trains the encoder
first when asked: nlp/training/pretrain.py), out-of-fold entity scores from fold models
(nlp/training/crossval.py), the lexical head and the late fusion tuned on them (nlp/training/lexical.py);
the checkpoint is saved after each step and training.json records the run. The model card
(nlp/training/card.py) is written from that record."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import torch

from nlp.training import corpora
from nlp.training.base import DEFAULTS
from nlp.training.crossval import entity_oof, load_oof
from nlp.training.fit import fit
from nlp.training.lexical import fuse_lexical

log = logging.getLogger(__name__)


def train(out_dir: Path, base_model: Path | None = None, **overrides: Any) -> dict[str, Any]:
    """Train a checkpoint into `out_dir` (`overrides` replace `DEFAULTS`; None keeps the default) and
    return the training info it saves as training.json."""
    out_dir = Path(out_dir)
    run = fit(out_dir, base_model, **overrides)
    cfg, model, tok = run.cfg, run.model, run.tok
    tuned = run.thresholds
    lexical, entity_cv = None, None
    if cfg.get("fuse_lexical", True):  # late fusion with the lexical head (nlp/training/lexical.py), then save again
        oof = None
        if cfg["entity_cv_folds"]:
            oof, entity_cv = entity_oof(cfg, out_dir, cfg["entity_cv_folds"], base_model)
        lexical = fuse_lexical(model, tok, cfg, entity_oof=oof)
        model.save_pretrained(out_dir, safe_serialization=True)
        tuned = fused_thresholds(lexical)
    init_from = cfg.get("init_from")
    info = {"config": cfg, "data": run.counts, "shared_files": corpora.file_rows(), "history": run.history,
            "best": run.best, "thresholds": tuned, "steps": run.steps, "train_seconds": run.seconds,
            "stopped_by_budget": run.stopped,
            "base_model": str(base_model) if base_model else None,
            "init_from": str(init_from) if init_from else None,
            "parameters": sum(p.numel() for p in model.parameters()), "torch_threads": torch.get_num_threads(),
            "lexical": lexical, "entity_cv": entity_cv, "mlm": run.mlm}
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
