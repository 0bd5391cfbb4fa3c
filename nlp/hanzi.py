"""Traditional characters read as simplified, keeping every character's place.

Why: Hong Kong exchange filings, Hong Kong and Taiwan news about banks, insurers and law firms
(`董事會宣佈…辭任`, `法院已頒令將本公司清盤`) are written in traditional characters, which the
model, the rules and the watchlist's names (all simplified) do not read. The analyzer reads such a
document through OpenCC's `t2s` conversion; the conversion keeps the length, so evidence spans
still point into the text as it was crawled.

A simplified text is left as it is: OpenCC would turn the names 乾照光电, 恒顺众昇 or 沈重英 into
干照光电, 恒顺众升 or 沉重英, so only a text where traditional forms are a real share of the
characters is converted.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

TRADITIONAL_SHARE = 0.1   # of the Chinese characters that `t2s` changes; real traditional text: 20-40 %
MIN_CHANGED = 2           # one changed character is a name (乾照光电), not a traditional text

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` in simplified characters, of the same length, or `text` itself when it is not
    written in traditional characters."""
    if not text:
        return text
    conv = _t2s().convert(text)
    if len(conv) != len(text):
        # a phrase of another length: convert character by character, which keeps every place
        conv = "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)
    changed = sum(1 for a, b in zip(text, conv) if a != b)
    han = len(_HAN.findall(text))
    if changed < MIN_CHANGED or changed < TRADITIONAL_SHARE * han:
        return text
    return conv
