"""The `*_seg` fields: jieba words joined by spaces, indexed with the `whitespace` analyzer."""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def segment(text: str | None) -> str:
    """Space-joined jieba tokens of `text` (whitespace in the text is dropped)."""
    if not text:
        return ""
    return " ".join(t for t in _tokenizer().cut(text) if t.strip())
