"""Charts of a report as PNG images (matplotlib, Agg backend), Chinese labels in a CJK font.

The font is looked up among matplotlib's known fonts, then among the system's font files (a font
installed after matplotlib built its cache); without one, rendering stops with an error naming the
package to install (`scripts/bootstrap.sh` installs fonts-noto-cjk), never with boxes for characters.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

from ipwatch.errors import IpwatchError

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "SimHei", "Microsoft YaHei",
                "PingFang SC", "AR PL UMing CN")
_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy-zenhei", "wqy-microhei", "simhei", "msyh")
_lock = threading.Lock()
_font: list[str] = []

COLORS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60", "pending": "#d5d8dc"}
LABELS = {"negative": "负面", "neutral": "中性", "positive": "正面", "pending": "未分析"}


class MissingFont(IpwatchError):
    pass


def cjk_font() -> str:
    """The family name of an installed CJK font (cached)."""
    with _lock:
        if _font:
            return _font[0]
        from matplotlib import font_manager as fm

        names = {f.name for f in fm.fontManager.ttflist}
        found = next((n for n in CJK_FAMILIES if n in names), None)
        if found is None:
            for path in fm.findSystemFonts():
                if any(h in path.lower().replace("_", "").replace(" ", "") for h in _FILE_HINTS):
                    try:
                        fm.fontManager.addfont(path)
                    except Exception:  # noqa: BLE001,S112 - an unreadable font file is skipped
                        continue
            names = {f.name for f in fm.fontManager.ttflist}
            found = next((n for n in CJK_FAMILIES if n in names), None)
        if found is None:
            raise MissingFont("no CJK font found for the report's Chinese text (looked for "
                              f"{', '.join(CJK_FAMILIES[:6])}, …): install one, e.g. `apt-get install "
                              "fonts-noto-cjk` (scripts/bootstrap.sh does this)")
        _font.append(found)
        return found


def _figure(width: float = 7.0, height: float = 2.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    family = cjk_font()
    fig = Figure(figsize=(width, height), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    fig._ipwatch_family = family  # noqa: SLF001 - read by _finish
    return fig, ax


def _finish(fig: Any, ax: Any, title: str) -> bytes:
    family = fig._ipwatch_family  # noqa: SLF001
    ax.set_title(title, fontfamily=family, fontsize=11, loc="left")
    for lbl in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        lbl.set_fontfamily(family)
    legend = ax.get_legend()
    if legend is not None:
        for t in legend.get_texts():
            t.set_fontfamily(family)
    for t in (ax.xaxis.label, ax.yaxis.label):
        t.set_fontfamily(family)
    ax.yaxis.label.set_rotation(0)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _short(key: str) -> str:
    return key[5:] if len(key) == 10 else key          # 2026-11-30 -> 11-30; 2026-11 stays


def volume_chart(rows: Sequence[dict[str, Any]], title: str = "报道量（按情感）") -> bytes:
    """Stacked bars: articles per day (or month) by sentiment."""
    fig, ax = _figure()
    xs = list(range(len(rows)))
    bottom = [0] * len(rows)
    for k in ("negative", "neutral", "positive", "pending"):
        vals = [r.get(k, 0) for r in rows]
        if any(vals):
            ax.bar(xs, vals, bottom=bottom, color=COLORS[k], label=LABELS[k], width=0.7)
            bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    for x, total in zip(xs, bottom, strict=True):
        if total:
            ax.text(x, total, str(total), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs, [_short(r["day"]) for r in rows], fontsize=7, rotation=0 if len(rows) <= 12 else 45)
    ax.set_ylabel("篇")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, frameon=False, ncols=4, loc="upper left")
    ax.set_ylim(0, max([*bottom, 1]) * 1.3)
    return _finish(fig, ax, title)


def sentiment_chart(rows: Sequence[dict[str, Any]], title: str = "负面报道占比") -> bytes:
    """Line: the share of negative articles among the analysed ones, per day (or month)."""
    fig, ax = _figure(height=2.2)
    xs, ys = [], []
    for i, r in enumerate(rows):
        analysed = r.get("negative", 0) + r.get("neutral", 0) + r.get("positive", 0)
        if analysed:
            xs.append(i)
            ys.append(100.0 * r.get("negative", 0) / analysed)
    ax.plot(xs, ys, marker="o", color=COLORS["negative"], linewidth=1.5, markersize=4)
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(f"{y:.0f}%", (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
    ax.set_xticks(list(range(len(rows))), [_short(r["day"]) for r in rows], fontsize=7,
                  rotation=0 if len(rows) <= 12 else 45)
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.set_ylim(0, 115)
    ax.set_ylabel("%")
    return _finish(fig, ax, title)


def grades_chart(grades: Sequence[str], start: dict[str, int], end: dict[str, int], start_label: str,
                 end_label: str, title: str = "入驻机构信用等级分布") -> bytes:
    """Grouped bars: how many residents held each grade at the start and at the end."""
    fig, ax = _figure(width=5.5, height=2.4)
    xs = list(range(len(grades)))
    w = 0.38
    a = [start.get(g, 0) for g in grades]
    b = [end.get(g, 0) for g in grades]
    ax.bar([x - w / 2 for x in xs], a, width=w, color="#7f8c8d", label=start_label)
    ax.bar([x + w / 2 for x in xs], b, width=w, color="#2e86c1", label=end_label)
    for x, v in zip(xs, a, strict=True):
        ax.text(x - w / 2, v, str(v), ha="center", va="bottom", fontsize=7)
    for x, v in zip(xs, b, strict=True):
        ax.text(x + w / 2, v, str(v), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs, list(grades), fontsize=8)
    ax.set_ylabel("家")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, max([*a, *b, 1]) * 1.3)
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    return _finish(fig, ax, title)
