"""The calendar of a run: the date of each round.

A scenario states the date of its first round and the length of a round (``calendar: {start:
2026-02-26, round: 1 week}``). Round ``r`` then begins ``r - 1`` round lengths after the start;
round 0 (the state before the first round) carries the start date too.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import re
from dataclasses import dataclass

UNITS = ("day", "week", "month")
DURATION = re.compile(r"^\s*(\d+)\s*(day|week|month)s?\s*$")
DURATION_HELP = "a whole number and a unit: days, weeks or months (for example '1 week' or '2 months')"
DATE_HELP = "a date written YYYY-MM-DD (for example 2026-02-26)"


def parse_duration(text: object) -> tuple[int, str]:
    """The length and unit of a round written as text.

    >>> parse_duration("1 week"), parse_duration("2 months"), parse_duration("10 days")
    ((1, 'week'), (2, 'month'), (10, 'day'))
    """
    match = DURATION.match(str(text)) if isinstance(text, str | int) and not isinstance(text, bool) else None
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"got {text!r}; allowed: {DURATION_HELP}")
    return int(match.group(1)), match.group(2)


def parse_date(value: object) -> dt.date:
    """A date from a YAML date or ISO text.

    >>> parse_date("2022-02-24"), parse_date(dt.date(2026, 2, 26))
    (datetime.date(2022, 2, 24), datetime.date(2026, 2, 26))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"got {value!r}; allowed: {DATE_HELP}")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the month it lands in.

    >>> add_months(dt.date(2026, 1, 31), 1), add_months(dt.date(2024, 11, 30), 3)
    (datetime.date(2026, 2, 28), datetime.date(2025, 2, 28))
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, gregorian.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Calendar:
    """The date of the first round and the length of a round.

    >>> weekly = Calendar(dt.date(2026, 2, 26), 1, "week")
    >>> weekly.iso(1), weekly.iso(2), weekly.iso(53)
    ('2026-02-26', '2026-03-05', '2027-02-25')
    >>> weekly.round_on(dt.date(2026, 6, 30)), weekly.describe()
    (18, '1 week')
    """

    start: dt.date
    length: int = 1
    unit: str = "week"

    def date_of(self, round_: int) -> dt.date:
        steps = max(round_ - 1, 0) * self.length
        if self.unit == "month":
            return add_months(self.start, steps)
        return self.start + dt.timedelta(days=steps * (7 if self.unit == "week" else 1))

    def iso(self, round_: int) -> str:
        return self.date_of(round_).isoformat()

    def round_on(self, day: dt.date) -> int:
        """The round under way on ``day`` (1 on the start date or before it)."""
        if day <= self.start:
            return 1
        if self.unit == "month":
            months = (day.year - self.start.year) * 12 + day.month - self.start.month
            round_ = max(months // self.length, 0) + 1
            while round_ > 1 and self.date_of(round_) > day:  # a month counted too many
                round_ -= 1
            return round_
        days = self.length * (7 if self.unit == "week" else 1)
        return (day - self.start).days // days + 1

    def describe(self) -> str:
        return f"{self.length} {self.unit}{'s' if self.length != 1 else ''}"

    def dates(self, last_round: int) -> dict[int, str]:
        """Round -> ISO date, for rounds 0 to ``last_round``."""
        return {r: self.iso(r) for r in range(last_round + 1)}


def label(calendar: Calendar | None, round_: int) -> str:
    """A round as a reader should see it: with its date when the scenario has a calendar.

    >>> label(Calendar(dt.date(2026, 2, 26)), 3), label(None, 3)
    ('round 3 (2026-03-12)', 'round 3')
    """
    return f"round {round_}" if calendar is None else f"round {round_} ({calendar.iso(round_)})"
