"""The official holiday schedules known to the `chinese-calendar` package, as rows for our calendar table."""

import datetime

from chinese_calendar import constants

# The package names holidays in English; the calendar table shows them in Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _chinese(name: str) -> str:
    return HOLIDAY_NAMES.get(name, name)


def official_calendar_rows() -> list[tuple[datetime.date, bool, str]]:
    """Return (date, is_workday, holiday name) for every special day the package knows."""
    rows = [(day, False, _chinese(name)) for day, name in constants.holidays.items()]
    rows += [(day, True, _chinese(name) + "调休") for day, name in constants.workdays.items()]
    return sorted(rows)


def official_years() -> list[int]:
    """Return the years whose full schedule the package carries."""
    return sorted({day.year for day in constants.holidays})
