"""Turn texts and (text, entity) pairs into model inputs: entity marking and windowing."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.model import OTHER, TARGET


def find_spans(text: str, names: Sequence[str]) -> list[tuple[int, int, str]]:
    """All occurrences of `names`, longest first, without overlaps."""
    found = []
    for n in sorted(set(names), key=len, reverse=True):
        if not n:
            continue
        i = text.find(n)
        while i >= 0:
            found.append((i, i + len(n), n))
            i = text.find(n, i + len(n))
    kept: list[tuple[int, int, str]] = []
    for s, e, n in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, n))
    return sorted(kept)


def mark(text: str, target: Sequence[Sequence[int]], others: Sequence[Sequence[int]],
         window: int) -> str:
    """Replace the target's spans with [TGT] and other entities' with [OTH]; keep `window`
    characters around the first target mention."""
    spans = sorted([(s, e, TARGET) for s, e in target] + [(s, e, OTHER) for s, e in others])
    pieces, pos, first = [], 0, None
    out_len = 0
    for s, e, tok in spans:
        if s < pos:
            continue
        pieces.append(text[pos:s])
        out_len += s - pos
        if tok == TARGET and first is None:
            first = out_len
        pieces.append(tok)
        out_len += 1  # a marker counts as one position
        pos = e
    pieces.append(text[pos:])
    marked = "".join(pieces)
    if len(text) <= window or first is None:
        return marked
    # window on the marked string (markers are 5 characters long but one token)
    start_char = _char_index(pieces, max(0, first - window // 3))
    return marked[start_char:]


def _char_index(pieces: list[str], logical: int) -> int:
    """Character offset in "".join(pieces) of the logical position (markers count as one)."""
    pos = chars = 0
    for p in pieces:
        n = 1 if p in (TARGET, OTHER) else len(p)
        if pos + n > logical:
            return chars + (0 if p in (TARGET, OTHER) else logical - pos)
        pos += n
        chars += len(p)
    return chars


def mark_names(text: str, target: str, others: Sequence[str], window: int) -> str:
    spans = find_spans(text, [target, *others])
    t = [(s, e) for s, e, n in spans if n == target]
    o = [(s, e) for s, e, n in spans if n != target]
    return mark(text, t, o, window)
