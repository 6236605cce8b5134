"""Working days as Vietnamese administrative time limits count them: no weekends, no public holidays.

The public holidays (Tết, Hùng Kings, 30/4, 1/5, 2/9 and the days the Labour Code adds to them,
with the day off moved to Monday when one falls on a weekend) come from the `holidays` package,
which follows Labour Code 2019 Art. 112. Days the Government swaps by decision each year (a
Saturday worked to make a longer Tết) are not in it: a limit that crosses one may come out a day
early, which an officer reads as the safe side.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start`: the day of filing is not counted, the last day is.

    A limit of 1 working day from a Friday ends on Monday; one from the eve of Tết ends after it.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
