"""What a registration application lacks and what follows from it: documents, problems, the change, deadlines.

Reads only: the applicant's pages show these before submitting, and the write services refuse with them.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus, OrgType
from registry.models import ApplicationKind, DocumentRequirement, RegistrationApplication
from registry.rules.conditions import (
    Minimums,
    basis_errors,
    change_date_errors,
    change_window_start,
    foundation_authority_errors,
    funds_errors,
    legal_rep_errors,
    member_errors,
)
from registry.rules.elections import departure_audit_errors
from registry.rules.idcards import id_number_errors
from registry.rules.names import name_errors, trade_name_errors
from registry.selectors import deadline_after, departure_audit_filed, legal_rep_other_org_types, name_blocked_reasons

# Fields the applicant fills in; everything else is set by the process.
APPLICANT_FIELDS = (
    "decision_date",
    "consent_date",
    "liquidation_summary",
    "name",
    "trade_name",
    "domicile",
    "activity_area",
    "business_scope",
    "registered_funds",
    "competent_unit",
    "direct_category",
    "legal_rep_name",
    "legal_rep_id_number",
    "individual_members",
    "unit_members",
    "foundation_fundraising",
    "contact_phone",
)
# Fields the establishment registration takes over from the approved preparation.
PREPARATION_FIELDS = tuple(f for f in APPLICANT_FIELDS if f not in ("individual_members", "unit_members"))


def minimums() -> Minimums:
    """The registration minimums configured for this bureau."""
    conf = settings.REGISTRY
    return Minimums(
        association_individual_members=conf["ASSOCIATION_MIN_INDIVIDUAL_MEMBERS"],
        association_unit_members=conf["ASSOCIATION_MIN_UNIT_MEMBERS"],
        association_mixed_members=conf["ASSOCIATION_MIN_MIXED_MEMBERS"],
        association_funds=Decimal(conf["ASSOCIATION_MIN_FUNDS_YUAN"]),
        service_agency_funds=Decimal(conf["SERVICE_AGENCY_MIN_FUNDS_YUAN"]),
        foundation_fund=Decimal(conf["FOUNDATION_MIN_FUND_YUAN"]),
    )


# The registered particulars an application carries into the register; a change registration may change each.
REGISTERED_FIELDS = (
    "name",
    "domicile",
    "legal_rep_name",
    "legal_rep_id_number",
    "business_scope",
    "registered_funds",
    "competent_unit",
    "direct_category",
    "activity_area",
)


def change_diff(application: RegistrationApplication) -> dict[str, tuple]:
    """Field -> (registered value, applied-for value) for every item the change registration alters."""
    organization = application.organization
    return {
        field: (getattr(organization, field), getattr(application, field))
        for field in REGISTERED_FIELDS
        if getattr(organization, field) != getattr(application, field)
    }


def required_documents(application: RegistrationApplication) -> list[DocumentRequirement]:
    """The documents this application must carry, from the one table officers keep in the admin."""
    direct = bool(application.direct_category)
    return [
        requirement
        for requirement in DocumentRequirement.objects.all()
        if requirement.applies_to(org_type=application.org_type, kind=application.kind, direct=direct)
    ]


def application_problems(application: RegistrationApplication) -> list[str]:
    """Everything missing or wrong in the application, listed at once (一次性告知)."""
    problems: list[str] = []
    a = application
    if a.kind == ApplicationKind.DEREGISTRATION:
        return _deregistration_problems(a)
    change = a.kind == ApplicationKind.CHANGE
    if change:
        problems += _change_problems(a)
    if not a.name:
        problems.append(_("未填写拟定名称。"))
    elif a.kind != ApplicationKind.ESTABLISHMENT and not (change and a.name == a.organization.name):
        problems += name_errors(a.name, org_type=a.org_type, context=a.jurisdiction.name_context())
        problems += trade_name_errors(
            a.name, org_type=a.org_type, trade_name=a.trade_name, context=a.jurisdiction.name_context()
        )
        problems += name_blocked_reasons(
            name=a.name,
            org_type=a.org_type,
            jurisdiction=a.jurisdiction,
            trade_name=a.trade_name,
            exclude_pk=a.organization_id,
        )
    for field, label in (
        ("domicile", _("住所")),
        ("activity_area", _("活动地域")),
        ("business_scope", _("业务范围")),
        ("legal_rep_name", _("法定代表人姓名")),
        ("contact_phone", _("联系电话")),
    ):
        if not getattr(a, field).strip():
            problems.append(_("未填写%(field)s。") % {"field": label})
    if a.legal_rep_id_number:
        id_errors = id_number_errors(a.legal_rep_id_number)
        problems += [_("法定代表人身份证号码：%(error)s") % {"error": e} for e in id_errors]
        if not id_errors and not (change and a.legal_rep_id_number == a.organization.legal_rep_id_number):
            problems += legal_rep_errors(
                org_type=a.org_type,
                other_org_types=legal_rep_other_org_types(
                    id_number=a.legal_rep_id_number,
                    # An establishment registers the organization its preparation already created.
                    exclude_pk=a.organization_id or (a.preparation.organization_id if a.preparation_id else None),
                ),
                name=a.legal_rep_name,
            )
    else:
        problems.append(_("未填写法定代表人身份证号码。"))
    if not change:
        problems += foundation_authority_errors(
            org_type=a.org_type, level=a.jurisdiction.level, fundraising=a.foundation_fundraising
        )
    problems += funds_errors(
        org_type=a.org_type, funds=a.registered_funds, minimums=minimums(), fundraising=a.foundation_fundraising
    )
    problems += basis_errors(competent_unit=a.competent_unit, direct_category=a.direct_category)
    if a.org_type == OrgType.SOCIAL_ASSOCIATION and not change:
        problems += member_errors(individual=a.individual_members, unit=a.unit_members, minimums=minimums())
    officers = list(a.officers.all())
    if not officers and not change:
        problems.append(_("未填写负责人（理事长、秘书长等）。"))
    for officer in officers:
        for error in id_number_errors(officer.id_number):
            problems.append(_("负责人%(name)s的身份证号码：%(error)s") % {"name": officer.name, "error": error})
    present = set(a.documents.values_list("requirement_id", flat=True))
    for requirement in required_documents(a):
        if requirement.required and requirement.pk not in present:
            problems.append(_("缺少材料：%(title)s。") % {"title": requirement.title})
    return problems


def _change_problems(application: RegistrationApplication) -> list[str]:
    problems = []
    if application.organization.status != OrgStatus.NORMAL:
        problems.append(_("该组织当前不是正常登记状态，不能变更登记。"))
    if not change_diff(application):
        problems.append(_("没有任何变更事项：请修改需要变更的登记事项。"))
    if "legal_rep_id_number" in change_diff(application):
        problems += departure_audit_errors(
            legal_rep_changes=True,
            audit_filed=departure_audit_filed(application.organization),
            name=application.organization.legal_rep_name,
        )
    problems += change_date_errors(
        org_type=application.org_type,
        competent_unit=application.competent_unit,
        decision_date=application.decision_date,
        consent_date=application.consent_date,
        today=timezone.localdate(),
    )
    return problems


def _deregistration_problems(application: RegistrationApplication) -> list[str]:
    problems = []
    if application.organization.status != OrgStatus.NORMAL:
        problems.append(_("该组织当前不是正常登记状态，不能申请注销登记。"))
    if application.decision_date is None:
        problems.append(_("请填写作出解散决定的日期。"))
    elif application.decision_date > timezone.localdate():
        problems.append(_("解散决定日期不能晚于今天。"))
    if len(application.liquidation_summary.strip()) < 10:
        problems.append(_("请说明清算情况：债权债务如何清理、剩余财产如何处置。"))
    if not application.contact_phone.strip():
        problems.append(_("未填写%(field)s。") % {"field": _("联系电话")})
    present = set(application.documents.values_list("requirement_id", flat=True))
    for requirement in required_documents(application):
        if requirement.required and requirement.pk not in present:
            problems.append(_("缺少材料：%(title)s。") % {"title": requirement.title})
    return problems


def change_window_opened_on(application: RegistrationApplication):
    """The day the change registration's 30 days started (consent or decision), or None without a limit."""
    if application.kind != ApplicationKind.CHANGE:
        return None
    return change_window_start(
        org_type=application.org_type,
        competent_unit=application.competent_unit,
        decision_date=application.decision_date,
        consent_date=application.consent_date,
    )


def change_is_late(application: RegistrationApplication, *, today=None) -> bool:
    """Whether the change was applied for more than 30 days after the competent unit's consent (条例 第十八条)."""
    start = change_window_opened_on(application)
    if start is None:
        return False
    submitted = timezone.localtime(application.submitted_at).date() if application.submitted_at else None
    day = submitted or today or timezone.localdate()
    return (day - start).days > settings.REGISTRY["CHANGE_WITHIN_DAYS"]


def decision_due(application: RegistrationApplication) -> datetime.date:
    """The day the decision is due: the promised working days after acceptance, plus the days spent correcting."""
    limit = settings.REGISTRY["REGISTRATION_WORKING_DAYS"] + application.paused_working_days
    return deadline_after(application.accepted_on, limit).due
