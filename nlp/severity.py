"""Severity (0–1) of what an article reports: risk type, the subject's role, wording, amounts."""

from __future__ import annotations

import re

BASE = {
    "fraud": 0.85, "bankruptcy_closure": 0.8, "dishonest_debtor": 0.75, "administrative_penalty": 0.6,
    "ip_misconduct": 0.6, "unauthorized_branch": 0.6, "regulatory_action": 0.55, "litigation": 0.5,
    "abnormal_operation": 0.45, "major_public_opinion": 0.5, "restructuring": 0.4, "equity_change": 0.4,
    "leadership_change": 0.35,
}
STRONG = re.compile(r"吊销|刑事|逮捕|立案侦查|立案调查|羁押|跑路|失联|非法集资|严重|重大|巨额|暂停|取消.{0,4}资格|列入.{0,6}名单")
SOFT = re.compile(r"澄清|不实|谣言|已整改|整改完毕|撤销处罚|驳回.{0,6}诉讼请求|胜诉|无关")
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)\s*元")


def largest_amount_yuan(text: str) -> float:
    best = 0.0
    for m in AMOUNT.finditer(text):
        v = float(m.group(1)) * (1e8 if m.group(2) == "亿" else 1e4)
        best = max(best, v)
    return best


def severity(risk_scores: dict[str, float], risk_types: list[str], negative: float, subject_negative: float | None,
             has_subject: bool, text: str) -> float:
    """Combine the model's outputs with rules; 0 when nothing negative is reported."""
    if not risk_types and negative < 0.5:
        return 0.0
    if risk_types:
        base = max(BASE.get(c, 0.5) * (0.6 + 0.4 * risk_scores.get(c, 0.0)) for c in risk_types)
        base += 0.05 * (len(risk_types) - 1)
    else:
        base = 0.25 * negative
    if has_subject:
        base *= 0.7 + 0.3 * (subject_negative if subject_negative is not None else negative)
    else:
        base *= 0.7
    if STRONG.search(text):
        base += 0.1
    if SOFT.search(text):
        base -= 0.15
    amount = largest_amount_yuan(text)
    if amount >= 1e8:
        base += 0.2
    elif amount >= 1e7:
        base += 0.12
    elif amount >= 1e6:
        base += 0.06
    return round(min(1.0, max(0.0, base)), 3)
