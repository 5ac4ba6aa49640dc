"""Resident identity card numbers (GB 11643-1999)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    return ID_CHECK_CHARS[sum(w * int(d) for w, d in zip(ID_WEIGHTS, first17, strict=True)) % 11]


def normalize_id_number(number: str) -> str:
    """Strip spaces and upper-case a trailing x."""
    return (number or "").strip().replace(" ", "").upper()


def id_number_errors(number: str, *, today: datetime.date | None = None) -> list[str]:
    """Return every reason, in the user's language, why `number` is not a valid ID number."""
    number = normalize_id_number(number)
    if not _SHAPE.match(number):
        return [_("身份证号码应为18位：前17位为数字，最后一位为数字或X。")]
    errors = []
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        errors.append(_("身份证号码第7至14位不是有效的出生日期。"))
    else:
        today = today or datetime.date.today()
        if birth > today:
            errors.append(_("身份证号码中的出生日期晚于今天。"))
    if number[17] != id_check_char(number[:17]):
        errors.append(_("身份证号码校验码错误。"))
    return errors


def validate_id_number(number: str) -> None:
    """Raise ValidationError if `number` is not a valid resident ID number."""
    errors = id_number_errors(number)
    if errors:
        raise ValidationError(errors, code="invalid_id_number")


def mask_id_number(number: str) -> str:
    """Show only the first 3 and last 2 characters, as public pages must."""
    number = normalize_id_number(number)
    if len(number) < 6:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]
