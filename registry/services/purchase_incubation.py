"""Incubation support for the winners of a 公益创投 contest: the purchaser admits a winner to the incubation base
the call names, through the incubation admission service (capacity, one stay at a time)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    Admission,
    CallKind,
    CallStatus,
    CommunityField,
    PurchaseApplication,
    PurchaseApplicationStatus,
    ServiceCategory,
)
from registry.services.guards import locked
from registry.services.incubation import incubation_admit
from registry.services.policy import require_purchase_officer

# The field of the admission from the contest's service category (孵化基地 record their incubatees by field).
FIELD_OF_CATEGORY = {
    ServiceCategory.COMMUNITY: CommunityField.SERVICE,
    ServiceCategory.ELDERLY: CommunityField.SERVICE,
    ServiceCategory.DISABILITY: CommunityField.CHARITY,
    ServiceCategory.CHILDREN: CommunityField.SERVICE,
    ServiceCategory.POVERTY: CommunityField.CHARITY,
    ServiceCategory.CULTURE: CommunityField.CULTURE,
}


def contest_winner_admission(application: PurchaseApplication) -> Admission | None:
    """The admission a contest's winning application led to, if any."""
    return Admission.objects.filter(contest_application=application).select_related("base").first()


def contest_winner_admit(*, application: PurchaseApplication, by, today: datetime.date | None = None) -> Admission:
    """Admit the winning organization of a concluded 公益创投 contest to the base the call names, for the
    contest's service period (at least until tomorrow when it has already ended)."""
    require_purchase_officer(by, application.call.unit)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = locked(application, "call", "organization")
        call = current.call
        if call.kind != CallKind.VENTURE or call.incubation_base_id is None:
            raise ValidationError(_("该项目征集不是指定了孵化基地的公益创投。"))
        if call.status != CallStatus.AWARDED or current.status != PurchaseApplicationStatus.AWARDED:
            raise ValidationError(_("只有已确定立项的获胜项目可以入驻孵化基地。"))
        if Admission.objects.filter(contest_application=current).exists():
            raise ValidationError(_("该获胜项目已入驻孵化基地。"))
        return incubation_admit(
            base=call.incubation_base,
            by=by,
            field=FIELD_OF_CATEGORY.get(call.category, CommunityField.OTHER),
            admitted_on=today,
            planned_graduation_on=max(call.service_end, today + datetime.timedelta(days=1)),
            organization=current.organization,
            contest_application=current,
        )
