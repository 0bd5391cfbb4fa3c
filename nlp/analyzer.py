"""`Analyzer`: the model, its tokenizer and the entity matcher, loaded once and held by the caller.

`Analyzer.analyze(articles)` takes dicts with `id`, `title`, `text`, optional `published_at` and
returns one result dict per article (the `analysis` of docs/contracts.md plus `id`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from ipwatch.errors import ConfigError
from ipwatch.context import AppContext
from ipwatch.watchlist import Watchlist
from nlp import names, subject
from nlp.cues import BYSTANDER_DAMPING, is_bystander, risk_with_cues
from nlp.dates import event_date, latest_stated_day, publish_date
from nlp.encode import mark
from nlp.encoder import PostEncoder
from nlp.entities import EntityHit, EntityMatcher
from nlp.hanzi import simplified
from nlp.matters import HISTORICAL_AFTER_DAYS, MatterHead
from nlp.severity import severity
from nlp.statements import cue_matter, cue_wording

RISK_THRESHOLD = 0.5          # defaults; a checkpoint's config carries the thresholds tuned on dev data
NEGATIVE_THRESHOLD = 0.5
SUBJECT_MIN = 0.2
DOC_LEN = 128  # the length the document heads were trained at


def load_model(path: Path):
    """Tokenizer and model from a Hugging Face checkpoint directory (ours, any encoder inside)."""
    from transformers import AutoConfig, AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()

    import nlp.model  # noqa: F401 - registers ipwatch-risk with the Auto classes

    path = Path(path)
    if not (path / "config.json").exists():
        raise ConfigError(str(path), "no Hugging Face checkpoint here (config.json missing); "
                                     "train one with `ipwatch train` or set nlp.model_path")
    cfg = AutoConfig.from_pretrained(path)
    if cfg.model_type != nlp.model.MODEL_TYPE:
        raise ConfigError(str(path), f"a bare {cfg.model_type!r} encoder has no ipwatch heads; "
                                     f"fine-tune it first: ipwatch train --base-model {path} --output DIR")
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    return tok, model


class Analyzer:
    def __init__(self, model_path: Path, watchlist: Watchlist, batch_size: int = 32, max_length: int = 256,
                 device: str = "cpu", threads: int | None = 2, max_text_chars: int = 100_000):
        self.max_text_chars = max_text_chars
        self.truncated = 0      # texts cut to max_text_chars so far (the CLI reports it)
        if threads:
            torch.set_num_threads(min(threads, torch.get_num_threads()))
        self.tokenizer, self.model = load_model(model_path)
        self.device = torch.device(device)
        self.model.to(self.device)
        self.model_name = Path(model_path).name
        self.matcher = EntityMatcher(watchlist)
        self.batch_size = batch_size
        self.max_length = min(max_length, int(getattr(self.model.config, "max_seq_length", max_length)))
        self.doc_length = min(self.max_length, DOC_LEN)
        self.codes = list(self.model.config.risk_codes)
        self.risk_threshold = float(getattr(self.model.config, "risk_threshold", RISK_THRESHOLD))
        self.negative_threshold = float(getattr(self.model.config, "entity_threshold", NEGATIVE_THRESHOLD))
        self.subject_ranker = getattr(self.model.config, "subject_ranker", None)
        self.name_prior = names.NamePrior(getattr(self.model.config, "name_prior", None))
        self.sentiments = list(self.model.config.sentiments)
        # reportable matters with status and evidence (nlp/matters.py); checkpoints without it use the
        # risk head and cues for every code
        self.matters = MatterHead.load(Path(model_path))
        # the posts' sentiment encoder (nlp/encoder.py); checkpoints without it read posts lexically
        self.post_reader = PostEncoder.load(Path(model_path))

    @classmethod
    def from_app(cls, app: AppContext, watchlist: Watchlist | None = None) -> Analyzer:
        nlp_cfg = app.settings.nlp
        return cls(app.settings.path(nlp_cfg.model_path), watchlist or app.watchlist,
                   batch_size=nlp_cfg.batch_size, max_length=nlp_cfg.max_length, device=nlp_cfg.device,
                   max_text_chars=nlp_cfg.max_text_chars)

    @torch.no_grad()
    def _run(self, texts: Sequence[str], max_len: int, post_reader: Any = None) -> dict[str, torch.Tensor]:
        outs: dict[str, list[torch.Tensor]] = {"sentiment": [], "risk": [], "entity": []}
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), self.batch_size):
            idx = order[i:i + self.batch_size]
            batch = [texts[j] for j in idx]
            enc = self.tokenizer(batch, truncation=True, max_length=max_len, padding=True,
                                 return_tensors="pt").to(self.device)
            # the raw texts feed the lexical head of checkpoints that have one (late fusion)
            out = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], texts=batch,
                             post_reader=post_reader)
            outs["sentiment"].append(torch.softmax(out["sentiment"].float(), -1).cpu())
            outs["risk"].append(torch.sigmoid(out["risk"].float()).cpu())
            outs["entity"].append(torch.sigmoid(out["entity"].float()).cpu())
        if not order:
            return {k: torch.zeros(0) for k in outs}
        inv = torch.empty(len(order), dtype=torch.long)
        inv[torch.tensor(order)] = torch.arange(len(order))
        return {k: torch.cat(v)[inv] for k, v in outs.items()}

    def analyze(self, articles: Iterable[dict[str, Any]],
                progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
        """Analyse a batch of articles; returns one result per article, in order. A text longer than
        `max_text_chars` (title + text) is analysed up to that length and its result says so."""
        arts = list(articles)
        cut = [cut_text(a, self.max_text_chars) for a in arts]
        arts = [a for a, _ in cut]
        self.truncated += sum(1 for _, n in cut if n is not None)
        docs, shown, hits, pair_texts, pair_index = [], [], [], [], []
        for a_i, a in enumerate(arts):
            title, text = (a.get("title") or "").strip(), a.get("text") or ""
            shown.append(f"{title}\n{text}" if title else text)
            # read in simplified characters; evidence quotes the text as crawled (same places)
            doc = simplified(shown[-1])
            docs.append(doc)
            found = self.matcher.find(doc)
            hits.append(found)
            for h_i, h in enumerate(found):
                others = [s for o in found if o is not h for s in o.spans]
                pair_texts.append(mark(doc, h.spans, others, self.max_length))
                pair_index.append((a_i, h_i))
        doc_out = self._run(docs, self.doc_length, self.post_reader)
        found = self.matters.detect_many(docs) if self.matters else [[] for _ in docs]
        ent_out = self._run(pair_texts, self.max_length)
        ent_scores: dict[tuple[int, int], tuple[float, float]] = {
            key: (float(ent_out["entity"][k, 0]), float(ent_out["entity"][k, 1])) for k, key in enumerate(pair_index)}
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        results = []
        for a_i, a in enumerate(arts):
            title = (a.get("title") or "").strip()
            results.append(self._result(a, docs[a_i], shown[a_i], len(title) + 1 if title else 0, hits[a_i],
                                        doc_out["sentiment"][a_i], doc_out["risk"][a_i],
                                        [ent_scores[(a_i, h_i)] for h_i in range(len(hits[a_i]))], now,
                                        found[a_i]))
            if cut[a_i][1] is not None:
                results[-1].update(truncated=True, original_chars=cut[a_i][1])
            if progress:
                progress(1)
        return results

    def _result(self, art: dict[str, Any], doc: str, shown: str, text_offset: int, hits: list[EntityHit],
                sent: torch.Tensor, risk: torch.Tensor, ent: list[tuple[float, float]], now: str,
                found: list[dict[str, Any]]) -> dict[str, Any]:
        sentiment_scores = {s: round(float(p), 4) for s, p in zip(self.sentiments, sent, strict=True)}
        sentiment = max(sentiment_scores, key=sentiment_scores.__getitem__)
        risk_scores = risk_with_cues({c: round(float(p), 4) for c, p in zip(self.codes, risk, strict=True)}, doc,
                                     self.risk_threshold)
        risk_types = [c for c, p in risk_scores.items() if p >= self.risk_threshold]
        matters = [self._matter(m, doc, shown, text_offset, published_day(art)) for m in found]
        if self.matters:
            # the matter head decides the codes it was trained on: present only when it occurred
            own = set(self.matters.codes)
            risk_types = [c for c in risk_types if c not in own]
            for c in own:
                risk_scores[c] = 0.0
            for m in matters:
                if m["status"] == "occurred":
                    risk_scores[m["code"]] = m["score"]
                    risk_types.append(m["code"])
            # the other codes, found by the document model and the cues, quote the sentence with the code's
            # wording and keep the status the guide's rules read there; only an occurred one stays a risk type, and
            # one whose wording no sentence states (`已移出经营异常名录`) is none
            for c in [c for c in risk_types if c not in own]:
                if (cued := cue_matter(doc, c)) is not None:
                    matters.append(self._matter({**cued, "score": risk_scores[c]}, doc, shown, text_offset,
                                                published_day(art)))
                    if matters[-1]["status"] != "occurred":
                        risk_types.remove(c)
                elif any(rx.search(doc) for rx in cue_wording(c)):
                    risk_types.remove(c)
        risk_types = sorted(set(risk_types), key=lambda c: -risk_scores[c])
        ent = list(ent)
        for i, h in enumerate(hits):  # bystander wording damps the negative score (nlp/cues.py)
            if len(hits) > 1 and is_bystander(doc, h.spans):
                ent[i] = (ent[i][0] * BYSTANDER_DAMPING, ent[i][1] * BYSTANDER_DAMPING)
        surfaces = [max(h.matched or [h.name], key=len) for h in hits]
        prior = self.name_prior.scores(surfaces)
        # the negative-about score with what each name says beside the article's other names (nlp/names.py);
        # the ranker reads the two apart
        negative = [float(v) for v in names.adjust_negative([n for n, _ in ent], prior,
                                                            self.name_prior.negative_weight)]
        subject_i = None
        if hits:
            # in negative news the subject ranker decides (model scores + how each is named,
            # nlp/subject.py); otherwise the subject head (the rule `ipwatch evaluate` measures)
            if max(negative) >= self.negative_threshold:
                ranked = [subject.score(self.subject_ranker, subject.features(
                    ent[i][0], ent[i][1], surfaces[i], [s for j, s in enumerate(surfaces) if j != i], len(h.spans),
                    h.first, len(doc), prior[i])) for i, h in enumerate(hits)]
                subject_i = max(range(len(hits)), key=lambda i: ranked[i])
            else:
                best = max(range(len(hits)), key=lambda i: ent[i][1])
                if ent[best][1] >= SUBJECT_MIN or len(hits) == 1:
                    subject_i = best
        entities = []
        for i, h in enumerate(hits):
            neg = negative[i]
            if neg >= self.negative_threshold:
                e_sent = "negative"
            elif i == subject_i and sentiment == "positive":
                e_sent = "positive"
            else:
                e_sent = "neutral"
            text_spans = [[s - text_offset, e - text_offset] for s, e in h.spans if s >= text_offset]
            title_spans = [[s, e] for s, e in h.spans if s < text_offset]
            entities.append({"id": h.id, "name": h.name, "spans": text_spans, "title_spans": title_spans,
                             "matched": h.matched, "role": "subject" if i == subject_i else "mentioned",
                             "sentiment": e_sent, "negative_score": round(neg, 4)})
        date, date_source = event_date(doc, published_day(art))
        top = next((m for m in matters if m["status"] == "occurred" and m["code"] in risk_types[:1]), None)
        if top and top["event_date_source"] == "text":
            # the day the matter occurred is the one its own sentence gives
            date, date_source = top["event_date"], "text"
        subj_neg = negative[subject_i] if subject_i is not None else None
        sev = severity(risk_scores, risk_types, sentiment_scores.get("negative", 0.0), subj_neg,
                       subject_i is not None, doc)
        return {
            "id": art.get("id"),
            "status": "done",
            "model": self.model_name,
            "analyzed_at": now,
            "sentiment": sentiment,
            "sentiment_scores": sentiment_scores,
            "risk_types": risk_types,
            "risk_scores": risk_scores,
            "matters": matters,
            "entities": entities,
            "entity_ids": [e["id"] for e in entities],
            "negative_entity_ids": [e["id"] for e in entities if e["sentiment"] == "negative"],
            "subject": entities[subject_i]["id"] if subject_i is not None else None,
            "event_date": date,
            "event_date_source": date_source,
            "severity": sev if not math.isnan(sev) else 0.0,
        }

    @staticmethod
    def _matter(m: dict[str, Any], doc: str, shown: str, text_offset: int,
                published_at: str | None) -> dict[str, Any]:
        """A detected matter as `analyze` reports it: evidence sentence as the article gives it (`shown`;
        `doc` is what was read, of the same length), its span in `text` (or in `title`), and the date its
        own sentence gives."""
        s, e = m["start"], m["end"]
        in_text = s >= text_offset
        # the date: the evidence's own, else the first other sentence stating the code that gives one
        day, day_source = None, "published"
        for a, b in [[s, e], *m.get("sentences", [])]:
            day, day_source = event_date(doc[a:b], published_at)
            if day_source == "text":
                break
        status, pub = m["status"], publish_date(published_at)
        stated = latest_stated_day(doc[s:e]) if status == "occurred" and pub is not None else None
        if stated is not None and (pub - stated).days > HISTORICAL_AFTER_DAYS:
            # `2016年8月…被罚款6万元` in a 2023 article is background, not news: no duty for it
            status = "historical"
        return {"code": m["code"], "status": status, "score": m["score"], "evidence": shown[s:e],
                "span": [s - text_offset, e - text_offset] if in_text else None,
                "title_span": None if in_text else [s, min(e, text_offset - 1 if text_offset else e)],
                "event_date": day if day_source == "text" else None,
                "event_date_source": "text" if day_source == "text" else None}


def published_day(art: dict[str, Any]) -> str | None:
    """The article's publish time, or None when it has none: older documents stored the crawl
    time as `published_at` (`published_at_source: fetched`), which dates nothing."""
    return None if art.get("published_at_source") in ("fetched", "none") else art.get("published_at")


def cut_text(article: dict[str, Any], max_chars: int) -> tuple[dict[str, Any], int | None]:
    """(the article within `max_chars` of title + text, its original length if it was cut).

    Why: memory grows with the text (entity matching, one marked copy per entity hit), so one 10 MB
    line took `analyze` to 4 GB. News that matters fits in far less; the cut is flagged, not silent.
    """
    title, text = article.get("title") or "", article.get("text") or ""
    total = len(title) + len(text)
    if total <= max_chars:
        return article, None
    title = title[:max_chars]
    return {**article, "title": title, "text": text[:max(0, max_chars - len(title))]}, total


def analyze(articles: Iterable[dict[str, Any]], analyzer: Analyzer) -> list[dict[str, Any]]:
    """Functional form: `analyze(articles, analyzer) -> results` (batched inside)."""
    return analyzer.analyze(articles)
