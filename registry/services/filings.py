"""Filings after registration: the organization files its seal impression and bank account with the bureau."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import ChangeKind, FilingKind, Organization, OrganizationFiling
from registry.services import policy
from registry.services.changes import change_event_record


def filing_record(
    *, organization: Organization, kind: str, details: str, by, today: datetime.date | None = None
) -> OrganizationFiling:
    """File the seal or bank account of a registered organization (社会团体登记管理条例 第十六条)."""
    policy.require_representative(by, organization, message=_("只有该组织的经办人可以备案。"))
    if kind not in FilingKind.values:
        raise ValidationError(_("请选择备案事项。"))
    if organization.status != OrgStatus.NORMAL:
        raise ValidationError(_("只有正常登记的组织可以备案印章和银行账户。"))
    if len(details.strip()) < 4:
        raise ValidationError(_("请填写备案内容（开户银行及账号，或印章名称和刻制单位）。"))
    with transaction.atomic():
        filing = OrganizationFiling(
            organization=organization,
            kind=kind,
            details=details.strip()[:200],
            filed_on=today or timezone.localdate(),
            filed_by=by,
        )
        filing.full_clean()
        filing.save()
        change_event_record(
            organization=organization,
            kind=ChangeKind.FILING,
            detail={"filing_kind": filing.kind, "filed_on": filing.filed_on},
        )
    return filing
