"""Where published bank holidays come from: the `holidays` package and GOV.UK's bank-holidays.json.

Both give weekday dates only, as GOV.UK lists them: a holiday that falls at a weekend is listed as its
substitute day (for example Boxing Day 2026 is Monday 28 December), so weekend dates are dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

SEED_YEARS = range(2015, 2036)
GOVUK_DIVISION = "england-and-wales"


def package_holidays(years: range = SEED_YEARS) -> dict[dt.date, str]:
    """England's bank holidays from the installed `holidays` package (subdiv="ENG"), weekdays only."""
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day: str(name)[:200] for day, name in sorted(found.items()) if day.weekday() < 5}


class HolidayFileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class HolidayDiff:
    add: dict[dt.date, str] = field(default_factory=dict)
    remove: dict[dt.date, str] = field(default_factory=dict)
    retitle: dict[dt.date, tuple[str, str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.add or self.remove or self.retitle)

    @property
    def changed_dates(self) -> set[dt.date]:
        return set(self.add) | set(self.remove)

    def lines(self) -> list[str]:
        out = [f"+ {d.isoformat()} {t}" for d, t in sorted(self.add.items())]
        out += [f"- {d.isoformat()} {t}" for d, t in sorted(self.remove.items())]
        out += [f"~ {d.isoformat()} {old} -> {new}" for d, (old, new) in sorted(self.retitle.items())]
        return out


def diff(current: dict[dt.date, str], wanted: dict[dt.date, str]) -> HolidayDiff:
    result = HolidayDiff()
    for day, title in wanted.items():
        if day not in current:
            result.add[day] = title
        elif current[day] != title:
            result.retitle[day] = (current[day], title)
    for day, title in current.items():
        if day not in wanted:
            result.remove[day] = title
    return result


def parse_govuk(text: str | bytes) -> dict[dt.date, str]:
    """The england-and-wales events of a GOV.UK bank-holidays.json file. Everything is checked first:
    any problem raises HolidayFileError listing all of them, and nothing is returned."""
    try:
        data: Any = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HolidayFileError([f"The file is not valid JSON ({exc})"]) from exc
    if not isinstance(data, dict) or GOVUK_DIVISION not in data:
        raise HolidayFileError(
            [f'The file has no "{GOVUK_DIVISION}" division (is it GOV.UK bank-holidays.json?)']
        )
    division = data[GOVUK_DIVISION]
    if not isinstance(division, dict) or not isinstance(division.get("events"), list):
        raise HolidayFileError([f'"{GOVUK_DIVISION}" must hold a list of "events"'])
    if division.get("division", GOVUK_DIVISION) != GOVUK_DIVISION:
        raise HolidayFileError([f'"{GOVUK_DIVISION}" names another division: {division.get("division")!r}'])
    problems: list[str] = []
    result: dict[dt.date, str] = {}
    events = division["events"]
    if not events:
        problems.append("The england-and-wales division lists no events")
    for index, event in enumerate(events, start=1):
        where = f"Event {index}"
        if not isinstance(event, dict):
            problems.append(f"{where} is not an object")
            continue
        title, raw_date = event.get("title"), event.get("date")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where} has no title")
        if not isinstance(raw_date, str):
            problems.append(f"{where} has no date")
            continue
        try:
            day = dt.date.fromisoformat(raw_date)
            if len(raw_date) != 10:
                raise ValueError
        except ValueError:
            problems.append(f"{where} has a date that is not YYYY-MM-DD: {raw_date!r}")
            continue
        where = f"{where} ({raw_date})"
        if day.weekday() >= 5:
            problems.append(f"{where} falls on a {day:%A}: GOV.UK lists the substitute weekday instead")
        if day in result:
            problems.append(f"{where} is listed twice")
        if isinstance(title, str) and title.strip():
            result[day] = title.strip()[:200]
    if problems:
        raise HolidayFileError(problems)
    return result
