"""How a date reads inside a message: in the local format of the language in use (2026年12月6日, Dec. 6, 2026),
as templates show it with the `date:"DATE_FORMAT"` filter, never as an ISO string."""

import datetime

from django.utils import formats


def local_date(value: datetime.date | None) -> str:
    """The date in the active language's format; an empty string for no date."""
    if value is None:
        return ""
    return formats.date_format(value, "DATE_FORMAT")
