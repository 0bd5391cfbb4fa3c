"""Two fine-tuned small Chinese BERTs beside the checkpoint: the matter encoder and the posts' sentiment encoder.

The matter encoder (`encoder/`) reads whether an excerpt states each code as occurred. Why beside the matter
head (nlp/matters.py): the head reads character n-grams sentence by sentence; the encoder reads the excerpt's
word order as a whole (who did what to whom, 拟 three words before the verb). Alone it is weaker than the head
(out of fold 0.805 vs 0.820), but a share of its probability in the head's present score gains beyond the
noise out of fold, on the development part and in false alarms (docs/nlp-experiments.md, stop 39). The head
calls it only where the fused score could reach a threshold, so plain news seldom pays for a forward pass.

The posts encoder (`posts_encoder/`) reads a social-media post's sentiment. The lexical posts expert alone is a
TF-IDF model; half of its probability replaced by this encoder's gains beyond the noise in 5-fold CV over the
FinFE posts (0.744 -> 0.761, stop 40). It was fine-tuned with the matters as a second task, which reads posts
better than fine-tuning on posts alone (0.749 vs 0.733 / 0.737 out of fold). The model asks it only for texts
the register gate reads as posts (nlp/model.py, `fuse_sentiment`).

Each is stored as `config.json` (shape, codes or sentiments), `model.safetensors` (fp16 weights, the word
embeddings pruned to `kept_ids` of the tokenizer's vocabulary) and `tokenizer.json`. Fine-tuned from
bge-small-zh-v1.5 (BAAI, MIT; 4 layers, hidden 512) by `nlp/training/encoder_training.py`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

DIRECTORY = "encoder"
POSTS_DIRECTORY = "posts_encoder"
MAX_TOKENS = 256     # what it was fine-tuned on (the annotated excerpts are at most 300 characters)
POST_TOKENS = 96     # what the posts' head was fine-tuned on (FinFE posts: median 16 tokens, 99 % under 60)
POSTS_WEIGHT = 0.5   # the posts encoder's share of the posts' sentiment (chosen out of fold, stop 40)
BATCH = 32
# bge-small-zh-v1.5's shape, written to config.json by `encoder_training.package`
SHAPE = {"hidden": 512, "layers": 4, "heads": 8, "intermediate": 2048, "max_positions": 512}


def build(vocab_size: int, n_codes: int, shape: dict[str, int] = SHAPE, sentiment: bool = False) -> Any:
    """The encoder with its output layers ("occurred", then "stated at all", per code, where `n_codes`; with
    `sentiment` one for a post's negative/neutral/positive), weights unset: one definition for fine-tuning
    (nlp/training/encoder_training.py) and for loading."""
    import torch
    from transformers import BertConfig, BertModel

    bert = BertConfig(vocab_size=vocab_size, hidden_size=shape["hidden"], num_hidden_layers=shape["layers"],
                      num_attention_heads=shape["heads"], intermediate_size=shape["intermediate"],
                      max_position_embeddings=shape["max_positions"], type_vocab_size=2)
    heads = {"enc": BertModel(bert, add_pooling_layer=False)}
    if n_codes:
        heads["lin"] = torch.nn.Linear(shape["hidden"], 2 * n_codes)
    if sentiment:
        heads["sent"] = torch.nn.Linear(shape["hidden"], 3)
    return torch.nn.ModuleDict(heads)


def _load(path: Path, what: str) -> tuple[dict[str, Any], Any, np.ndarray, int, int] | None:
    """config, tokenizer, id map (tokenizer id -> kept row, [UNK]'s row where pruned), [CLS] and [SEP] rows of the
    encoder in `path`; None when there is none; ConfigError when damaged. The weights' names and shapes are checked
    against the network here (`safe_open` reads the header, not the tensors), so a damaged file fails at start-up;
    the tensors are read on first use (`_Reader.model`)."""
    import torch
    from safetensors import SafetensorError, safe_open
    from tokenizers import Tokenizer

    from ipwatch.errors import ConfigError

    if not (path / "config.json").exists():
        return None
    try:
        cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        with safe_open(str(path / "model.safetensors"), framework="pt") as f:
            kept = f.get_tensor("kept_ids").numpy()
            shapes = {k: tuple(f.get_slice(k).get_shape()) for k in f.keys() if k != "kept_ids"}
        with torch.device("meta"):
            want = {k: tuple(v.shape) for k, v in _network(cfg, len(kept)).state_dict().items()}
        if shapes != want:
            bad = sorted(set(shapes.items()) ^ set(want.items()))[:3]
            raise ValueError(f"weights do not fit the network ({len(shapes)} tensors, {len(want)} wanted; e.g. {bad})")
    except (OSError, KeyError, ValueError, RuntimeError, SafetensorError) as exc:
        raise ConfigError(str(path), f"damaged {what}: {exc}") from exc
    unk = tok.token_to_id("[UNK]")
    row = {int(t): n for n, t in enumerate(kept)}
    if unk not in row:
        raise ConfigError(str(path), f"damaged {what}: [UNK] is not among the kept tokens")
    id_map = np.array([row.get(t, row[unk]) for t in range(tok.get_vocab_size())], dtype=np.int64)
    return cfg, tok, id_map, row[tok.token_to_id("[CLS]")], row[tok.token_to_id("[SEP]")]


def oof_readings(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """The out-of-fold readings stored beside the encoder in `path` (`oof.npz`: each training row's id and what a
    fine-tuning that did not learn it read, fp16) as id -> probabilities, and the encoder's config; None without
    them. Training and `ipwatch evaluate` read them; the runtime does not."""
    if not (path / "oof.npz").exists():
        return None
    z = np.load(path / "oof.npz")
    by_id = dict(zip((str(u) for u in z["uid"]), z["probs"].astype(np.float32), strict=True))
    return by_id, json.loads((path / "config.json").read_text(encoding="utf-8"))


def _network(cfg: dict[str, Any], n_kept: int) -> Any:
    """The network the config describes (a matter layer where it lists codes, a sentiment layer where sentiments)."""
    return build(n_kept, len(cfg.get("codes", [])), cfg, sentiment="sentiments" in cfg)


@dataclass
class _Reader:
    """An encoder and how it reads texts: `_read` passes each text through one output layer, in batches of like
    length, cut at `max_tokens`. The weights (about 130 MB in memory) are read on first use: a worker that never
    meets a post, or a matter the encoder decides, does not hold them."""

    path: Path           # the encoder's directory
    cfg: dict[str, Any]
    tokenizer: Any       # tokenizers.Tokenizer
    id_map: np.ndarray
    cls: int
    sep: int
    _model: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def _open(cls, path: Path, what: str, fields: Any) -> Any:
        """An instance from the encoder in `path`, `fields(config)` giving the subclass's own fields; None when
        there is none."""
        got = _load(path, what)
        if got is None:
            return None
        cfg, tok, id_map, cls_row, sep_row = got
        return cls(path=path, cfg=cfg, tokenizer=tok, id_map=id_map, cls=cls_row, sep=sep_row, **fields(cfg))

    @property
    def model(self) -> Any:
        """torch.nn.ModuleDict {"enc": BertModel, "lin" and/or "sent": Linear}, read from `path` once."""
        with self._lock:
            if self._model is None:
                from safetensors.torch import load_file

                weights = load_file(str(self.path / "model.safetensors"))
                kept = weights.pop("kept_ids")
                model = _network(self.cfg, len(kept))
                model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
                self._model = model.eval()
            return self._model

    def _read(self, texts: list[str], head: str, width: int, max_tokens: int, activation: Any) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), width), dtype=np.float32)
        if not texts:
            return out
        ids = [self.id_map[np.asarray(e.ids, dtype=np.int64)][: max_tokens - 2]
               for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]
        order = np.argsort([len(s) for s in ids], kind="stable")   # batches of like length pad little
        model = self.model
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                idx = order[b:b + BATCH]
                x = torch.zeros((len(idx), max(len(ids[i]) for i in idx) + 2), dtype=torch.long)
                mask = torch.zeros_like(x)
                for j, i in enumerate(idx):
                    seq = np.concatenate([[self.cls], ids[i], [self.sep]])
                    x[j, :len(seq)] = torch.from_numpy(seq)
                    mask[j, :len(seq)] = 1
                h = model["enc"](input_ids=x, attention_mask=mask).last_hidden_state[:, 0]
                out[idx] = activation(model[head](h)[:, :width]).numpy()
        return out


@dataclass
class MatterEncoder(_Reader):
    """P(occurred) per code for whole excerpts (`probs`)."""

    codes: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path) -> MatterEncoder | None:
        """The encoder in `directory/encoder/`, or None when the checkpoint has none."""
        return cls._open(Path(directory) / DIRECTORY, "matter encoder", lambda cfg: {"codes": list(cfg["codes"])})

    def probs(self, texts: list[str]) -> np.ndarray:
        """P(the excerpt states the code as occurred), texts x codes. Longer excerpts are cut at `MAX_TOKENS`."""
        import torch

        return self._read(texts, "lin", len(self.codes), MAX_TOKENS, torch.sigmoid)


@dataclass
class PostEncoder(_Reader):
    """P(negative, neutral, positive) of a post (`probs`), and its share of the posts' sentiment (`weight`)."""

    sentiments: list[str] = field(default_factory=list)
    weight: float = POSTS_WEIGHT

    @classmethod
    def load(cls, directory: Path) -> PostEncoder | None:
        """The encoder in `directory/posts_encoder/`, or None when the checkpoint has none."""
        return cls._open(Path(directory) / POSTS_DIRECTORY, "posts encoder", lambda cfg: {
            "sentiments": list(cfg["sentiments"]), "weight": float(cfg.get("weight", POSTS_WEIGHT))})

    def probs(self, texts: list[str]) -> np.ndarray:
        """Sentiment probabilities, texts x sentiments (the checkpoint's order). Cut at `POST_TOKENS`."""
        import torch

        return self._read(texts, "sent", len(self.sentiments), POST_TOKENS, lambda z: torch.softmax(z, -1))
