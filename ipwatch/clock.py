"""Time, in one place. Jobs take `now` (JobContext.now); the clock only supplies it, so tests can walk a
duty through reminders, escalation and overdue without waiting. Stored times are UTC ISO strings
(`iso`, `parse`); calendar days (a duty's week, a rating's as-of day) are local days in
settings.timezone (`local_date`). Signatures of chat robots use the real wall clock (the receiving
server checks it), never this one."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def local_date(now: datetime, tz: str) -> date:
    """The calendar day `now` falls on in time zone `tz` (a naive `now` is taken as UTC)."""
    return aware(now).astimezone(ZoneInfo(tz)).date()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime):
        self._now = aware(start)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> datetime:
        self._now = aware(when)
        return self._now


def aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def iso(dt: datetime) -> str:
    return aware(dt).astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(value: str | None) -> datetime | None:
    if not value:
        return None
    v = value.replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    return aware(dt)
