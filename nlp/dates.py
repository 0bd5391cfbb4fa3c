"""Event dates: Chinese date expressions in the text, resolved against the publish date.

`2023年9月5日` (also `二〇二三年九月五日`, `２０２３年９月５日`, Taiwan's `113年9月5日`), `2023-09-05`,
`9月5日` (year of publication; last year if that would be after it), `今天/今日`, `昨天/昨日`, `前天`, `上周五`,
`本周一`, `周三` (the latest such day not after publication). Vague words (`日前`, `近日`, `近期`) and texts
without a date give the publish date, flagged `published`; without a publish date either, the event date is
unknown (None, `unknown`), and a month-day (`9月5日`) is not read: nothing says which year. The first expression
not later than the publish date wins. A founding, listing, birth or hiring date (`成立于2019年3月的某公司`, `1970年5月生`)
is not read: it dates the organisation or the person, not the matter.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "十": 10}
WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1,
           "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
NUM = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"
# a year in digits or, as the People's Daily and many official texts write it, in Chinese numerals
# (`一九九五年`, `二〇一六年`); full-width digits (`１９９５年`) are read as ASCII first (`_ascii`)
# and Taiwan's Republic years (`民國113年3月15日`, `113年3月15日`: 1911 + 113 = 2024; the publish day before stop 54)
YEAR = r"(?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2}|(?:民国|民國)?(?<!\d)1[01]\d"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

PATTERNS = [
    ("ymd", re.compile(r"(" + YEAR + r")\s*年\s*(" + NUM + r")\s*月\s*(" + NUM + r")\s*[日号]")),
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("md", re.compile(r"(?<![0-9年])(" + NUM + r")\s*月\s*(" + NUM + r")\s*[日号]")),
    ("rel", re.compile(r"今天|今日|昨天|昨日|前天|前日|大前天")),
    ("week", re.compile(r"(上上|上|本|这|下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])")),
]
# a year and month without a day (`2016年8月`): too vague for a deadline, enough to tell history
YEAR_MONTH = re.compile(r"(" + YEAR + r")\s*年\s*(" + NUM + r")\s*月(?!\s*(?:" + NUM + r")\s*[日号])")
# a date that tells when the organisation was founded or listed, or a person born or hired (`成立于2019年3月的某公司`,
# `张某，1970年5月生`, `2018年加入公司`), dates no matter: it made a penalty in a 2026 article history, and a first such
# day-date became the event date (stop 55). Masked before dates are read; a branch set up (设立分中心) keeps its date
_ANY_DATE = rf"(?:{YEAR})\s*年(?:\s*(?:{NUM})\s*月(?:\s*(?:{NUM})\s*[日号])?)?|(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
ORIGIN = re.compile(rf"(?:成立|注册|创立|设立|创办|创建|组建|始建|开业|上市|出生|生)于\s*(?:{_ANY_DATE})|"
                    rf"(?:{_ANY_DATE})\s*(?:注册成立|成立|注册|创立|创办|创建|组建|始建|开业|出生|生人|生(?=[，,。；;）)\s])|"
                    r"加入|入职|参加工作)")
REL_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2, "大前天": 3}
TZ = ZoneInfo("Asia/Shanghai")


def _ascii(text: str) -> str:
    """Full-width digits as ASCII, character for character (offsets into the text stay valid)."""
    return text.translate(_FULL_WIDTH)


def _readable(text: str) -> str:
    """The text as dates are read from it: full-width digits as ASCII, each founding, listing, birth or hiring date
    (ORIGIN) blanked; offsets kept."""
    return ORIGIN.sub(lambda m: " " * len(m.group()), _ascii(text))


def _year(s: str) -> int:
    """`1995`, `一九九五` / `二〇一六` or a Republic year (`民國113`, `113`) as a number."""
    s = s.removeprefix("民国").removeprefix("民國")
    if s.isdigit():
        return int(s) + (1911 if len(s) == 3 else 0)
    return int("".join(str(CN_DIGITS[c]) for c in s))


def _num(s: str) -> int:
    s = _ascii(s)
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if "十" in s:
        tens, _, ones = s.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS.get(s, 0)


def publish_date(published_at: str | datetime | date | None, tz: ZoneInfo = TZ) -> date | None:
    """The calendar day of publication in China time (naive timestamps are taken as China time)."""
    if published_at is None or published_at == "":
        return None
    if isinstance(published_at, datetime):
        dt = published_at
    elif isinstance(published_at, date):
        return published_at
    else:
        try:
            dt = datetime.fromisoformat(str(published_at).strip().replace("Z", "+00:00"))
        except ValueError:
            import dateparser

            dt = dateparser.parse(str(published_at))
            if dt is None:
                return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(tz)
    return dt.date()


def _candidates(text: str, pub: date | None):
    """(offset, day) of each date expression in `text`, as `_readable` gives it."""
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            try:
                if kind == "ymd":
                    d = date(_year(m.group(1)), _num(m.group(2)), _num(m.group(3)))
                elif kind == "md":
                    if pub is None:  # no publish date: nothing says which year (never today's)
                        continue
                    ref = pub
                    d = date(ref.year, _num(m.group(1)), _num(m.group(2)))
                    if pub and d > pub + timedelta(days=1):
                        d = d.replace(year=ref.year - 1)
                elif pub is None:
                    continue
                elif kind == "rel":
                    d = pub - timedelta(days=REL_DAYS[m.group(0)])
                else:
                    which, day = m.group(1) or "", WEEKDAY[m.group(2)]
                    monday = pub - timedelta(days=pub.weekday())
                    if which in ("上",):
                        d = monday - timedelta(days=7) + timedelta(days=day)
                    elif which == "上上":
                        d = monday - timedelta(days=14) + timedelta(days=day)
                    elif which in ("本", "这"):
                        d = monday + timedelta(days=day)
                    elif which == "下":
                        continue
                    else:
                        d = monday + timedelta(days=day)
                        if d > pub:
                            d -= timedelta(days=7)
            except (ValueError, KeyError):
                continue
            yield m.start(), d


def event_date(text: str, published_at: str | datetime | date | None) -> tuple[str | None, str]:
    """(YYYY-MM-DD or None, "text" | "published" | "unknown") for the event the text reports;
    "unknown" when neither the text nor a publish date gives one (never the crawl time)."""
    pub = publish_date(published_at)
    found = sorted(_candidates(_readable(text or ""), pub), key=lambda c: c[0])
    for _, d in found:
        if pub is None or d <= pub + timedelta(days=1):
            return d.isoformat(), "text"
    return (pub.isoformat(), "published") if pub else (None, "unknown")


# words that put a statement in the present whatever older dates it cites (近日收到…2019年…的处罚决定书)
RECENT = re.compile(r"近日|日前|近期|今天|今日|昨天|昨日|本周|本月|刚刚|日内|收到|公告称|发布公告")


def latest_stated_day(text: str) -> date | None:
    """The latest day the text's explicit dates allow: `2016年8月5日` that day, `2016年8月` the month's
    last day; None without a year-bearing date, or when the text says it is recent (`RECENT`). Why: a
    matter whose sentence dates it this way more than a year before publication is history (`analyze`);
    the latest date counts, since a penalty notice cites the period of the misconduct before the day
    of the decision."""
    text = _readable(text or "")
    if RECENT.search(text):
        return None
    found = []
    for m in YEAR_MONTH.finditer(text):
        try:
            y, mo = _year(m.group(1)), _num(m.group(2))
            if not 1 <= mo <= 12:
                continue
            found.append(date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1))
        except ValueError:
            continue
    found += [d for _, d in _candidates(text, None)]
    return max(found) if found else None
