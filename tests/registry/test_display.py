"""Dates inside messages read in the local format of the language in use."""

import datetime

from django.utils import translation

from registry.rules.display import local_date
from registry.rules.purchase_delivery import report_date_errors


def test_a_date_reads_in_chinese_by_default_and_in_english_when_chosen():
    day = datetime.date(2026, 12, 6)
    with translation.override("zh-hans"):
        assert local_date(day) == "2026年12月6日"
    with translation.override("en"):
        assert local_date(day) == "Dec. 6, 2026"
    assert local_date(None) == ""


def test_a_refusal_names_its_date_in_the_local_format_not_as_an_iso_string():
    with translation.override("zh-hans"):
        (message,) = report_date_errors(
            datetime.date(2026, 3, 1), start=datetime.date(2026, 4, 1), today=datetime.date(2026, 5, 1)
        )
    assert "2026年4月1日" in message and "2026-04-01" not in message
