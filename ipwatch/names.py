"""The one name matcher: which watched entities' names occur in a text.

Every step that looks for watched names uses this index — the crawler to keep only pages that name a
watched entity, NLP to find mentions (nlp/entities.py adds word-boundary and longer-name checks and
disambiguation on top), alerts to check that a self-inspection hit names its platform. Names shorter
than two characters are never matched. Aho–Corasick finds every name in one pass over the text.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from ipwatch.watchlist import Watchlist

MIN_NAME = 2


class NameIndex:
    """Every name and alias of a watchlist, each with the entities that carry it."""

    def __init__(self, watchlist: Watchlist):
        self.owners: dict[str, list[str]] = {}
        for e in watchlist.entities:
            for n in dict.fromkeys(e.names):
                if len(n) >= MIN_NAME and e.id not in self.owners.setdefault(n, []):
                    self.owners[n].append(e.id)
        # longest names first: 运营平台 before 平台 (the order `mentioned` reports)
        self._by_length = sorted(((n, eid) for e in watchlist.entities for n in e.names if len(n) >= MIN_NAME
                                  for eid in [e.id]), key=lambda p: -len(p[0]))
        self.automaton = ahocorasick.Automaton()
        for n in self.owners:
            self.automaton.add_word(n, n)
        if self.owners:
            self.automaton.make_automaton()

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every occurrence of every name, overlapping ones included."""
        if not self.owners or not text:
            return []
        return [(end - len(n) + 1, end + 1, n) for end, n in self.automaton.iter(text)]

    def mentioned(self, text: str) -> list[str]:
        """Ids of the entities any of whose names occurs in `text`, longest name first, each once."""
        found = {n for _, _, n in self.occurrences(text)}
        out: list[str] = []
        for n, eid in self._by_length:
            if n in found and eid not in out:
                out.append(eid)
        return out

    def names_in(self, text: str, entity_ids: Iterable[str]) -> bool:
        """Whether `text` names any of these entities."""
        ids = set(entity_ids)
        return any(set(self.owners[n]) & ids for _, _, n in self.occurrences(text))
