"""Create and change organizations, always with a history entry and an index update."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from registry.models import Organization, OrganizationHistory
from registry.rules.names import name_errors
from registry.selectors import name_conflicts
from registry.services.search_queue import enqueue_index

# Fields recorded in history; the ID number is kept out of history in clear text.
TRACKED_FIELDS = (
    "org_type",
    "name",
    "uscc",
    "status",
    "on_abnormal_list",
    "on_dishonest_list",
    "jurisdiction_id",
    "domicile",
    "legal_rep_name",
    "legal_rep_id_number",
    "business_scope",
    "competent_unit",
    "direct_category",
    "activity_area",
    "registered_funds",
    "founded_on",
    "certificate_valid_until",
    "grade",
    "grade_expires_on",
    "status_changed_on",
    "last_annual_report_year",
    "last_inspection_result",
    "suspended_until",
    "serious_penalty_on",
)


def _history_value(organization: Organization, field: str):
    value = getattr(organization, field)
    if field == "legal_rep_id_number":
        return organization.legal_rep_id_masked
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _validate_name(organization: Organization) -> None:
    errors = name_errors(
        organization.name, org_type=organization.org_type, context=organization.jurisdiction.name_context()
    )
    if not errors and organization.is_active:
        conflict = name_conflicts(
            name=organization.name,
            org_type=organization.org_type,
            jurisdiction=organization.jurisdiction,
            exclude_pk=organization.pk,
        ).exists()
        if conflict:
            errors = [_("本登记管理机关已有同类型组织使用名称“%(name)s”。") % {"name": organization.name}]
    if errors:
        raise ValidationError({"name": errors})


def _save(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        # The partial unique index caught a name registered at the same moment by someone else.
        raise ValidationError({"name": [_("该名称刚被同一登记管理机关的同类型组织使用。")]}) from exc


def organization_create(
    *, by, reason: str, action: str = "成立登记", check_name: bool = True, **fields
) -> Organization:
    """Enter a new organization in the register and record its first history entry."""
    if not reason.strip():
        raise ValidationError(_("请说明登记的理由或依据。"))
    organization = Organization(**fields)
    with transaction.atomic():
        organization.full_clean(validate_constraints=False)
        if check_name:
            _validate_name(organization)
        _save(organization)
        changes = {field: [None, _history_value(organization, field)] for field in TRACKED_FIELDS}
        OrganizationHistory.objects.create(
            organization=organization, by=by, action=action, changes=changes, reason=reason
        )
        enqueue_index(organization.pk)
    return organization


def organization_update(*, organization: Organization, by, reason: str, action: str, **changes) -> Organization:
    """Change fields of an organization; the old values stay in its history."""
    if not reason.strip():
        raise ValidationError(_("请说明变更的理由或依据。"))
    unknown = set(changes) - {f.removesuffix("_id") for f in TRACKED_FIELDS} - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"not a register field: {sorted(unknown)}")
    with transaction.atomic():
        locked = (
            Organization.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=organization.pk)
        )
        before = {field: _history_value(locked, field) for field in TRACKED_FIELDS}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean(validate_constraints=False)
        if {"name", "org_type", "jurisdiction", "jurisdiction_id"} & set(changes):
            _validate_name(locked)
        after = {field: _history_value(locked, field) for field in TRACKED_FIELDS}
        diff = {field: [before[field], after[field]] for field in TRACKED_FIELDS if before[field] != after[field]}
        if not diff:
            return locked
        _save(locked)
        OrganizationHistory.objects.create(organization=locked, by=by, action=action, changes=diff, reason=reason)
        enqueue_index(locked.pk)
    return locked
