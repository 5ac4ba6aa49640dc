"""Names of people (legal representative, principal officers) as the register records and prints them.

A person's name is written as on the resident identity card (居民身份证法 第三条: the card records the
name; GB 11643 ties it to the ID number asked for beside it): Han characters, and for names of the
minority nationalities or transliterated names, letters and the middle dot "·" between the parts
(阿依古丽·买买提). The name is printed on the registration certificate and on decision documents, so
nothing else is accepted: no digits, punctuation or markup.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 2
MAX_LENGTH = 30
MIDDLE_DOT = "·"  # U+00B7, as on the identity card
# Dots people type for it on Chinese and Japanese keyboards, and the ideographic space.
_DOTS = str.maketrans({"・": MIDDLE_DOT, "‧": MIDDLE_DOT, "•": MIDDLE_DOT, "．": MIDDLE_DOT, "\u3000": " "})
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[· ]{2,}")


def normalize_person_name(name: str) -> str:
    """Trim, write every kind of middle dot as "·", and collapse runs of spaces into one."""
    text = unicodedata.normalize("NFC", (name or "").translate(_DOTS))
    return _SPACES.sub(" ", text).strip()


def _allowed(char: str, previous: str) -> bool:
    category = unicodedata.category(char)
    if category.startswith("L"):  # Han characters (Lo) and letters of any script
        return True
    if category.startswith("M"):  # a combining mark belongs to the letter before it
        return previous != "" and unicodedata.category(previous)[0] in "LM"
    return char in (MIDDLE_DOT, " ")


def person_name_errors(name: str) -> list[str]:
    """Return every reason, in the user's language, why `name` is not a person's name as it is registered."""
    name = normalize_person_name(name)
    if not name:
        return [_("请填写姓名。")]
    errors = []
    refused = []
    for index, char in enumerate(name):
        if not _allowed(char, name[index - 1] if index else "") and char not in refused:
            refused.append(char)
    if refused:
        shown = "".join(refused[:10])
        errors.append(_("姓名只能由汉字、字母、间隔号“·”和空格组成，不能含有“%(chars)s”。") % {"chars": shown})
    elif name[0] == MIDDLE_DOT or name[-1] == MIDDLE_DOT or _SEPARATORS.search(name):
        errors.append(_("间隔号“·”只能用在姓名的各部分之间，且不能与空格或另一个间隔号相连。"))
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        errors.append(_("姓名应为%(min)d至%(max)d个字符（含间隔号和空格）。") % {"min": MIN_LENGTH, "max": MAX_LENGTH})
    return errors


def validate_person_name(name: str) -> None:
    """Raise ValidationError if `name` is not a person's name as it is registered."""
    errors = person_name_errors(name)
    if errors:
        raise ValidationError(errors, code="invalid_person_name")
