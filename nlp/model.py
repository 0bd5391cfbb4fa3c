"""The ipwatch Chinese risk model: any Hugging Face encoder + a hashed character n-gram bag
(fastText-style lexical features) + three heads.

* `sentiment` (3-way, document), `risk` (13-way multi-label, document) on the plain text;
* `entity` (2 logits: negative-about-this-entity, is-the-subject) on the text with the target
  entity's mentions replaced by `[TGT]` and other watched entities by `[OTH]`.

The n-gram bag hashes token-id 1/2/3-grams inside `forward`, so the model needs nothing but
`input_ids` and works with whatever tokenizer its encoder came with. Registered with
AutoConfig/AutoModel as `ipwatch-risk`, saved with `save_pretrained` (safetensors).

Optional lexical head (late fusion, `config.lexical_features` > 0): a sparse linear model over
hashed character 1-3-gram TF-IDF features of the raw input text (sklearn's `HashingVectorizer`,
sublinear tf x idf, L2-normalised), one output per task, fitted with logistic regression by
`nlp.training.lexical` and stored as fp16 buffers. When `forward` gets the raw `texts` as well, each task's
output is the fusion alpha * neural + (1 - alpha) * lexical of probabilities (returned as logits,
so softmax/sigmoid gives the fused probability); checkpoints without the head, or calls without
`texts`, give the neural outputs alone.

Document sentiment has two lexical experts and a register gate (a mixture of experts): one fitted
on everything, one on social-media posts alone, and a classifier of the text's register (post vs
news, announcement, review). The sentiment output is g * post-mix + (1 - g) * general-mix, g the
probability that the text is a post - short forum posts and news speak different languages, and the
posts-only expert is not diluted by news and reviews. Where a posts encoder is given (`post_reader`,
nlp/encoder.py `PostEncoder`), it takes its share of the posts expert for the texts the gate reads as
posts (g >= `POST_GATE_MIN`; below it the share would move the output by at most g x weight).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel

from ipwatch.taxonomy import CODES, SENTIMENTS

MODEL_TYPE = "ipwatch-risk"
POST_GATE_MIN = 0.05   # the register gate's P(post) from which the posts encoder is asked (nlp/encoder.py)
TARGET, OTHER = "[TGT]", "[OTH]"
_MULT = (1, 1_000_003, 998_244_353)


class IpwatchRiskConfig(PretrainedConfig):
    model_type = MODEL_TYPE

    def __init__(self, encoder: dict[str, Any] | None = None, ngram_buckets: int = 1 << 17,
                 ngram_dim: int = 64, ngram_orders: list[int] | None = None, head_dropout: float = 0.1,
                 sentiments: list[str] | None = None, risk_codes: list[str] | None = None,
                 max_seq_length: int = 256, target_token_id: int | None = None, risk_threshold: float = 0.5,
                 entity_threshold: float = 0.5, lexical_features: int = 0, lexical_context: int = 0,
                 lexical_alpha: dict[str, Any] | None = None, subject_ranker: dict[str, Any] | None = None,
                 name_prior: dict[str, Any] | None = None, **kwargs: Any):
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
        # late-fused lexical head: hashed char n-gram buckets (0 = no head), fusion weights per task
        # ({"sentiment": a, "post_sentiment": a, "risk": a, "entity": [a_negative, a_subject]}; 1.0 = neural
        # only; sentiment mixes two experts through the register gate, see `fuse_sentiment`)
        self.lexical_features = lexical_features
        # characters either side of a [TGT]/[OTH] mark whose n-grams the lexical head also counts as that
        # mention's context (0 = none; see `lexical_vectorizer`)
        self.lexical_context = lexical_context
        self.lexical_alpha = lexical_alpha
        # which candidate a negative text is about (nlp/subject.py; None = the highest negative score)
        self.subject_ranker = subject_ranker
        # what a candidate's name alone says (nlp/names.py; None = nothing): a ranker feature and a shift
        # of the negative-about score
        self.name_prior = name_prior

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
        self.n_sent, self.n_risk = len(config.sentiments), len(config.risk_codes)
        self._vectorizer = None
        if getattr(config, "lexical_features", 0):
            # columns: sentiment (n_sent) | risk codes + "none" (n_risk + 1, one softmax) | entity (2)
            self.add_lexical_head(int(config.lexical_features))
        self.post_init()

    def save_pretrained(self, *args: Any, **kwargs: Any) -> Any:
        """Saved with the n-gram bag in fp16 (half of the checkpoint's bytes; loaded back as fp32 -
        the development figures are the same to three decimals), so the checkpoint and the heads
        beside it (matters.npz) stay under 50 MB."""
        full = self.ngram.weight.data
        self.ngram.weight.data = full.to(torch.float16)  # a copy: the weights in memory stay untouched
        try:
            return super().save_pretrained(*args, **kwargs)
        finally:
            self.ngram.weight.data = full

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

    def add_lexical_head(self, n_features: int, context: int | None = None) -> None:
        """Give a checkpoint without one an (empty) lexical head; `nlp.training.lexical` fills it."""
        self.config.lexical_features = n_features
        if context is not None:
            self.config.lexical_context = context
        n_out = lexical_layout(self.n_sent, self.n_risk)["width"]
        dev = self.sentiment_head.weight.device
        for name, shape, dtype in (("lexical_weight", (n_features, n_out), torch.float16),
                                   ("lexical_bias", (n_out,), torch.float32),
                                   ("lexical_idf", (n_features,), torch.float16)):
            if hasattr(self, name):
                delattr(self, name)
            self.register_buffer(name, torch.zeros(*shape, dtype=dtype, device=dev))
        self._vectorizer = None

    @property
    def has_lexical(self) -> bool:
        return bool(getattr(self.config, "lexical_features", 0)) and hasattr(self, "lexical_weight")

    def lexical_vectorizer(self):
        if self._vectorizer is None:
            self._vectorizer = lexical_vectorizer(int(self.config.lexical_features),
                                                  int(getattr(self.config, "lexical_context", 0) or 0))
        return self._vectorizer

    def lexical_logits(self, texts: list[str]) -> torch.Tensor:
        """Per-text raw scores of the lexical head (columns as in `lexical_weight`)."""
        x = self.lexical_vectorizer().transform(list(texts)).tocsr()
        x.sort_indices()
        dev = self.lexical_weight.device
        idx = torch.from_numpy(x.indices.astype("int64")).to(dev)
        rows = torch.repeat_interleave(torch.arange(x.shape[0], device=dev),
                                       torch.from_numpy(x.indptr[1:] - x.indptr[:-1]).long().to(dev))
        val = (1.0 + torch.log(torch.from_numpy(x.data.astype("float32")).to(dev))) \
            * self.lexical_idf.index_select(0, idx).float()
        norm = torch.zeros(x.shape[0], device=dev).index_add_(0, rows, val * val).sqrt().clamp(min=1e-12)
        val = val / norm[rows]
        out = torch.zeros(x.shape[0], self.lexical_weight.size(1), device=dev)
        out.index_add_(0, rows, self.lexical_weight.index_select(0, idx).float() * val.unsqueeze(1))
        return out + self.lexical_bias.float()

    def lexical_probs(self, texts: list[str]) -> dict[str, torch.Tensor]:
        """Per-task probabilities of the lexical head; `register` is P(the text is a social-media post)."""
        z = self.lexical_logits(texts)
        cols = lexical_layout(self.n_sent, self.n_risk)

        def with_reference(part: torch.Tensor) -> torch.Tensor:  # class 0's logit is the stored 0
            return torch.softmax(torch.cat([torch.zeros_like(part[:, :1]), part], -1), -1)

        return {"sentiment": with_reference(z[:, cols["sentiment"]]),
                "post_sentiment": with_reference(z[:, cols["post_sentiment"]]),
                "register": torch.sigmoid(z[:, cols["register"]]).squeeze(-1),
                "risk": torch.softmax(z[:, cols["risk"]], -1)[:, :self.n_risk],
                "entity": torch.sigmoid(z[:, cols["entity"]])}

    def fuse(self, neural: dict[str, torch.Tensor], texts: list[str], post_reader: Any = None) -> dict[str, torch.Tensor]:
        """alpha * neural + (1 - alpha) * lexical probabilities (sentiment: `fuse_sentiment`), returned as logits.
        `post_reader` (anything with `probs(texts)` and `weight`) mixes into the posts expert where g is high."""
        lex = self.lexical_probs(texts)
        if post_reader is not None:
            lex["post_sentiment"] = with_post_reader(lex["post_sentiment"], lex["register"], texts, post_reader)
        alpha = self.config.lexical_alpha or {}
        eps = 1e-6
        out = dict(neural)
        out["sentiment"] = torch.log(fuse_sentiment(torch.softmax(neural["sentiment"].float(), -1), lex,
                                                    alpha).clamp(min=eps))
        for key in ("risk", "entity"):
            a_k = alpha.get(key, 1.0)
            a_t = torch.tensor(a_k if isinstance(a_k, list) else [a_k], dtype=torch.float32, device=neural[key].device)
            p = a_t * torch.sigmoid(neural[key].float()) + (1 - a_t) * lex[key]
            p = p.clamp(eps, 1 - eps)
            out[key] = torch.log(p) - torch.log1p(-p)
        out.update({f"neural_{k}": v for k, v in neural.items()})
        return out

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None,
                target_token_id: int | None = None, texts: list[str] | None = None,
                post_reader: Any = None, **_: Any) -> dict[str, torch.Tensor]:
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
        out = {"sentiment": self.sentiment_head(doc), "risk": self.risk_head(doc), "entity": self.entity_head(ent)}
        if texts is not None and self.has_lexical and self.config.lexical_alpha:
            if len(texts) != input_ids.size(0):
                raise ValueError(f"{len(texts)} texts for a batch of {input_ids.size(0)}")
            out = self.fuse(out, texts, post_reader)
        return out


def lexical_layout(n_sent: int, n_risk: int) -> dict[str, Any]:
    """Columns of the lexical head. The two sentiment experts store the logits of classes 1.. minus
    class 0's (a softmax needs no more, and the checkpoint stays under 50 MB); risk is one softmax
    over the codes and "none"; entity is negative-about and is-subject."""
    widths = [("sentiment", n_sent - 1), ("post_sentiment", n_sent - 1), ("register", 1),
              ("risk", n_risk + 1), ("entity", 2)]
    out: dict[str, Any] = {}
    start = 0
    for name, w in widths:
        out[name] = slice(start, start + w)
        start += w
    out["width"] = start
    return out


def with_post_reader(posts_expert: torch.Tensor, gate: torch.Tensor, texts: list[str], reader: Any) -> torch.Tensor:
    """The posts expert's probabilities with the posts encoder's share, (1 - w) * expert + w * encoder, for the
    texts the register gate reads as posts; the others keep the expert alone and pay no forward pass."""
    rows = torch.nonzero(gate >= POST_GATE_MIN).flatten().tolist()
    if not rows:
        return posts_expert
    w = float(reader.weight)
    enc = torch.as_tensor(reader.probs([texts[i] for i in rows]), dtype=posts_expert.dtype, device=posts_expert.device)
    out = posts_expert.clone()
    out[rows] = (1 - w) * posts_expert[rows] + w * enc
    return out


def fuse_sentiment(neural: Any, lex: dict[str, Any], alpha: dict[str, Any]) -> Any:
    """The mixture of experts for document sentiment (probabilities in, probabilities out; numpy or
    torch): g * (a_post * neural + (1 - a_post) * posts expert) + (1 - g) * (a * neural + (1 - a) *
    general expert), g = the register gate's P(post)."""
    a, a_post = float(alpha.get("sentiment", 1.0)), float(alpha.get("post_sentiment", 1.0))
    general = a * neural + (1 - a) * lex["sentiment"]
    post = a_post * neural + (1 - a_post) * lex["post_sentiment"]
    g = lex["register"][:, None]
    return g * post + (1 - g) * general


def lexical_vectorizer(n_features: int, context: int = 0):
    """The stateless featuriser of the lexical head (also used to fit it): raw counts of hashed
    character 1-3-grams of the lower-cased text. With `context` > 0, the n-grams within `context`
    characters left and right of each target mark ([TGT]) and each other-entity mark ([OTH]) are
    counted again as tagged features: in an entity text every candidate shares the text's global
    n-grams, and what is said right next to *this* name is what tells them apart. Document texts
    carry no marks, so their features do not change."""
    from sklearn.feature_extraction.text import HashingVectorizer

    if context <= 0:
        return HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=n_features, alternate_sign=False,
                                 norm=None, lowercase=True, dtype="float32")
    return HashingVectorizer(analyzer=_ContextAnalyzer(context), n_features=n_features, alternate_sign=False,
                             norm=None, dtype="float32")


class _ContextAnalyzer:
    """sklearn's char 1-3-gram analyzer plus tagged n-grams of the windows beside each mark."""

    def __init__(self, context: int):
        from sklearn.feature_extraction.text import HashingVectorizer

        self.context = context
        self.base = HashingVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=True).build_analyzer()
        self.marks = ((TARGET.lower(), "<T"), (OTHER.lower(), "<O"))

    def __call__(self, text: str) -> list[str]:
        grams = self.base(text)
        low = text.lower()
        for mark, tag in self.marks:
            start = low.find(mark)
            while start >= 0:
                end = start + len(mark)
                for side, window in (("L>", low[max(0, start - self.context):start]), ("R>", low[end:end + self.context])):
                    grams += [tag + side + window[i:i + n] for n in (1, 2, 3) for i in range(len(window) - n + 1)]
                start = low.find(mark, end)
        return grams


AutoConfig.register(MODEL_TYPE, IpwatchRiskConfig)
AutoModel.register(IpwatchRiskConfig, IpwatchRiskModel)
