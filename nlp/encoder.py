"""The matter encoder: a small Chinese BERT fine-tuned to read whether an excerpt states each code as occurred.

Why beside the matter head (nlp/matters.py): the head reads character n-grams sentence by sentence; the
encoder reads the excerpt's word order as a whole (who did what to whom, 拟 three words before the verb).
Alone it is weaker than the head (out of fold 0.805 vs 0.820), but a share of its probability in the head's
present score gains beyond the noise out of fold, on the development part and in false alarms
(docs/nlp-experiments.md, stop 39). The head calls it only where the fused score could reach a threshold,
so plain news seldom pays for a forward pass.

Stored as `encoder/` beside the checkpoint: `config.json` (codes, shape), `model.safetensors` (fp16 weights,
the word embeddings pruned to `kept_ids` of the tokenizer's vocabulary) and `tokenizer.json`. Fine-tuned from
bge-small-zh-v1.5 (BAAI, MIT; 4 layers, hidden 512) by `nlp/training/encoder_training.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DIRECTORY = "encoder"
MAX_TOKENS = 256     # what it was fine-tuned on (the annotated excerpts are at most 300 characters)
BATCH = 32
# bge-small-zh-v1.5's shape, written to config.json by `encoder_training.package`
SHAPE = {"hidden": 512, "layers": 4, "heads": 8, "intermediate": 2048, "max_positions": 512}


def build(vocab_size: int, n_codes: int, shape: dict[str, int] = SHAPE) -> Any:
    """The encoder with its output layer ("occurred", then "stated at all", per code), weights unset: one
    definition for fine-tuning (nlp/training/encoder_training.py) and for loading."""
    import torch
    from transformers import BertConfig, BertModel

    bert = BertConfig(vocab_size=vocab_size, hidden_size=shape["hidden"], num_hidden_layers=shape["layers"],
                      num_attention_heads=shape["heads"], intermediate_size=shape["intermediate"],
                      max_position_embeddings=shape["max_positions"], type_vocab_size=2)
    return torch.nn.ModuleDict({"enc": BertModel(bert, add_pooling_layer=False),
                                "lin": torch.nn.Linear(shape["hidden"], 2 * n_codes)})


@dataclass
class MatterEncoder:
    """P(occurred) per code for whole excerpts (`probs`)."""

    codes: list[str]
    model: Any           # torch.nn.ModuleDict {"enc": BertModel, "lin": Linear(hidden, 2 x codes)}
    tokenizer: Any       # tokenizers.Tokenizer
    id_map: np.ndarray   # tokenizer id -> row of the pruned word embeddings ([UNK]'s row where pruned)
    cls: int
    sep: int

    @classmethod
    def load(cls, directory: Path) -> MatterEncoder | None:
        """The encoder in `directory/encoder/`, or None when the checkpoint has none."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        from ipwatch.errors import ConfigError

        path = Path(directory) / DIRECTORY
        if not (path / "config.json").exists():
            return None
        try:
            cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
            weights = load_file(str(path / "model.safetensors"))
            tok = Tokenizer.from_file(str(path / "tokenizer.json"))
            kept = weights.pop("kept_ids").numpy()
            codes = list(cfg["codes"])
            model = build(len(kept), len(codes), cfg)
            model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
        except (OSError, KeyError, ValueError, RuntimeError, SafetensorError) as exc:
            raise ConfigError(str(path), f"damaged matter encoder: {exc}") from exc
        vocab = tok.get_vocab_size()
        unk = tok.token_to_id("[UNK]")
        row = {int(t): n for n, t in enumerate(kept)}
        if unk not in row:
            raise ConfigError(str(path), "damaged matter encoder: [UNK] is not among the kept tokens")
        id_map = np.array([row.get(t, row[unk]) for t in range(vocab)], dtype=np.int64)
        model.eval()
        return cls(codes=codes, model=model, tokenizer=tok, id_map=id_map,
                   cls=row[tok.token_to_id("[CLS]")], sep=row[tok.token_to_id("[SEP]")])

    def probs(self, texts: list[str]) -> np.ndarray:
        """P(the excerpt states the code as occurred), texts x codes. Longer excerpts are cut at `MAX_TOKENS`."""
        import torch

        out = np.zeros((len(texts), len(self.codes)), dtype=np.float32)
        if not texts:
            return out
        ids = [self.id_map[np.asarray(e.ids, dtype=np.int64)][: MAX_TOKENS - 2]
               for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]
        order = np.argsort([len(s) for s in ids], kind="stable")   # batches of like length pad little
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                idx = order[b:b + BATCH]
                width = max(len(ids[i]) for i in idx) + 2
                x = torch.zeros((len(idx), width), dtype=torch.long)
                mask = torch.zeros_like(x)
                for j, i in enumerate(idx):
                    seq = np.concatenate([[self.cls], ids[i], [self.sep]])
                    x[j, :len(seq)] = torch.from_numpy(seq)
                    mask[j, :len(seq)] = 1
                h = self.model["enc"](input_ids=x, attention_mask=mask).last_hidden_state[:, 0]
                out[idx] = torch.sigmoid(self.model["lin"](h)[:, :len(self.codes)]).numpy()
        return out
