"""Unified social credit code (统一社会信用代码) check per GB 32100-2015."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, …
REGISTRATION_AUTHORITIES = set("123456789ABCDEFGNY")


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 §4.2, modulus 31)."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None when the code is valid, else a sentence saying what is wrong."""
    if len(code) != 18:
        return f"must have 18 characters, has {len(code)}"
    bad = [c for c in code if c not in CHARSET]
    if bad:
        return f"contains characters not allowed by GB 32100-2015: {''.join(sorted(set(bad)))}"
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"registration authority code {code[0]!r} is not defined"
    if not code[2:8].isdigit():
        return f"administrative division code {code[2:8]!r} must be 6 digits"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r}, expected {expected!r}"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None
