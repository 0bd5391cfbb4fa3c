"""Self-inspection matching on article text (notice section 四: 自查自纠): the clause that names a
watched platform and says it set up a branch, carved a seal or did business beyond its remit.

The rules (phrases and patterns) live in config/alerts.yaml `compliance.rules`; this module only reads
text. A hit needs the platform's name and a rule's pattern in the same clause, so a report about
another organisation's branch in the same article does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ipwatch.names import NameIndex

CLAUSE = re.compile(r"[^。！？!?\n；;，,]+")   # clauses: the platform must be the subject of the hit


def compile_patterns(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


def find_clause(text: str, names: NameIndex, entity_id: str, patterns: Sequence[re.Pattern[str]]) -> str | None:
    """The first clause of `text` that names the entity and matches one of `patterns`, stripped."""
    for m in CLAUSE.finditer(text):
        clause = m.group(0)
        if any(p.search(clause) for p in patterns) and names.names_in(clause, [entity_id]):
            return clause.strip()
    return None
