"""Extraction report: per-field accuracy of the extractor over a set of saved pages.

The set (tests/fixtures/site/eval/: pages plus `expected.json` with the true title, publish time
and body) is scored for ipwatch's extractor and, beside it, for trafilatura alone, so the report
shows what the Chinese-specific additions are worth.

    .venv/bin/python benchmarks/extract.py [DIR]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import trafilatura

from crawlers.dates import DEFAULT_TZ, parse_date
from crawlers.encoding import decode_html
from crawlers.extractor import extract

EVAL_NOW = datetime(2023, 9, 6, 12, 0, tzinfo=DEFAULT_TZ)
BODY_OK = 0.9  # a body counts as right from this character-bigram F1 up


def _bigrams(s: str) -> Counter:
    s = "".join(s.split())
    return Counter(s[i: i + 2] for i in range(len(s) - 1))


def body_f1(got: str, want: str) -> float:
    g, w = _bigrams(got or ""), _bigrams(want)
    if not g or not w:
        return 0.0
    overlap = sum((g & w).values())
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 0.0 if overlap == 0 else 2 * p * r / (p + r)


def _minute(iso: str | None) -> str | None:
    return iso[:16] if iso else None


def _baseline(body: bytes, url: str) -> dict[str, Any]:
    html, _ = decode_html(body)
    d = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)  # its defaults
    dt = parse_date(d.date, EVAL_NOW) if d is not None and d.date else None
    return {"title": getattr(d, "title", None), "text": getattr(d, "text", "") or "",
            "published_at": dt.isoformat() if dt else None}


def evaluate(folder: Path) -> dict[str, Any]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    rows = []
    for name, want in sorted(expected.items()):
        body = (folder / name).read_bytes()
        ours = extract(body, want["url"], now=EVAL_NOW)
        base = _baseline(body, want["url"])
        row = {"page": name}
        for who, got in (("ipwatch", ours), ("trafilatura", base)):
            f1 = body_f1(got["text"], want["text"])
            row[who] = {"title": (got["title"] or "").strip() == want["title"],
                        "published_at": _minute(got["published_at"]) == _minute(want["published_at"]),
                        "published_day": (got["published_at"] or "")[:10] == want["published_at"][:10],
                        "body": f1 >= BODY_OK, "body_f1": round(f1, 3),
                        "got_title": got["title"], "got_published_at": got["published_at"]}
        rows.append(row)
    summary = {}
    for who in ("ipwatch", "trafilatura"):
        n = len(rows)
        summary[who] = {f: round(sum(r[who][f] for r in rows) / n, 3) for f in ("title", "published_at", "published_day", "body")}
        summary[who]["body_f1_mean"] = round(sum(r[who]["body_f1"] for r in rows) / n, 3)
    return {"pages": len(rows), "summary": summary, "rows": rows}


def render(report: dict[str, Any]) -> str:
    lines = [f"extraction report over {report['pages']} pages (body right when char-bigram F1 >= {BODY_OK})",
             f"{'extractor':12s} {'title':>6s} {'pubtime':>8s} {'pubday':>7s} {'body':>6s} {'body F1':>8s}"]
    for who, s in report["summary"].items():
        lines.append(f"{who:12s} {s['title']:6.0%} {s['published_at']:8.0%} {s['published_day']:7.0%} {s['body']:6.0%} {s['body_f1_mean']:8.3f}")
    lines.append("misses (ipwatch):")
    for r in report["rows"]:
        o = r["ipwatch"]
        bad = [f for f in ("title", "published_at", "body") if not o[f]]
        if bad:
            lines.append(f"  {r['page']}: {', '.join(bad)} (title={o['got_title']!r}, "
                         f"published_at={o['got_published_at']}, body_f1={o['body_f1']})")
    return "\n".join(lines)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "site" / "eval"
    print(render(evaluate(folder)))
