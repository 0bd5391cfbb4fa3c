"""THE RULE of the major-matter reporting duty, and the only place it is computed:
`due = occurred_on + duty.period_days` (alerts.yaml; 7, the notice's "于发生之日起一周内"), and the duty
is overdue after the end of the due day (24:00) in `duty.timezone` (Asia/Shanghai). The clock starts
on the day the matter occurred, not the day ipwatch read about it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from alerts.routing import DutyConfig
from ipwatch.clock import parse


def reporting_period(cfg: DutyConfig) -> timedelta:
    return timedelta(days=cfg.period_days)


def due_date(occurred_on: date, cfg: DutyConfig) -> date:
    return occurred_on + reporting_period(cfg)


def deadline(due: date, cfg: DutyConfig) -> datetime:
    """The last instant of the due day in the duty's time zone."""
    tz = ZoneInfo(cfg.timezone)
    return datetime.combine(due + timedelta(days=1), time(0), tzinfo=tz) - timedelta(milliseconds=1)


def local_today(now: datetime, cfg: DutyConfig) -> date:
    return now.astimezone(ZoneInfo(cfg.timezone)).date()


def days_left(duty: dict[str, Any], now: datetime) -> float:
    return ((parse(duty["due_at"]) or now) - now).total_seconds() / 86400
