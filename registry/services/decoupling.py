"""Decoupling of industry associations and chambers of commerce (脱钩, 中办发〔2015〕39号): the association submits
evidence for each of the five separations from its portal; an officer of its bureau verifies or returns each item;
a verified item changes only after a recorded reopening. The association is decoupled when the fifth is verified.

Every write locks the association's decoupling record first, then the item: two officers acting on one
association take turns, so the one who verifies the fifth item always sees the other four (and two officers on
one item never both win: the second finds it already verified or returned).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import SUPERVISION_ROLES
from registry.models import (
    Decoupling,
    DecouplingAction,
    DecouplingEvent,
    DecouplingEvidence,
    DecouplingItem,
    Organization,
)
from registry.rules.decoupling import (
    ItemStatus,
    Separation,
    decoupled_on,
    is_decoupling_subject,
    reopen_refusal,
    review_refusal,
    submission_errors,
    submission_refusal,
)
from registry.services import guards, policy
from registry.services.files import private_path, stored_uploads

DECOUPLING_ROLES = SUPERVISION_ROLES
NOT_OFFICER = gettext_lazy("只有本登记管理机关的监管岗或核准岗人员可以核实脱钩事项。")
NOT_REPRESENTATIVE = gettext_lazy("只有该组织的经办人可以提交脱钩材料。")
NOT_SUBJECT = gettext_lazy("只有行业协会商会需要办理与行政机关脱钩。")


def evidence_path(stored_name: str):
    """Where an evidence file lives: under MEDIA_ROOT, outside the web root."""
    return private_path("decoupling", stored_name)


def _require_subject(organization: Organization) -> None:
    if not is_decoupling_subject(org_type=organization.org_type, direct_category=organization.direct_category):
        raise ValidationError(str(NOT_SUBJECT))


def _record_for(organization: Organization) -> Decoupling:
    """The association's record with its five items, created on first use (inside the caller's transaction)."""
    record, created = Decoupling.objects.get_or_create(organization=organization)
    if created or record.items.count() < len(Separation):
        for separation in Separation:
            DecouplingItem.objects.get_or_create(decoupling=record, separation=separation)
    return record


def _refresh_decoupled(record: Decoupling) -> None:
    """Set or clear the decoupling date from the five items, as the rule says."""
    day = decoupled_on(item.verified_on if item.status == ItemStatus.VERIFIED else None for item in record.items.all())
    if day != record.decoupled_on:
        record.decoupled_on = day
        record.save(update_fields=["decoupled_on"])


def decoupling_item_submit(
    *, organization: Organization, separation: str, description: str, by, uploads=()
) -> DecouplingItem:
    """The association submits (or, after a return, resubmits) one item: what it did, with documents.

    Earlier documents of the item stay with it; at least one document in all is required.
    """
    policy.require_representative(by, organization, message=str(NOT_REPRESENTATIVE))
    _require_subject(organization)
    separation = Separation(separation)
    with stored_uploads(uploads, folder="decoupling") as files, transaction.atomic():
        record = guards.locked(_record_for(organization))
        item = guards.locked(record.items.get(separation=separation))
        refusal = submission_refusal(item.status)
        if refusal:
            raise ValidationError(refusal)
        errors = submission_errors(description=description, evidence_count=item.files.count() + len(files))
        if errors:
            raise ValidationError(errors)
        item.description = description.strip()
        item.status = ItemStatus.SUBMITTED
        item.submitted_on, item.submitted_by = timezone.localdate(), by
        item.full_clean(exclude=["decoupling", "submitted_by", "verified_by"])
        item.save()
        for fields in files:
            DecouplingEvidence.objects.create(item=item, uploaded_by=by, **fields)
        DecouplingEvent.objects.create(item=item, action=DecouplingAction.SUBMIT, by=by, note=item.description)
    return item


def _locked_for_officer(item: DecouplingItem, by) -> tuple[Decoupling, DecouplingItem]:
    organization = item.decoupling.organization
    policy.require_role(by, organization.jurisdiction, *DECOUPLING_ROLES, message=str(NOT_OFFICER))
    record = guards.locked(item.decoupling)
    return record, guards.locked(item, "decoupling__organization")


def decoupling_item_verify(*, item: DecouplingItem, by) -> DecouplingItem:
    """An officer verifies a submitted item; the association is decoupled only once all five are verified."""
    with transaction.atomic():
        record, locked = _locked_for_officer(item, by)
        refusal = review_refusal(locked.status)
        if refusal:
            raise ValidationError(refusal)
        locked.status = ItemStatus.VERIFIED
        locked.verified_on, locked.verified_by, locked.return_reason = timezone.localdate(), by, ""
        locked.save(update_fields=["status", "verified_on", "verified_by", "return_reason"])
        DecouplingEvent.objects.create(item=locked, action=DecouplingAction.VERIFY, by=by)
        _refresh_decoupled(record)
    return locked


def decoupling_item_return(*, item: DecouplingItem, reason: str, by) -> DecouplingItem:
    """An officer returns a submitted item with the reason; the association completes it and submits again."""
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError(_("退回的，请写明理由和需补充的材料（至少5个字）。"))
    with transaction.atomic():
        record, locked = _locked_for_officer(item, by)
        refusal = review_refusal(locked.status)
        if refusal:
            raise ValidationError(refusal)
        locked.status, locked.return_reason = ItemStatus.RETURNED, reason
        locked.save(update_fields=["status", "return_reason"])
        DecouplingEvent.objects.create(item=locked, action=DecouplingAction.RETURN, by=by, note=reason)
    return locked


def decoupling_item_reopen(*, item: DecouplingItem, reason: str, by) -> DecouplingItem:
    """An officer reopens a verified item (the association may then change it), with the reason on record; an
    association that was decoupled is no longer shown so until the item is verified again."""
    with transaction.atomic():
        record, locked = _locked_for_officer(item, by)
        refusal = reopen_refusal(locked.status, reason)
        if refusal:
            raise ValidationError(refusal)
        locked.status, locked.return_reason = ItemStatus.RETURNED, reason.strip()
        locked.verified_on = locked.verified_by = None
        locked.save(update_fields=["status", "return_reason", "verified_on", "verified_by"])
        DecouplingEvent.objects.create(item=locked, action=DecouplingAction.REOPEN, by=by, note=reason.strip())
        _refresh_decoupled(record)
    return locked
