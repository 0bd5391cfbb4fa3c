"""Structured fields of an official record page, read from its label/value pairs.

Publicity pages put the record in a table (`<th>决定书文号</th><td>…</td>`), a definition list or
`标签：值` lines. The label texts per field are in `sources.DEFAULT_LABELS`; a source can add its
own (`labels:`) or give explicit selectors (`fields:`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from parsel import Selector as PSelector

from crawlers.dates import parse_date

_NORM = re.compile(r"[\s:：\u3000\xa0*＊]+")
_USCC = re.compile(r"\b([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})\b")
_AMOUNT = re.compile(r"(?:罚款|罚金|没收违法所得|执行标的|标的|金额)[^\d\n]{0,12}?([\d,，]+(?:\.\d+)?)\s*(亿元|万元|元|万)?")


def _norm(s: str) -> str:
    return _NORM.sub("", s or "")


def label_pairs(html: str) -> list[tuple[str, str]]:
    """(label, value) pairs from tables, definition lists and `label：value` lines."""
    sel = PSelector(text=html)
    pairs: list[tuple[str, str]] = []

    def txt(node: Any) -> str:
        return " ".join(" ".join(node.xpath(".//text()").getall()).split())

    for tr in sel.xpath("//tr"):
        cells = [txt(c) for c in tr.xpath("./th|./td")]
        for i in range(0, len(cells) - 1):
            if cells[i] and len(_norm(cells[i])) <= 24:
                pairs.append((cells[i], cells[i + 1]))
    for dt in sel.xpath("//dt"):
        dd = dt.xpath("following-sibling::dd[1]")
        if dd:
            pairs.append((txt(dt), txt(dd[0])))
    for line in sel.xpath("//body//text()").getall():
        for m in re.finditer(r"([\u4e00-\u9fa5()（）/_0-9]{2,24})\s*[:：]\s*([^\n]{1,300})", line):
            pairs.append((m.group(1), m.group(2).strip()))
    return pairs


def _amount_yuan(value: str, label: str = "") -> float | None:
    m = _AMOUNT.search(value) or re.search(r"([\d,，]+(?:\.\d+)?)\s*(亿元|万元|元|万)?", value)
    if not m:
        return None
    try:
        n = float(m.group(1).replace(",", "").replace("，", ""))
    except ValueError:
        return None
    unit = m.group(2) or ("万元" if "万元" in label else "元")
    return n * {"亿元": 1e8, "万元": 1e4, "万": 1e4, "元": 1}[unit]


def extract_record(html: str, label_map: dict[str, list[str]], record_type: str, now: datetime, tz: Any,
                   fields: dict[str, Any] | None = None, authority: str | None = None,
                   fallback_text: str = "") -> dict[str, Any]:
    pairs = label_pairs(html)
    by_label: dict[str, str] = {}
    for label, value in pairs:
        k = _norm(label)
        if k and value and k not in by_label:
            by_label[k] = value.strip()
    rec: dict[str, Any] = {"record_type": record_type}
    amount_label = ""
    for field, labels in label_map.items():
        for lab in labels:
            v = by_label.get(_norm(lab))
            if v:
                rec[field] = v
                if field == "amount_yuan":
                    amount_label = lab
                break
    if fields:  # explicit selectors win
        from crawlers.spiders.base import text_of

        sel = PSelector(text=html)
        for field, spec in fields.items():
            v = text_of(sel, spec)
            if v:
                rec[field] = v
    if authority and not rec.get("authority"):
        rec["authority"] = authority
    if rec.get("decision_date"):
        dt = parse_date(rec["decision_date"], now, tz)
        rec["decision_date"] = dt.date().isoformat() if dt else None
    uscc_src = rec.get("party_uscc") or ""
    m = _USCC.search(uscc_src.upper())
    rec["party_uscc"] = m.group(1) if m else None
    amount = None
    if rec.get("amount_yuan"):
        amount = _amount_yuan(str(rec["amount_yuan"]), amount_label)
    if amount is None:
        amount = _amount_yuan(rec.get("penalty") or "") if _AMOUNT.search(rec.get("penalty") or "") else None
    if amount is None and fallback_text and _AMOUNT.search(fallback_text):
        amount = _amount_yuan(fallback_text)
    rec["amount_yuan"] = amount
    for f in ("decision_no", "party", "authority", "penalty"):
        rec.setdefault(f, None)
    rec.setdefault("decision_date", None)
    return rec
