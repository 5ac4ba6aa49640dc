"""Unified social credit codes (GB 32100-2015) and organization codes (GB 11714).

A civil-affairs code reads: `5` (registration department: civil affairs),
the category (1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他), the 6-digit
administrative division code of the registering authority, a 9-character
organization code whose last character is its GB 11714 check character, and
a final check character over the first 17 characters.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 31 characters allowed in a unified social credit code (no I, O, S, V, Z).
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_VALUES = {char: value for value, char in enumerate(CODE_ALPHABET)}
CIVIL_AFFAIRS_DEPARTMENT = "5"
CATEGORIES = {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}

# GB 11714 weights for the 8 body characters of an organization code.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 32100 weights: 3^(i-1) mod 31 for positions 1..17.
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_DIVISION_RE = re.compile(r"^\d{6}$")


def _char_value_gb11714(char: str) -> int:
    """Return a body character's value: digits as themselves, letters A=10 … Z=35."""
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise ValueError(char)


def org_code_check_char(body: str) -> str:
    """Return the GB 11714 check character of an 8-character organization-code body."""
    if len(body) != 8:
        raise ValueError("organization code body must have 8 characters")
    total = sum(w * _char_value_gb11714(c) for w, c in zip(ORG_CODE_WEIGHTS, body, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a code."""
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total = sum(w * CODE_VALUES[c] for w, c in zip(USCC_WEIGHTS, first17, strict=True))
    check = 31 - total % 31
    return CODE_ALPHABET[0 if check == 31 else check]


def build_uscc(*, category: str, division_code: str, org_body: str, department: str = CIVIL_AFFAIRS_DEPARTMENT) -> str:
    """Assemble a valid code from its parts, computing both check characters."""
    org_code = org_body + org_code_check_char(org_body)
    first17 = f"{department}{category}{division_code}{org_code}"
    code = first17 + uscc_check_char(first17)
    validate_uscc(code)
    return code


# Civil-affairs organization codes assigned since 2016 begin "MJ"; later blocks use the next letters.
_SERIAL_PREFIXES = ("MJ", "MK", "ML", "MN", "MP", "MQ", "MR", "MT", "MU", "MW", "MX", "MY")
SERIAL_BLOCK = 1_000_000
MAX_SERIAL = SERIAL_BLOCK * len(_SERIAL_PREFIXES) - 1


def org_body_for_serial(serial: int) -> str:
    """Return the 8-character organization-code body for a registry serial number."""
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} out of range 0..{MAX_SERIAL}")
    prefix = _SERIAL_PREFIXES[serial // SERIAL_BLOCK]
    return f"{prefix}{serial % SERIAL_BLOCK:06d}"


def serial_for_body(body: str) -> int:
    """The serial number of an 8-character organization-code body such as "MJ100000" (inverse of the above)."""
    body = (body or "").strip().upper()
    if len(body) != 8 or body[:2] not in _SERIAL_PREFIXES or not body[2:].isdigit():
        raise ValueError(f"not an organization-code body of the civil-affairs blocks: {body!r}")
    return _SERIAL_PREFIXES.index(body[:2]) * SERIAL_BLOCK + int(body[2:])


def parse_code_blocks(text: str) -> dict[str, int]:
    """Parse "310112:MJ100000,310117:MK000000" into division code -> first serial of that bureau's block.

    The organization code (positions 9-17 of the credit code) must be unique nationwide, so each
    bureau draws from the block the code authority allotted to it, never from a shared start.
    """
    blocks: dict[str, int] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        division, _sep, body = item.partition(":")
        division = division.strip()
        if not _DIVISION_RE.match(division):
            raise ValueError(f"not a division code: {division!r}")
        blocks[division] = serial_for_body(body)
    starts = sorted(blocks.values())
    if len(set(starts)) != len(starts):
        raise ValueError("two bureaus share the start of an organization-code block")
    return blocks


def block_end(start: int, starts) -> int:
    """The first serial past the block that begins at `start`: the next bureau's start, or the end of the range."""
    later = [other for other in starts if other > start]
    return min(later) if later else MAX_SERIAL + 1


def uscc_errors(code: str) -> list[str]:
    """Return every reason, in the user's language, why `code` is not a valid civil-affairs code."""
    if not isinstance(code, str) or len(code) != 18:
        return [_("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code) if isinstance(code, str) else 0}]
    bad = sorted({c for c in code if c not in CODE_VALUES})
    if bad:
        return [_("统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、S、V、Z）。") % {"chars": "、".join(bad)}]
    errors = []
    if code[0] != CIVIL_AFFAIRS_DEPARTMENT:
        errors.append(_("第1位登记管理部门代码应为5（民政），当前为%(c)s。") % {"c": code[0]})
    if code[1] not in CATEGORIES:
        errors.append(_("第2位机构类别代码应为1、2、3或9，当前为%(c)s。") % {"c": code[1]})
    if not _DIVISION_RE.match(code[2:8]):
        errors.append(_("第3至8位应为6位数字的行政区划代码。"))
    body, org_check = code[8:16], code[16]
    if org_check != org_code_check_char(body):
        errors.append(_("第9至17位组织机构代码的校验码错误。"))
    if code[17] != uscc_check_char(code[:17]):
        errors.append(_("第18位校验码错误，应为%(c)s。") % {"c": uscc_check_char(code[:17])})
    return errors


def is_valid_uscc(code: str) -> bool:
    """Return whether `code` is a valid civil-affairs unified social credit code."""
    return not uscc_errors(code)


def validate_uscc(code: str) -> None:
    """Raise ValidationError listing every problem with `code`."""
    errors = uscc_errors(code)
    if errors:
        raise ValidationError(errors, code="invalid_uscc")
