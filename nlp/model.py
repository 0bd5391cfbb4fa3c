"""The ipwatch Chinese risk model: any Hugging Face encoder + a hashed character n-gram bag
(fastText-style lexical features) + three heads.

* `sentiment` (3-way, document), `risk` (13-way multi-label, document) on the plain text;
* `entity` (2 logits: negative-about-this-entity, is-the-subject) on the text with the target
  entity's mentions replaced by `[TGT]` and other watched entities by `[OTH]`.

The n-gram bag hashes token-id 1/2/3-grams inside `forward`, so the model needs nothing but
`input_ids` and works with whatever tokenizer its encoder came with. Registered with
AutoConfig/AutoModel as `ipwatch-risk`, saved with `save_pretrained` (safetensors).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel

from nlp.taxonomy import CODES, SENTIMENTS

MODEL_TYPE = "ipwatch-risk"
TARGET, OTHER = "[TGT]", "[OTH]"
_MULT = (1, 1_000_003, 998_244_353)


class IpwatchRiskConfig(PretrainedConfig):
    model_type = MODEL_TYPE

    def __init__(self, encoder: dict[str, Any] | None = None, ngram_buckets: int = 1 << 17,
                 ngram_dim: int = 64, ngram_orders: list[int] | None = None, head_dropout: float = 0.1,
                 sentiments: list[str] | None = None, risk_codes: list[str] | None = None,
                 max_seq_length: int = 256, target_token_id: int | None = None, risk_threshold: float = 0.5,
                 entity_threshold: float = 0.5, **kwargs: Any):
        super().__init__(**kwargs)
        self.encoder = encoder or {"model_type": "bert"}
        self.ngram_buckets = ngram_buckets
        self.ngram_dim = ngram_dim
        self.ngram_orders = ngram_orders or [1, 2, 3]
        self.head_dropout = head_dropout
        self.sentiments = sentiments or list(SENTIMENTS)
        self.risk_codes = risk_codes or list(CODES)
        self.max_seq_length = max_seq_length
        self.target_token_id = target_token_id
        self.risk_threshold = risk_threshold  # tuned on the development split
        self.entity_threshold = entity_threshold

    def encoder_config(self) -> PretrainedConfig:
        enc = dict(self.encoder)
        return AutoConfig.for_model(enc.pop("model_type"), **enc)


class IpwatchRiskModel(PreTrainedModel):
    config_class = IpwatchRiskConfig
    base_model_prefix = "ipwatch"
    main_input_name = "input_ids"

    def __init__(self, config: IpwatchRiskConfig, encoder: nn.Module | None = None):
        super().__init__(config)
        self.encoder = encoder if encoder is not None else AutoModel.from_config(config.encoder_config())
        hidden = self.encoder.config.hidden_size
        self.ngram = nn.Embedding(config.ngram_buckets, config.ngram_dim, sparse=True)
        self.dropout = nn.Dropout(config.head_dropout)
        doc_dim = hidden + config.ngram_dim
        self.sentiment_head = nn.Linear(doc_dim, len(config.sentiments))
        self.risk_head = nn.Linear(doc_dim, len(config.risk_codes))
        self.entity_head = nn.Linear(doc_dim + hidden, 2)
        self.post_init()

    def _init_weights(self, module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)

    def ngram_features(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean of hashed 1..n-gram embeddings over the valid positions (fastText-style bag)."""
        ids = input_ids.long()
        mask = attention_mask.bool()
        total = torch.zeros(ids.size(0), self.config.ngram_dim, device=ids.device, dtype=self.ngram.weight.dtype)
        count = torch.zeros(ids.size(0), 1, device=ids.device, dtype=total.dtype)
        buckets = self.config.ngram_buckets
        for n in self.config.ngram_orders:
            if ids.size(1) < n:
                continue
            h = torch.full_like(ids[:, : ids.size(1) - n + 1], n * 7919)
            valid = torch.ones_like(h, dtype=torch.bool)
            for k in range(n):
                part = ids[:, k: ids.size(1) - n + 1 + k]
                h = (h * _MULT[1] + part * _MULT[k % 3] + k) % buckets
                valid &= mask[:, k: ids.size(1) - n + 1 + k]
            emb = self.ngram(h) * valid.unsqueeze(-1)
            total = total + emb.sum(1)
            count = count + valid.sum(1, keepdim=True)
        return total / count.clamp(min=1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None,
                target_token_id: int | None = None, **_: Any) -> dict[str, torch.Tensor]:
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        states = out.last_hidden_state
        m = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * m).sum(1) / m.sum(1).clamp(min=1)
        doc = self.dropout(torch.cat([pooled, self.ngram_features(input_ids, attention_mask)], dim=-1))
        tgt_id = target_token_id if target_token_id is not None else self.config.target_token_id
        if tgt_id is not None:
            tm = (input_ids == tgt_id).unsqueeze(-1).to(states.dtype)
            tpool = (states * tm).sum(1) / tm.sum(1).clamp(min=1)
        else:
            tpool = states[:, 0]
        ent = torch.cat([doc, self.dropout(tpool)], dim=-1)
        return {"sentiment": self.sentiment_head(doc), "risk": self.risk_head(doc),
                "entity": self.entity_head(ent)}


AutoConfig.register(MODEL_TYPE, IpwatchRiskConfig)
AutoModel.register(IpwatchRiskConfig, IpwatchRiskModel)
