"""Reportable matters in real text: which risk code a sentence states, whether it happened, and the
words that say so.

A text is cut into sentences (and its title); a per-code logistic regression over character 1-3-gram
TF-IDF of each sentence, fused with the code's finder words, scores every sentence; a status
classifier reads each clause over the code's threshold (`occurred`, `planned`, `denied`,
`speculated` or `historical`, docs/annotation.md), and the statement likeliest to have occurred is
the **evidence**. Only an occurred matter is a present risk type, and only that opens a reporting duty.
Where the checkpoint has one, the matter encoder (nlp/encoder.py) reads the excerpt too, and a share of its
probability joins the present score (`ENCODER_WEIGHT`); the head asks it only where that could matter.
A long module: the head's parts and the order they are read in belong together.

Trained on the annotated set `nlp/data/matters/` (read by people, split by source document); stored
beside the checkpoint as `matters.npz` (`MatterHead.save` / `load`). `ipwatch train --matters-only` fits it
(about 9 min on 2 cores: C and thresholds chosen by cross-validation); `ipwatch evaluate` scores it per code
beside the codes' own keywords.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.cues import DEFINING, NOT_STATED, REQUIRED, RISK_CUES, names_no_organisation
from nlp.statements import (STATUS_CUES, TITLE_MARKS, after_gap, asked_either_way, bankruptcy_threatened, clauses,
                             deal_agreed, deal_completed, deal_failed, deal_may_fail, deal_pending, default_stated,
                             denied_before, gain_realised, hedged, in_statute_titles_only, investigation_opened,
                             later_statements, office_left, opinion_only_in_names, penalty_absorbs_violation,
                             planned_by_name, reported_status, sentences, short_name_only, stake_sold,
                             stated_in_legal_words, status_window, stock_code_only, story_alone, told_as_history)
from ipwatch.taxonomy import CODES, FINDERS, STATUSES

FILE = "matters.npz"

# the standard disclaimer of listed-company announcements states nothing that happened
BOILERPLATE = re.compile(r"(不存在|没有|无)(任何)?虚假记载、?误导性陈述或(者)?重大遗漏")
# nor does a section heading of one (`三、相关风险提示`, `重要内容提示：`): 风险提示 read as a regulatory action
SECTION_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:相关|重大|其他)?(?:风险提示|重要内容提示|特别提示|"
                             r"重要提示)[：:]?$")
WINDOW = 300      # characters the document part reads (the annotated excerpts' length, docs/annotation.md)
STATUS_VETO = 0.1  # P(occurred) under which a matter is never present (5-fold CV, thresholds chosen before it:
                   # macro 0.765 -> 0.764, false alarms 0.231 -> 0.226)
# P(a sentence states the code) under which no sentence of the text states it: the matter is not present, however sure
# the document part and the encoder are, and no evidence would say why (`【关注】` quoted for a case only sent to the
# prosecutors; a court's fine a rule of the guide zeroed beside another story; out of fold 5 right, 1 wrong)
STATED_MIN = 0.01
# an occurred matter whose own sentence dates it more than this before publication is told as history
# (docs/annotation.md: `historical` is background years before the news); `analyze` applies it
HISTORICAL_AFTER_DAYS = 365
DOC_WEIGHT = 0.5   # the document part's share of the present score (5-fold CV: 0.3 / 0.5 / 0.7 alike, 0.5 best)
# the matter encoder's share of the present score, when the checkpoint has one (5-fold CV, two seeds of the
# encoder: 0.2-0.5 all gain beyond the noise, 0.4 most; docs/nlp-experiments.md, stop 39)
ENCODER_WEIGHT = 0.4


def window(spans: list[tuple[int, int]], start: int, end: int, limit: int = WINDOW) -> tuple[int, int]:
    """[start, end) of whole sentences around the sentence [start, end), at most `limit` characters
    (the sentence alone when it is longer)."""
    i = next((k for k, (s, e) in enumerate(spans) if s == start and e == end), None)
    if i is None:
        return start, end
    lo = hi = i
    while True:
        grew = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(spans) and max(spans[hi][1], spans[j][1]) - min(spans[lo][0], spans[j][0]) <= limit:
                lo, hi, grew = min(lo, j), max(hi, j), True
        if not grew:
            return spans[lo][0], spans[hi][1]


# the codes' own keywords (the baseline `ipwatch evaluate` compares with) are features too, so the head
# sees what they see (5-fold CV: leadership change 0.824 -> 0.851, macro unchanged)
_FEATURE_RX = [re.compile(v) for v in FINDERS.values()] + [re.compile(v) for v in STATUS_CUES.values()] + \
    [BOILERPLATE] + list(RISK_CUES.values())


def finder_features(texts: Sequence[str]) -> np.ndarray:
    """One 0/1 column per statutory finder, one per status cue, one for boilerplate, one per code's keywords."""
    return np.array([[1.0 if rx.search(t) else 0.0 for rx in _FEATURE_RX] for t in texts], dtype=np.float32)


def occurred_by_rule(context: str, code: str) -> bool:
    """The guide's wording of a matter that happened, whatever the classifier reads (statements.py): a deal
    terminated, agreed or completed, shares sold for a sum, an investigation opened, an office no longer held, a
    payment due not made, a debtor's listing or a penalty in the guide's words."""
    return (code == "restructuring" and (deal_failed(context) or deal_agreed(context, code) or
                                         stake_sold(context, code))) or \
        deal_completed(context, code) or gain_realised(context, code) or \
        (code == "regulatory_action" and investigation_opened(context)) or office_left(context, code) or \
        default_stated(context, code) or stated_in_legal_words(context, code)


def _report_overrides(status: np.ndarray, text: str, start: int, end: int, code: str) -> None:
    """Set, in place, the status of the statement in text[start:end] that the text around it gives
    (statements.reported_status): `网传某某银行破产，该行表示消息纯属谣言` is denied, `网传董事长被带走调查，公司回应称
    正在核实` speculated, `曾于2018年被中国资产评估协会通报批评` historical; the few characters the status classifier
    reads take all three as news."""
    told = reported_status(text, start, end, code)
    read = STATUSES[int(np.argmax(status))]
    if (told == "speculated" and read in ("denied", "historical") and not asked_either_way(text, start, end, code)) \
            or (told == "historical" and read == "denied"):
        # hearsay of a denial or of history (`此前有消息称…在2011年就曾“约谈”`) is that, a past denial a denial; and
        # it is never news (`企业一旦被列入失信名单，…受到限制`, a lawyer's condition the classifier took as history, was
        # read as a debtor that occurred: its P(occurred) stayed over STATUS_VETO; stop 65)
        told = read
    if told is not None:
        status[:] = 0.0
        status[STATUSES.index(told)] = 1.0


@dataclass
class MatterHead:
    """Vocabulary, idf and the per-code and status weights; numbers only, so it saves as one npz."""

    vocab: list[str]
    idf: np.ndarray
    codes: list[str]
    coef: np.ndarray            # (codes, features + finders)
    intercept: np.ndarray       # (codes,)
    thresholds: np.ndarray      # (codes,) probability a sentence needs to state the code
    status_coef: np.ndarray     # (statuses, features + finders + codes)
    status_intercept: np.ndarray
    occurred_min: float = 0.5   # P(occurred) a matter needs to be present; else the likeliest other status
    meta: dict[str, Any] = field(default_factory=dict)
    doc_coef: np.ndarray | None = None          # (codes, features + finders): the code occurred, whole text
    doc_intercept: np.ndarray | None = None
    present_thresholds: np.ndarray | None = None  # (codes,) fused score a present matter needs
    encoder: Any = None         # nlp.encoder.MatterEncoder, or anything with `codes` and `probs(texts)`
    _vec: Any = None

    @property
    def encoder_weight(self) -> float:
        """The encoder's share of the present score: what the present thresholds were chosen with."""
        return float(self.meta.get("encoder_weight", 0.0)) if self.encoder is not None else 0.0

    @property
    def trigger_left(self) -> int | None:
        """How far before the finder word the status reads (`status_window`), as the head was trained."""
        v = self.meta.get("status_trigger_left")
        return None if v is None else int(v)

    # --- features -------------------------------------------------------------------------------
    def _vectorizer(self):
        if self._vec is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                  vocabulary={t: i for i, t in enumerate(self.vocab)}, dtype=np.float32)
            vec.idf_ = self.idf.astype(np.float64)
            self._vec = vec
        return self._vec

    def features(self, texts: Sequence[str]):
        from scipy import sparse

        return sparse.hstack([self._vectorizer().transform(list(texts)),
                              sparse.csr_matrix(finder_features(texts))]).tocsr()

    # --- scoring --------------------------------------------------------------------------------
    def sentence_scores(self, texts: Sequence[str], whole: bool = True) -> np.ndarray:
        """P(sentence states code) for each sentence and code; boilerplate sentences score 0. `whole=False` for
        clauses, which the guide's sentence rules (cues.NOT_STATED) do not read: `并未失联` is a clause of
        `董事长仍在正常履职，并未失联` that names no position, yet its sentence does."""
        if not texts:
            return np.zeros((0, len(self.codes)), dtype=np.float32)
        x = self.features(texts)
        p = 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))
        p = np.asarray(p, dtype=np.float32)
        boiler = np.array([(bool(BOILERPLATE.search(t)) and len(t) < 200) or bool(SECTION_HEADING.match(t.strip()))
                           for t in texts])
        p[boiler] = 0.0
        # a sentence without the code's required words (nlp/cues.REQUIRED) states none, nor one whose words of the
        # code all lie in a statute's title (`根据《行政处罚法》…决定对公司立案`); wording that states a matter in
        # the taxonomy's own legal words (nlp/cues.DEFINING) is never missed: such a sentence reaches the code's
        # threshold whatever the n-grams say, unless a rule of the guide says it states none (`犯欺诈发行罪被罚850万`
        # holds the headline's 被罚 in a court's fine)
        titled = [i for i, t in enumerate(texts) if any(mark in t for mark in TITLE_MARKS)]
        for k, code in enumerate(self.codes):
            if (rx := REQUIRED.get(code)) is not None:
                p[[not rx.search(t) for t in texts], k] = 0.0
            unstated = np.zeros(len(texts), dtype=bool)
            if whole and (rule := NOT_STATED.get(code)) is not None:   # 对傅某某等人采取强制措施, 被移送审查起诉
                unstated = np.array([rule(t) for t in texts], dtype=bool)
                p[unstated, k] = 0.0
            p[[i for i in titled if in_statute_titles_only(texts[i], code)], k] = 0.0
            if (rx := DEFINING.get(code)) is not None:
                hit = np.array([bool(rx.search(t)) for t in texts]) & ~unstated
                p[hit, k] = np.maximum(p[hit, k], self.thresholds[k])
        # an industry's count names no organisation, whatever its wording (`共有97家公司被实施退市风险警示`), nor does a
        # how-to (`负责人变更登记需要提交哪些材料？`)
        p[[whole and names_no_organisation(t) for t in texts]] = 0.0
        return p

    def status_of(self, probs: np.ndarray) -> str:
        """Occurred when its probability reaches `occurred_min`, else the likeliest other status."""
        if probs[0] >= self.occurred_min:
            return STATUSES[0]
        return STATUSES[1 + int(np.argmax(probs[1:]))]

    def status_clause(self, doc: str, start: int, end: int, code_index: int) -> tuple[int, int]:
        """[start, end) of the clause of doc[start:end] that scores highest for the code: the status reads it, cut
        as `statements.status_window` cuts it for this head."""
        spans = clauses(doc, start, end)
        if len(spans) > 1:
            p = self.sentence_scores([doc[a:b] for a, b in spans], whole=False)[:, code_index]
            return spans[int(np.argmax(p))]
        return start, end

    def status_features(self, texts: Sequence[str], codes: Sequence[str]):
        """What the status classifier reads: the context's features and the code, one-hot."""
        from scipy import sparse

        onehot = np.zeros((len(texts), len(self.codes)), dtype=np.float32)
        for i, c in enumerate(codes):
            onehot[i, self.codes.index(c)] = 1.0
        return sparse.hstack([self.features(texts), sparse.csr_matrix(onehot)]).tocsr()

    def status_probs(self, texts: Sequence[str], codes: Sequence[str]):
        x = self.status_features(texts, codes)
        z = np.asarray(x @ self.status_coef.T + self.status_intercept)
        z = np.exp(z - z.max(1, keepdims=True))
        z = z / z.sum(1, keepdims=True)
        for i, (t, c) in enumerate(zip(texts, codes, strict=True)):
            if occurred_by_rule(t, c):
                z[i] = 0.0
                z[i, 0] = 1.0
            elif denied_before(t, c):
                # 否认董事长辞职, 并未被立案调查, 不存在任何诉讼, 实际控制人未发生变更 (statements.denied_before)
                z[i] = 0.0
                z[i, STATUSES.index("denied")] = 1.0
            elif planned_by_name(t, c):
                # 减持股份预披露, 减持计划, 拟辞去, 申请撤销退市风险警示, 签订股权转让意向书: a plan by its name, not a guess
                # (statements.planned_by_name)
                z[i] = 0.0
                z[i, STATUSES.index("planned")] = 1.0
            elif hedged(t, c) or (c == "restructuring" and (deal_may_fail(t) or deal_pending(t))) or \
                    (c == "bankruptcy_closure" and bankruptcy_threatened(t)):
                # 拟减持, 或被免职, 有望增持, 重组恐流产, 重组生变, 面临破产: a plan or a guess, never occurred
                # (statements.hedged, deal_may_fail, deal_pending, bankruptcy_threatened)
                z[i, 0] = 0.0
                z[i] /= max(float(z[i].sum()), 1e-12)
            elif told_as_history(t, c):
                # 曾因违规排污被罚款: background, not the news (statements.told_as_history)
                z[i] = 0.0
                z[i, STATUSES.index("historical")] = 1.0
        return z

    def detect(self, doc: str) -> list[dict[str, Any]]:
        """Matters of one document: [{code, status, score, start, end, sentences}] (offsets in `doc`; the
        evidence is the best sentence, `sentences` every one that states the code), best first."""
        return self.detect_many([doc])[0]

    def doc_probs(self, docs: Sequence[str]) -> np.ndarray:
        """P(the text states the code as occurred), read from the whole text (docs x codes); zeros
        when the head has no document part."""
        if self.doc_coef is None or not docs:
            return np.zeros((len(docs), len(self.codes)), dtype=np.float32)
        z = self.features(docs) @ self.doc_coef.T + self.doc_intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)

    def _doc_part(self, docs: Sequence[str], spans: list[list[tuple[int, int]]],
                  best: dict[tuple[int, int], tuple[float, int, int]]) -> np.ndarray:
        """The document part's probabilities. It was trained on excerpts of at most `WINDOW`
        characters, so a longer text is read, per code, in the window of whole sentences around
        that code's best sentence."""
        out = np.zeros((len(docs), len(self.codes)), dtype=np.float32)
        if self.doc_coef is None:
            return out
        short = [i for i, d in enumerate(docs) if len(d) <= WINDOW]
        if short:
            out[short] = self.doc_probs([docs[i] for i in short])
        wins: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        for (i, c), (_, s, e) in best.items():
            if len(docs[i]) > WINDOW:
                wins.setdefault((i, *window(spans[i], s, e)), []).append((i, c))
        if wins:
            keys = list(wins)
            probs = self.doc_probs([docs[i][a:b] for i, a, b in keys])
            for row, key in zip(probs, keys, strict=True):
                for i, c in wins[key]:
                    out[i, c] = row[c]
        return out

    def present_score(self, doc_p: float, sentence_p: float, occurred_p: float) -> float:
        """How sure the head is that the code occurred: the document part's probability fused with
        the best sentence's, times the status classifier's P(occurred) (5-fold CV, docs/nlp-experiments.md)."""
        return DOC_WEIGHT * doc_p + (1.0 - DOC_WEIGHT) * sentence_p * occurred_p

    def assess(self, docs: Sequence[str], floor: np.ndarray | None = None,
               decide_only: bool = False) -> list[dict[int, dict[str, Any]]]:
        """Per document, per code index worth a look: the best sentence (`p`, `start`, `end`), every
        sentence over the code's threshold (`sentences`), the document part's `doc_p`, the status
        probabilities of the best sentence (`status`), the fused `present` score and `defining` (the sentence holds
        the code's legal wording, or a rule of the guide reads its statement as occurred). A code is worth
        a look when a sentence reaches its threshold or the fused score could reach `floor`. With `decide_only`
        the encoder is asked only where its reading decides whether `present` reaches `floor`; elsewhere
        `present` is the head's share alone, on the same side of the floor as the fused score."""
        spans = [sentences(d) for d in docs]
        flat = [(i, s, e) for i, sp in enumerate(spans) for s, e in sp]
        probs = self.sentence_scores([docs[i][s:e] for i, s, e in flat])
        has_doc = self.doc_coef is not None
        floor = self.present_thresholds if floor is None and has_doc else floor
        best: dict[tuple[int, int], tuple[float, int, int]] = {}
        stating: dict[tuple[int, int], list[list[int]]] = {}   # every sentence that states the code, in order
        for k, (i, s, e) in enumerate(flat):
            for c in range(len(self.codes)):
                p = float(probs[k, c])
                if p >= self.thresholds[c]:
                    stating.setdefault((i, c), []).append([s, e])
                if p > best.get((i, c), (-1.0, 0, 0))[0]:
                    best[(i, c)] = (p, s, e)
        dp = self._doc_part(docs, spans, best)
        w = self.encoder_weight

        def worth(i: int, c: int) -> bool:
            if (i, c) in stating:
                return True
            # the encoder adds at most w: below this bound the fused score cannot reach the floor, so it is not asked
            return has_doc and floor is not None and \
                (1.0 - w) * (DOC_WEIGHT * dp[i, c] + (1.0 - DOC_WEIGHT) * best[(i, c)][0]) + w >= floor[c]
        keys = [key for key in sorted(best) if worth(*key)]
        out: list[dict[int, dict[str, Any]]] = [{} for _ in docs]
        if not keys:
            return out
        sent_p = {(i, s, e): probs[k] for k, (i, s, e) in enumerate(flat)}
        chosen = self._status_readings(docs, keys, best, stating, sent_p)
        head_p = [(1.0 - w) * self.present_score(float(dp[i, c]), p, float(row[0]))
                  for (i, c), (p, _, _, row, _) in zip(keys, chosen, strict=True)]
        ask = [key for key, hp in zip(keys, head_p, strict=True)
               if not decide_only or floor is None or hp < floor[key[1]] <= hp + w]
        ep = self._encoder_part(docs, spans, best, ask) if w else {}
        for (i, c), (p, s, e, row, ruled), hp in zip(keys, chosen, head_p, strict=True):
            rx = DEFINING.get(self.codes[c])
            out[i][c] = {"p": p, "start": s, "end": e, "sentences": stating.get((i, c), [[s, e]]),
                         "defining": bool(rx is not None and rx.search(docs[i][s:e]))
                         or (ruled and p >= self.thresholds[c]),
                         "doc_p": float(dp[i, c]), "status": row,
                         "present": hp + w * ep.get((i, c), 0.0)}
        return out

    def _encoder_part(self, docs: Sequence[str], spans: list[list[tuple[int, int]]],
                      best: dict[tuple[int, int], tuple[float, int, int]], keys: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The encoder's P(occurred) per (document, code) worth a look; like the document part, it reads a text
        of at most `WINDOW` characters whole and a longer one in the window around the code's best sentence."""
        where = {code: n for n, code in enumerate(self.encoder.codes)}
        asks: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        for i, c in keys:
            if self.codes[c] in where:
                _, s, e = best[(i, c)]
                a, b = (0, len(docs[i])) if len(docs[i]) <= WINDOW else window(spans[i], s, e)
                asks.setdefault((i, a, b), []).append((i, c))
        if not asks:
            return {}
        probs = self.encoder.probs([docs[i][a:b] for i, a, b in asks])
        return {(i, c): float(row[where[self.codes[c]]]) for row, found in zip(probs, asks.values(), strict=True)
                for i, c in found}

    def _status_readings(self, docs: Sequence[str], keys: list[tuple[int, int]],
                         best: dict[tuple[int, int], tuple[float, int, int]],
                         stating: dict[tuple[int, int], list[list[int]]],
                         sent_p: dict[tuple[int, int, int], np.ndarray]) -> list[tuple[float, int, int, np.ndarray, bool]]:
        """Per (document, code): the sentence p, its span and the status probabilities of the statement
        the status is read from. The status reads the clause that states the code, with a little of
        what precedes it (曾…, 公司否认…, 拟…). A code stated more than once (headlines that run several
        stories together: `…子公司减持604万股灵康药业:实控人未发生变更…`) is occurred when any
        statement of it is: every clause over the code's threshold is read, and each later statement of the code
        in a clause that runs stories together (statements.later_statements), and the one likeliest to
        be an occurred statement wins; without one, the best sentence's best clause speaks."""
        cands: list[tuple[int, float, int, int, str]] = []   # key index, sentence p, sentence span, context
        read: list[tuple[int, int]] = []                      # the clause each context was cut from
        extra: list[tuple[int, float, int, int, int, int, bool]] = []
        for n, (i, c) in enumerate(keys):
            p, s, e = best[(i, c)]
            a, b = self.status_clause(docs[i], s, e, c)
            cands.append((n, p, s, e, status_window(docs[i], a, b, self.codes[c], self.trigger_left)))
            read.append((a, b))
            for s2, e2 in stating.get((i, c), []):
                spans = clauses(docs[i], s2, e2)
                later = [x for a, b in spans for x in later_statements(docs[i], a, b, self.codes[c])]
                ps2 = float(sent_p[(i, s2, e2)][c])
                # (not a clause that is only a company's short name before its stock code, or only the code:
                # statements.short_name_only, stock_code_only)
                extra += [(n, ps2, s2, e2, a, b, False) for a, b in (spans if len(spans) > 1 else []) + later
                          if not short_name_only(docs[i], a, b) and not stock_code_only(docs[i], a, b)]
                # a clause after a headline's gap is also read on its own (statements.after_gap)
                extra += [(n, ps2, s2, e2, a, b, True) for a, b in spans if after_gap(docs[i], a, self.codes[c])]
        if extra:
            ps = self.sentence_scores([docs[keys[n][0]][a:b] for n, _, _, _, a, b, _ in extra], whole=False)
            for (n, p, s2, e2, a, b, own), row in zip(extra, ps, strict=True):
                c = keys[n][1]
                window = status_window(docs[keys[n][0]], a, b, self.codes[c], self.trigger_left, own)
                # a clause in the guide's wording of a matter done states it, however its n-grams score
                # (`公司完成对乙科技100%股权的收购，乙科技成为公司全资子公司`: the second clause scores higher)
                if row[c] >= self.thresholds[c] or occurred_by_rule(window, self.codes[c]):
                    cands.append((n, p, s2, e2, window))
                    read.append((a, b))
        for k in range(len(cands)):
            # a departure, a share deal or a bankruptcy filing in a run-on headline is also read without the next story
            # (statements.story_alone)
            n, p, s2, e2, w = cands[k]
            if (alone := story_alone(w, self.codes[keys[n][1]])) is not None:
                cands.append((n, p, s2, e2, alone))
                read.append(read[k])
        st = self.status_probs([x[4] for x in cands], [self.codes[keys[x[0]][1]] for x in cands])
        for k, (n, (a, b)) in enumerate(zip([x[0] for x in cands], read, strict=True)):
            _report_overrides(st[k], docs[keys[n][0]], a, b, self.codes[keys[n][1]])
        # cands[n] is key n's best clause; the other clauses follow all of them
        pick = list(range(len(keys)))
        for k, (n, p, _, _, _) in enumerate(cands):
            if p * st[k][0] > cands[pick[n]][1] * st[pick[n]][0]:
                pick[n] = k
        out: list[tuple[float, int, int, np.ndarray, bool]] = []
        for n, k in enumerate(pick):
            if st[k][0] < self.occurred_min:
                k = n
            ruled = st[k][0] == 1.0 and occurred_by_rule(cands[k][4], self.codes[keys[n][1]])
            out.append((cands[k][1], cands[k][2], cands[k][3], st[k], ruled))
        return out

    def first_statement(self, doc: str, code: int, stating: Sequence[Sequence[int]]) -> tuple[int, int, float, np.ndarray]:
        """The first of the sentences that state the code (`assess`'s `sentences`, in order: a title or lead comes
        first), its score and its status probabilities: what a matter that is not present is reported as, when the
        statement likeliest to have occurred was not enough."""
        s, e = stating[0]
        a, b = self.status_clause(doc, s, e, code)
        window = status_window(doc, a, b, self.codes[code], self.trigger_left)
        st = self.status_probs([window], [self.codes[code]])[0]
        _report_overrides(st, doc, a, b, self.codes[code])
        return s, e, float(self.sentence_scores([doc[s:e]])[0, code]), st

    def detect_many(self, docs: Sequence[str]) -> list[list[dict[str, Any]]]:
        """`detect` for many documents. With a document part, a code is present (occurred) when the
        fused score reaches its threshold and a sentence states it (`STATED_MIN`); a sentence over the code's
        threshold that is not present is reported with the likeliest other status when the status classifier
        finds one likelier than occurred. Without a document part, the status classifier decides."""
        out: list[list[dict[str, Any]]] = []
        for doc, found in zip(docs, self.assess(docs, decide_only=True), strict=True):
            ms = []
            for c, a in found.items():
                if self.doc_coef is not None:
                    # the taxonomy's own legal wording, told as done, is never missed (see sentence_scores), nor is a
                    # statement that a rule of the guide reads as occurred (occurred_by_rule: `完成对库卡的收购`)
                    # a mention the status classifier all but rules out (没有破产计划) is never present,
                    # however sure the document part is that the text is about the code
                    # and nothing is present that no sentence states (STATED_MIN: every sentence scored 0 by the guide's
                    # rules, a norm, an industry's count, an office kept, cues.NOT_STATED, or all but 0 by the head)
                    if a["p"] >= STATED_MIN and \
                            ((a["present"] >= self.present_thresholds[c] and a["status"][0] >= STATUS_VETO) or
                             (a["defining"] and a["status"][0] >= self.occurred_min)):
                        status = STATUSES[0]
                    elif a["p"] >= self.thresholds[c] and int(np.argmax(a["status"])) != 0:
                        status = STATUSES[1 + int(np.argmax(a["status"][1:]))]
                    elif a["p"] >= self.thresholds[c] and \
                            (first := self.first_statement(doc, c, a["sentences"]))[3][0] == 0.0:
                        # the statement likeliest to have occurred was not enough, and a rule of the guide reads the
                        # first that states the code as a plan, denial, rumour or history (`关于股东减持股份计划的预披露
                        # 公告` before a sentence of the holding it plans to sell): that status, quoting that sentence
                        status = STATUSES[1 + int(np.argmax(first[3][1:]))]
                        a = {**a, "start": first[0], "end": first[1], "p": first[2]}
                    else:
                        # not sure enough that it occurred, and nothing says it is a plan, a denial, a rumour or
                        # history: no status is better than a wrong one (`阿里巴巴收购饿了么` is no plan; dev: 50 of
                        # the 103 such mentions state no matter, 26 state an occurred one)
                        continue
                else:
                    status = self.status_of(a["status"])
                ms.append({"code": self.codes[c], "status": status, "score": round(a["p"], 4),
                           "start": a["start"], "end": a["end"], "sentences": a["sentences"]})
            if opinion_only_in_names(doc):
                # 市场监管部门事件处置中心今日揭牌: an office's name, no public opinion (statements.opinion_only_in_names)
                ms = [m for m in ms if m["code"] != "major_public_opinion"]
            out.append(sorted(penalty_absorbs_violation(doc, ms), key=lambda m: -m["score"]))
        return out

    # --- storage --------------------------------------------------------------------------------
    def save(self, directory: Path) -> Path:
        path = Path(directory) / FILE
        np.savez_compressed(
            path, vocab=np.array(self.vocab), idf=self.idf.astype(np.float16), codes=np.array(self.codes),
            coef=self.coef.astype(np.float16), intercept=self.intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32), status_coef=self.status_coef.astype(np.float16),
            status_intercept=self.status_intercept.astype(np.float32),
            occurred_min=np.float32(self.occurred_min), meta=np.array(json.dumps(self.meta, ensure_ascii=False)),
            **({} if self.doc_coef is None else {
                "doc_coef": self.doc_coef.astype(np.float16), "doc_intercept": self.doc_intercept.astype(np.float32),
                "present_thresholds": self.present_thresholds.astype(np.float32)}))
        return path

    @classmethod
    def load(cls, directory: Path) -> MatterHead | None:
        """The head saved beside a checkpoint, or None when the checkpoint has none."""
        from ipwatch.errors import ConfigError

        path = Path(directory) / FILE
        if not path.exists():
            return None
        try:
            z = np.load(path, allow_pickle=False)
            head = cls(vocab=[str(v) for v in z["vocab"]], idf=z["idf"].astype(np.float32),
                       codes=[str(c) for c in z["codes"]], coef=z["coef"].astype(np.float32),
                       intercept=z["intercept"], thresholds=z["thresholds"],
                       status_coef=z["status_coef"].astype(np.float32), status_intercept=z["status_intercept"],
                       occurred_min=float(z["occurred_min"]), meta=json.loads(str(z["meta"])))
            if "doc_coef" in z.files:
                head.doc_coef = z["doc_coef"].astype(np.float32)
                head.doc_intercept, head.present_thresholds = z["doc_intercept"], z["present_thresholds"]
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(str(path), f"damaged matter head: {exc}") from exc
        if head.meta.get("encoder_weight"):
            from nlp.encoder import MatterEncoder

            head.encoder = MatterEncoder.load(Path(directory))
            if head.encoder is None:
                raise ConfigError(str(path), "the present thresholds were chosen with the matter encoder, "
                                  "but the checkpoint has no encoder/ directory")
        n = len(head.vocab) + finder_features([""]).shape[1]
        if head.coef.shape != (len(head.codes), n) or set(head.codes) - set(CODES) or \
                (head.doc_coef is not None and head.doc_coef.shape != head.coef.shape):
            raise ConfigError(str(path), "damaged matter head: weights do not fit the vocabulary or codes")
        return head
