"""Chinese publish-time parsing: `2023年9月5日 10:30`, `2023-09-05`, `09-05`, `3小时前`, `昨天`, …

Pages give naive local times; they are read in the deployment's time zone (Asia/Shanghai by
default) and returned timezone-aware. Relative times are relative to `now` (the fetch time).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SEP = r"\s*(?:[年/.\-])\s*"
_TIME = (r"(?:\s*(?:日)?\s*(?:(?:星期|周|週|礼拜|禮拜)[一二三四五六日天])?\s*(上午|下午|中午|晚上|凌晨|早上|AM|PM|am|pm)?"
         r"\s*(?:T|\s|-)?\s*(\d{1,2})\s*[:：时時点點]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?")

# full dates with a 4-digit year
_FULL = re.compile(r"(?<!\d)((?:19|20)\d{2})" + _SEP + r"(\d{1,2})" + _SEP.replace("年", "月") +
                   r"(\d{1,2})(?!\d)\s*日?" + _TIME)
# 20230905 compact (only when the page says so, e.g. in URLs or meta)
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# month-day without a year: 09-05 10:30, 9月5日
_MONTH_DAY = re.compile(r"(?<![\d\-/.年])(\d{1,2})\s*[月\-/]\s*(\d{1,2})(?![\d\-/.])\s*日?" + _TIME)
_RELATIVE = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(秒|分钟|分鐘|分|小时|小時|个小时|個小時|天|日|周|週|星期|个月|個月|月)前")
_DAY_WORD = re.compile(r"(刚刚|剛剛|今天|昨天|前天|大前天)" + r"(?:\s*(\d{1,2})\s*[:：]\s*(\d{1,2}))?")
_ISO = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?")


def _cn_num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s, 0)


def _mk(y: int, mo: int, d: int, h: str | None, mi: str | None, s: str | None, tz,
        ampm: str | None = None) -> datetime | None:
    hour = int(h or 0)
    if ampm and ampm.lower() in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    try:
        return datetime(y, mo, d, hour, int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_date(text: str | None, now: datetime | None = None, tz=DEFAULT_TZ,
               fmt: str | None = None) -> datetime | None:
    """The first date/time in `text`, timezone-aware, or None. Never in the future (beyond 1 day)."""
    if not text:
        return None
    text = text.strip().replace("\u3000", " ").replace("\xa0", " ")
    now = (now or datetime.now(timezone.utc)).astimezone(tz)
    if fmt:
        try:
            dt = datetime.strptime(text, fmt)
            return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt
        except ValueError:
            pass
    m = _ISO.search(text)
    if m:
        try:
            raw = f"{m.group(1)}T{m.group(2)}{(m.group(3) or '').replace('Z', '+00:00')}"
            dt = datetime.fromisoformat(raw)
            return dt if dt.tzinfo else dt.replace(tzinfo=tz)
        except ValueError:
            pass
    m = _FULL.search(text)
    if m:
        dt = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(5), m.group(6), m.group(7), tz,
                 m.group(4))
        if dt:
            return dt
    m = _RELATIVE.search(text)
    if m:
        n, unit = _cn_num(m.group(1)), m.group(2)
        delta = {"秒": timedelta(seconds=n), "分钟": timedelta(minutes=n), "分": timedelta(minutes=n),
                 "小时": timedelta(hours=n), "个小时": timedelta(hours=n), "天": timedelta(days=n),
                 "分鐘": timedelta(minutes=n), "小時": timedelta(hours=n), "個小時": timedelta(hours=n),
                 "週": timedelta(weeks=n), "個月": timedelta(days=30 * n),
                 "日": timedelta(days=n), "周": timedelta(weeks=n), "星期": timedelta(weeks=n),
                 "个月": timedelta(days=30 * n), "月": timedelta(days=30 * n)}[unit]
        return (now - delta).replace(microsecond=0)
    m = _DAY_WORD.search(text)
    if m:
        if m.group(1) in ("刚刚", "剛剛"):
            return now.replace(microsecond=0)
        back = {"今天": 0, "昨天": 1, "前天": 2, "大前天": 3}[m.group(1)]
        day = (now - timedelta(days=back)).date()
        if m.group(2):
            return _mk(day.year, day.month, day.day, m.group(2), m.group(3), None, tz)
        return _mk(day.year, day.month, day.day, None, None, None, tz)
    m = _MONTH_DAY.search(text)
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            dt = _mk(now.year, mo, d, m.group(4), m.group(5), m.group(6), tz, m.group(3))
            if dt and dt > now + timedelta(days=1):  # "12-30" read in January: last year
                dt = _mk(now.year - 1, mo, d, m.group(4), m.group(5), m.group(6), tz, m.group(3))
            if dt:
                return dt
    m = _COMPACT.search(text)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), None, None, None, tz)
    return None


def plausible(dt: datetime | None, now: datetime) -> bool:
    return dt is not None and datetime(1995, 1, 1, tzinfo=timezone.utc) <= dt <= now + timedelta(days=1)
