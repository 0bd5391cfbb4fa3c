"""Publish-time parsing: Chinese (`2023年9月5日 10:30`, `于2005年8月12日16:12:21`, `二〇〇五年八月十二日`,
`2005年8月`, `3小时前`, `昨天`) and Western (`9/17/2004 5:54:13 AM`, `Sep 17, 2004`, RFC 2822) forms.

Pages give naive local times; they are read in the deployment's time zone (Asia/Shanghai by
default) and returned timezone-aware. Relative times are relative to `now` (the fetch time).
A month and day without a year (`08-11` in a forum's reply list) is not a date: nothing on it
says which year, and guessing the current one dated a 2005 page 2026. Callers that read a live
listing where the site's own convention is "this year" (a search engine's result list) opt in
with `yearless=True`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
EARLIEST = datetime(1995, 1, 1, tzinfo=timezone.utc)  # before the Chinese web, a number is not a publish date
CLOCK_SKEW = timedelta(minutes=10)  # a site clock slightly ahead of ours is not "after the crawl"

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_SEP = r"\s*(?:[年/.\-])\s*"
_TIME = (r"(?:\s*(?:日)?\s*(?:(?:星期|周|週|礼拜|禮拜)[一二三四五六日天])?\s*(上午|下午|中午|晚上|凌晨|早上|AM|PM|am|pm)?"
         r"\s*(?:T|\s|-)?\s*(\d{1,2})\s*[:：时時点點]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?")
_CLOCK = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?)?"
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}
_MON = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"

# full dates with a 4-digit year
_FULL = re.compile(r"(?<!\d)((?:19|20)\d{2})" + _SEP + r"(\d{1,2})" + _SEP.replace("年", "月") +
                   r"(\d{1,2})(?!\d)\s*日?" + _TIME)
# 9/17/2004 5:54:13 AM (month first, unless the first number cannot be a month)
_US = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])" + _CLOCK)
# Sep 17, 2004 / September 17 2004 5:54 PM / 17 Sep 2004 10:00
_EN_MDY = re.compile(r"\b" + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b" + _CLOCK, re.I)
_EN_DMY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+((?:19|20)\d{2})\b" + _CLOCK, re.I)
_RFC2822 = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?"
                      r"\s+(?:[+-]\d{4}|GMT|UTC|UT|[ECMP][SD]T)")
# 二〇〇五年八月十二日 (official documents' signature line)
_CN_FULL = re.compile(r"([〇○零O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
# a month without a day: 2005年8月, 2005-08 (read as the 1st; the caller is told it is month-only)
_MONTH_ONLY = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月(?!\s*\d)|[-/](0[1-9]|1[0-2])(?![\d\-/.:]))")
# 20230905 compact (only when the page says so, e.g. in URLs or meta)
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# month-day without a year: 09-05 10:30, 9月5日
_MONTH_DAY = re.compile(r"(?<![\d\-/.年])(\d{1,2})\s*[月\-/]\s*(\d{1,2})(?![\d\-/.])\s*日?" + _TIME)
_RELATIVE = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(秒|分钟|分鐘|分|小时|小時|个小时|個小時|天|日|周|週|星期|个月|個月|月)前")
_DAY_WORD = re.compile(r"(刚刚|剛剛|今天|昨天|前天|大前天)" + r"(?:\s*(\d{1,2})\s*[:：]\s*(\d{1,2}))?")
_ISO = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?")
_UNITS = {"秒": timedelta(seconds=1), "分钟": timedelta(minutes=1), "分": timedelta(minutes=1),
          "分鐘": timedelta(minutes=1), "小时": timedelta(hours=1), "个小时": timedelta(hours=1),
          "小時": timedelta(hours=1), "個小時": timedelta(hours=1), "天": timedelta(days=1), "日": timedelta(days=1),
          "周": timedelta(weeks=1), "週": timedelta(weeks=1), "星期": timedelta(weeks=1),
          "个月": timedelta(days=30), "個月": timedelta(days=30), "月": timedelta(days=30)}


class DateHit(NamedTuple):
    """A parsed date and how precise it is: `datetime`, `date`, `month` (day unknown, read as the
    1st), `relative` (counted back from the fetch time) or `yearless` (year assumed, opt-in only)."""

    when: datetime
    kind: str
    start: int


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
    half = (ampm or "").lower().replace(".", "")
    if half in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    try:
        return datetime(y, mo, d, hour, int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def _kind(has_time: bool) -> str:
    return "datetime" if has_time else "date"


def _absolute(text: str, tz) -> list[DateHit]:
    """Every dated form with a year, wherever it sits in `text`."""
    hits: list[DateHit] = []
    for m in _ISO.finditer(text):
        try:
            dt = datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{(m.group(3) or '').replace('Z', '+00:00')}")
            hits.append(DateHit(dt if dt.tzinfo else dt.replace(tzinfo=tz), "datetime", m.start()))
        except ValueError:
            pass
    for m in _RFC2822.finditer(text):
        try:
            hits.append(DateHit(parsedate_to_datetime(m.group(0)), "datetime", m.start()))
        except (TypeError, ValueError, IndexError):
            pass
    for m in _FULL.finditer(text):
        if dt := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(5), m.group(6), m.group(7), tz,
                     m.group(4)):
            hits.append(DateHit(dt, _kind(bool(m.group(5))), m.start()))
    for m in _US.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        mo, d = (a, b) if a <= 12 else (b, a)
        if dt := _mk(int(m.group(3)), mo, d, m.group(4), m.group(5), m.group(6), tz, m.group(7)):
            hits.append(DateHit(dt, _kind(bool(m.group(4))), m.start()))
    for rx, order in ((_EN_MDY, "mdy"), (_EN_DMY, "dmy")):
        for m in rx.finditer(text):
            mon, day = (m.group(1), m.group(2)) if order == "mdy" else (m.group(2), m.group(1))
            if dt := _mk(int(m.group(3)), _MONTHS[mon[:3].lower()], int(day), m.group(4), m.group(5), m.group(6), tz,
                         m.group(7)):
                hits.append(DateHit(dt, _kind(bool(m.group(4))), m.start()))
    for m in _CN_FULL.finditer(text):
        year = int("".join(str(_CN_DIGITS.get(c, 0)) for c in m.group(1)))
        if dt := _mk(year, _cn_num(m.group(2)), _cn_num(m.group(3)), None, None, None, tz):
            hits.append(DateHit(dt, "date", m.start()))
    return hits


def parse_detail(text: str | None, now: datetime | None = None, tz=DEFAULT_TZ, fmt: str | None = None,
                 yearless: bool = False) -> DateHit | None:
    """The first date in `text` with its precision: a dated form with a year (the earliest in the
    text), else a relative one, else a month without a day; a year-less one only with `yearless`."""
    if not text:
        return None
    text = text.strip().replace("\u3000", " ").replace("\xa0", " ")
    now = (now or datetime.now(timezone.utc)).astimezone(tz)
    if fmt:
        try:
            dt = datetime.strptime(text, fmt)
            return DateHit(dt.replace(tzinfo=tz) if dt.tzinfo is None else dt, "datetime", 0)
        except ValueError:
            pass
    hits = _absolute(text, tz)
    if hits:
        return min(hits, key=lambda h: h.start)
    if m := _RELATIVE.search(text):
        return DateHit((now - _cn_num(m.group(1)) * _UNITS[m.group(2)]).replace(microsecond=0), "relative", m.start())
    if m := _DAY_WORD.search(text):
        if m.group(1) in ("刚刚", "剛剛"):
            return DateHit(now.replace(microsecond=0), "relative", m.start())
        day = (now - timedelta(days={"今天": 0, "昨天": 1, "前天": 2, "大前天": 3}[m.group(1)])).date()
        dt = _mk(day.year, day.month, day.day, m.group(2), m.group(3), None, tz)
        return DateHit(dt, "relative", m.start()) if dt else None
    if m := _MONTH_ONLY.search(text):
        if dt := _mk(int(m.group(1)), int(m.group(2) or m.group(3)), 1, None, None, None, tz):
            return DateHit(dt, "month", m.start())
    if m := _COMPACT.search(text):
        if dt := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), None, None, None, tz):
            return DateHit(dt, "date", m.start())
    if yearless and (m := _MONTH_DAY.search(text)):
        mo, d = int(m.group(1)), int(m.group(2))
        dt = _mk(now.year, mo, d, m.group(4), m.group(5), m.group(6), tz, m.group(3))
        if dt and dt > now + timedelta(days=1):  # "12-30" read in January: last year
            dt = _mk(now.year - 1, mo, d, m.group(4), m.group(5), m.group(6), tz, m.group(3))
        if dt:
            return DateHit(dt, "yearless", m.start())
    return None


def parse_date(text: str | None, now: datetime | None = None, tz=DEFAULT_TZ,
               fmt: str | None = None, yearless: bool = False) -> datetime | None:
    """The first date/time in `text`, timezone-aware, or None (see `parse_detail`)."""
    hit = parse_detail(text, now, tz, fmt, yearless)
    return hit.when if hit else None


def yearless_only(text: str | None) -> bool:
    """True when `text` holds a month and day but no year (so no date can be read from it)."""
    return bool(text) and parse_detail(text) is None and bool(_MONTH_DAY.search(text or ""))


def plausible(dt: datetime | None, now: datetime) -> bool:
    """A publish date is on or before the crawl (site clocks a few minutes fast aside) and not
    before the Chinese web existed."""
    return dt is not None and EARLIEST <= dt <= now + CLOCK_SKEW
