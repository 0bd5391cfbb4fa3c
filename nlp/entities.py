"""Find watched entities in text: the core name index (ipwatch/names.py) finds every name and alias,
longest-match resolution, and disambiguation of short or shared aliases.

A name that is part of a longer organisation name is not a mention: `知识产权金融服务平台` inside
`山西知识产权金融服务平台` (a provincial platform) or `浙江省…`, `汇桔…` names another organisation.
The word right before the match decides (jieba's part of speech): a place, an organisation or a
proper noun glued to the name extends it; a place inside the entity's own region does not (珠海横琴…
for an entity in 广东珠海), nor do `国家`, `全国`, `中国`, `该`, `本`. Legal names (…有限公司, …事务所)
are only extended by places and organisations, so `子公司北京华信…有限公司` still names 北京华信.
A category word right before the name is an apposition, not part of it: `P2P平台小资钱包`, `借贷平台…`,
`旗下小资钱包` name 小资钱包 (in the FinNSP training texts 70 of the 227 key entities the check dropped
followed 平台, 旗下 or 名下).

A full name is otherwise trusted. An alias is trusted when it is long (>= 4 characters) and unique
to one entity. A short alias must also sit on word boundaries of a jieba segmentation that knows
the watchlist (a private `jieba.Tokenizer` with every name as a user word), so `华智` is not found
inside `中华智慧`. An alias shared by several entities goes to the one with support in the same
text (another of its names, its platform, operating unit or residents, or its region); with no
support it is dropped rather than guessed.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field

import jieba
import jieba.posseg

from ipwatch.names import NameIndex
from ipwatch.watchlist import Entity, Watchlist

jieba.setLogLevel(logging.WARNING)

SHORT_ALIAS = 3  # aliases this short need word boundaries
LEFT_CONTEXT = 8  # characters before a match read for a longer name it may be part of
_PLACE_FLAGS = ("ns", "nt", "nz", "j")      # a place, an organisation, another proper noun, an abbreviation
_NOUN_FLAGS = ("n", "nr", "nrt", "eng")     # extend a descriptive name (…服务平台), not a legal one
_ADMIN_SUFFIX = "省市县区州盟旗"
_SAME_NAME = ("国家", "全国", "中国", "我国", "该", "本", "这个", "这家")
_LEGAL = re.compile(r"(有限公司|有限责任公司|股份公司|公司|事务所|（普通合伙）|（特殊普通合伙）|集团|银行|律师事务所)$")
_APPOSITION = re.compile(r"(平台|旗下|名下)$")   # the kind of thing the name that follows is, or its owner
_BREAK = re.compile(r"[\s，,。；;：:、！？!?“”\"'《》（）()\[\]【】]")


@dataclass
class Mention:
    entity_id: str
    name: str
    start: int
    end: int


@dataclass
class EntityHit:
    id: str
    name: str                      # the entity's full name
    spans: list[list[int]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)   # the surface forms found

    @property
    def first(self) -> int:
        return self.spans[0][0] if self.spans else 1 << 30


@functools.cache
def _jieba_dictionary() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's default dictionary: word frequencies, their total and part-of-speech tags. Read once per
    process and copied by each matcher (reading takes seconds, copying milliseconds: a watchlist
    reloaded, or one per text in the evaluation, built its own before)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok.FREQ, tok.total, jieba.posseg.POSTokenizer(tok).word_tag_tab


class _POSTokenizer(jieba.posseg.POSTokenizer):  # type: ignore[misc]
    """jieba's POS tokenizer over a given tokenizer, with the tag table copied rather than re-read."""

    def __init__(self, tokenizer: jieba.Tokenizer, tags: dict[str, str]):
        self.tokenizer = tokenizer
        self.word_tag_tab = dict(tags)


class EntityMatcher:
    def __init__(self, watchlist: Watchlist, nested_check: bool = True):
        self.nested_check = nested_check  # False only to measure what the longer-name check prevents
        self.entities: dict[str, Entity] = watchlist.by_id()
        self.index = NameIndex(watchlist)
        self.owners: dict[str, list[str]] = self.index.owners
        self.full_names = {e.name for e in watchlist.entities}
        self.related: dict[str, set[str]] = {e.id: set() for e in watchlist.entities}
        for e in watchlist.entities:
            links = set(e.platforms)
            if e.operating_unit:
                links.add(e.operating_unit)
            for other in links:
                if other in self.related:
                    self.related[e.id].add(other)
                    self.related[other].add(e.id)
        self._jieba: jieba.Tokenizer | None = None
        self._pos: jieba.posseg.POSTokenizer | None = None

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """A private jieba tokenizer with every watched name as a user word (built on first use)."""
        if self._jieba is None:
            freq, total, _ = _jieba_dictionary()
            tok = jieba.Tokenizer()
            tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
            for n in self.owners:
                # short aliases stay out: whether they stand as a word is what the check asks
                if len(n) > SHORT_ALIAS:
                    tok.add_word(n, freq=max(1000, tok.suggest_freq(n)))
            self._jieba = tok
        return self._jieba

    def inside_longer_name(self, text: str, start: int, name: str, owners: list[str]) -> bool:
        """True when text[start:] begins `name` glued to a word that makes it another organisation's
        name (see the module docstring)."""
        left = text[max(0, start - LEFT_CONTEXT):start]
        cut = max((m.end() for m in _BREAK.finditer(left)), default=0)
        left = left[cut:]
        if not left:
            return False
        if self._pos is None:
            self._pos = _POSTokenizer(self.tokenizer, _jieba_dictionary()[2])
        words = list(self._pos.cut(left, HMM=True))  # HMM joins an unknown brand (汇桔) into one word
        if not words:
            return False
        word, flag = words[-1].word, words[-1].flag
        if _APPOSITION.search(word):
            return False
        if word in _SAME_NAME or any(word in (self.entities[o].region or "") for o in owners):
            return False
        if name.startswith(_SAME_NAME[:3]):
            return False  # a national name: a place before it is where, not whose
        if word[-1] in _ADMIN_SUFFIX and flag.startswith("ns"):
            return True
        if flag.startswith(_PLACE_FLAGS):
            return True
        return not _LEGAL.search(name) and flag.startswith(_NOUN_FLAGS) and len(word) >= 2

    def _raw(self, text: str) -> list[tuple[int, int, str]]:
        return self.index.occurrences(text)

    @staticmethod
    def _longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Keep the longest of overlapping matches (ties: the earlier one)."""
        kept: list[tuple[int, int, str]] = []
        taken = bytearray(max((e for _, e, _ in found), default=0))
        for s, e, n in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
            if any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e, n))
        return sorted(kept)

    def _boundaries(self, text: str) -> set[int]:
        cuts = {0}
        pos = 0
        for tok in self.tokenizer.cut(text, HMM=False):
            pos += len(tok)
            cuts.add(pos)
        return cuts

    def find(self, text: str) -> list[EntityHit]:
        """Watched entities in `text`, in order of first mention, with [start, end) spans."""
        matches = [m for m in self._longest(self._raw(text))
                   if not (self.nested_check and self.inside_longer_name(text, m[0], m[2], self.owners[m[2]]))]
        if not matches:
            return []
        cuts: set[int] | None = None
        certain: set[str] = set()
        mentions: list[Mention] = []
        pending: list[tuple[int, int, str]] = []
        for s, e, n in matches:
            owners = self.owners[n]
            if len(owners) == 1 and (n in self.full_names or len(n) > SHORT_ALIAS):
                certain.add(owners[0])
                mentions.append(Mention(owners[0], n, s, e))
            else:
                pending.append((s, e, n))
        for s, e, n in pending:
            if len(n) <= SHORT_ALIAS and n not in self.full_names:
                if cuts is None:
                    cuts = self._boundaries(text)
                if s not in cuts or e not in cuts:
                    continue
            owners = self.owners[n]
            if len(owners) == 1:
                mentions.append(Mention(owners[0], n, s, e))
                continue
            chosen = self._disambiguate(owners, certain, text)
            if chosen:
                mentions.append(Mention(chosen, n, s, e))
        hits: dict[str, EntityHit] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            h = hits.setdefault(m.entity_id, EntityHit(m.entity_id, self.entities[m.entity_id].name))
            h.spans.append([m.start, m.end])
            if m.name not in h.matched:
                h.matched.append(m.name)
        return sorted(hits.values(), key=lambda h: h.first)

    def _disambiguate(self, owners: list[str], certain: set[str], text: str) -> str | None:
        def support(eid: str) -> int:
            score = 0
            if eid in certain:
                score += 3
            score += 2 * len(self.related.get(eid, set()) & certain)
            region = self.entities[eid].region
            if region and region in text:
                score += 1
            return score

        scored = sorted(((support(o), o) for o in owners), reverse=True)
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None
