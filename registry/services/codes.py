"""Assign unified social credit codes from a locked serial."""

from django.db import transaction

from registry.codes import build_uscc, org_body_for_serial
from registry.models import CodeSequence, Jurisdiction

ORG_CODE_SEQUENCE = "organization_code"


def reserve_serials(*, count: int, name: str = ORG_CODE_SEQUENCE) -> range:
    """Reserve `count` consecutive serial numbers; concurrent callers never get the same one."""
    if count < 1:
        raise ValueError("count must be positive")
    with transaction.atomic():
        CodeSequence.objects.get_or_create(name=name)
        sequence = CodeSequence.objects.select_for_update().get(name=name)
        first = sequence.last_value + 1
        sequence.last_value += count
        sequence.save(update_fields=["last_value"])
    return range(first, first + count)


def uscc_for_serial(*, serial: int, org_type: str, jurisdiction: Jurisdiction) -> str:
    """Build the code of an organization of `org_type` registered by `jurisdiction` for a reserved serial."""
    return build_uscc(category=str(org_type), division_code=jurisdiction.code, org_body=org_body_for_serial(serial))


def assign_uscc(*, org_type: str, jurisdiction: Jurisdiction) -> str:
    """Hand out a new, never-used code for an organization about to be registered."""
    (serial,) = reserve_serials(count=1)
    return uscc_for_serial(serial=serial, org_type=org_type, jurisdiction=jurisdiction)
