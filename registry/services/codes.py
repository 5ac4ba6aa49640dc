"""Assign unified social credit codes from a locked serial, each bureau from its own organization-code block.

Serials are handed out inside the services that register an organization or issue a certificate (which asked
the permission policy) and by the demo and import commands, so these functions take no acting user.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import CodeSequence, Jurisdiction
from registry.rules.codes import block_end, build_uscc, org_body_for_serial, parse_code_blocks, serial_for_body
from registry.services import guards

ORG_CODE_SEQUENCE = "organization_code"


class CodeBlockExhausted(ValidationError):
    """A bureau has used up its organization-code block; the code authority must allot another."""


def code_block(jurisdiction_code: str) -> tuple[str, int, int]:
    """The sequence name, first serial and end (exclusive) of the block a bureau assigns codes from.

    REGISTRY_ORG_CODE_BLOCKS lists each bureau's allotted start; bureaus not listed share the
    installation's default block (REGISTRY_ORG_CODE_DEFAULT_BLOCK).
    """
    blocks = parse_code_blocks(settings.REGISTRY["ORG_CODE_BLOCKS"])
    default_start = serial_for_body(settings.REGISTRY["ORG_CODE_DEFAULT_BLOCK"])
    starts = [*blocks.values(), default_start]
    if jurisdiction_code in blocks:
        start = blocks[jurisdiction_code]
        return f"{ORG_CODE_SEQUENCE}-{jurisdiction_code}", start, block_end(start, starts)
    return ORG_CODE_SEQUENCE, default_start, block_end(default_start, starts)


def reserve_serials(*, count: int, name: str = ORG_CODE_SEQUENCE, start: int = 0, end: int | None = None) -> range:
    """Reserve `count` consecutive serial numbers from `start`; concurrent callers never get the same one."""
    if count < 1:
        raise ValueError("count must be positive")
    with transaction.atomic():
        sequence, _created = CodeSequence.objects.get_or_create(name=name, defaults={"last_value": start - 1})
        sequence = guards.locked(sequence)
        first = max(sequence.last_value + 1, start)
        if end is not None and first + count > end:
            raise CodeBlockExhausted(_("本登记管理机关的组织机构代码号段已用完，请申请新的号段。"))
        sequence.last_value = first + count - 1
        sequence.save(update_fields=["last_value"])
    return range(first, first + count)


def reserve_code_serials(*, count: int, jurisdiction_code: str) -> range:
    """Reserve `count` serials from the organization-code block of a bureau."""
    name, start, end = code_block(jurisdiction_code)
    return reserve_serials(count=count, name=name, start=start, end=end)


def uscc_for_serial(*, serial: int, org_type: str, jurisdiction: Jurisdiction) -> str:
    """Build the code of an organization of `org_type` registered by `jurisdiction` for a reserved serial."""
    return build_uscc(category=str(org_type), division_code=jurisdiction.code, org_body=org_body_for_serial(serial))


def assign_uscc(*, org_type: str, jurisdiction: Jurisdiction) -> str:
    """Hand out a new, never-used code for an organization about to be registered."""
    (serial,) = reserve_code_serials(count=1, jurisdiction_code=jurisdiction.code)
    return uscc_for_serial(serial=serial, org_type=org_type, jurisdiction=jurisdiction)


class CodeSerials:
    """Serials for many organizations at once (the demo register), reserved in chunks per bureau block."""

    def __init__(self, chunk: int = 1000):
        self.chunk = chunk
        self.pools: dict[str, list[int]] = {}

    def next_for(self, jurisdiction_code: str) -> int:
        pool = self.pools.setdefault(jurisdiction_code, [])
        if not pool:
            pool.extend(reversed(reserve_code_serials(count=self.chunk, jurisdiction_code=jurisdiction_code)))
        return pool.pop()
