"""The life of a registration application: drafting, submission, officers' decisions and issuance.

Every function checks the application's current status under a row lock, so a double click,
a back button or two officers at once can never move it twice.  The workflow engine calls
these functions; the register itself changes only in `organization_register`.
"""

import datetime
import hashlib
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from registry.choices import OrgStatus, OrgType
from registry.models import (
    ApplicationDocument,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    DocumentRequirement,
    Jurisdiction,
    Organization,
    PrincipalOfficer,
    RegistrationApplication,
    ServiceRating,
)
from registry.models.application import EDITABLE_STATUSES, FINAL_STATUSES
from registry.rules.conditions import (
    Minimums,
    basis_errors,
    change_date_errors,
    change_window_start,
    establishment_window_errors,
    foundation_authority_errors,
    funds_errors,
    legal_rep_errors,
    member_errors,
    refusal_reason,
)
from registry.rules.idcards import id_number_errors, normalize_id_number
from registry.rules.names import name_errors, trade_name_errors
from registry.selectors import (
    deadline_after,
    legal_rep_other_org_types,
    name_blocked_reasons,
    working_days_left,
)
from registry.services.certificates import issue_registration_certificates, void_certificates
from registry.services.codes import assign_uscc
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.notifications import notify_applicant
from registry.services.organizations import organization_create, organization_update

Action = ApplicationEvent.Action

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


def _locked(application: RegistrationApplication) -> RegistrationApplication:
    return (
        RegistrationApplication.objects.select_for_update(of=("self",))
        .select_related("jurisdiction", "applicant", "preparation")
        .get(pk=application.pk)
    )


def _require_status(application: RegistrationApplication, *allowed: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("该申请当前状态为“%(status)s”，不能办理此事项（可能已由他人处理，请刷新）。")
            % {"status": application.get_status_display()}
        )


def _require_applicant(application: RegistrationApplication, user) -> None:
    if application.applicant_id != user.pk:
        raise PermissionDenied(_("只有申请人本人可以办理。"))


def _event(application, *, by, action, role="", reason="", internal_note="", items=()) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        by=by,
        role=role,
        action=action,
        reason=reason,
        internal_note=internal_note,
        items=list(items),
    )


# ---------------------------------------------------------------- the applicant's side


def application_start(
    *,
    applicant,
    org_type: str,
    jurisdiction: Jurisdiction,
    create_token: uuid.UUID,
    preparation: RegistrationApplication | None = None,
) -> RegistrationApplication:
    """Open a draft; the same token (a form sent twice) returns the draft already opened."""
    existing = RegistrationApplication.objects.filter(create_token=create_token).first()
    if existing is not None:
        _require_applicant(existing, applicant)
        return existing
    errors = foundation_authority_errors(org_type=org_type, level=jurisdiction.level)
    if errors:
        raise ValidationError(errors)
    if preparation is not None:
        _require_applicant(preparation, applicant)
        if not settings.REGISTRY["ASSOCIATION_PREPARATION"]:
            raise ValidationError(_("社会团体一次申请登记，本机关不设筹备阶段。"))
        if preparation.kind != ApplicationKind.PREPARATION or preparation.status != ApplicationStatus.COMPLETED:
            raise ValidationError(_("只有已准予筹备的社会团体才能申请成立登记。"))
        errors = establishment_window_errors(
            preparation_approved_on=timezone.localtime(preparation.decided_at).date(),
            today=timezone.localdate(),
            months=settings.REGISTRY["PREPARATION_MONTHS"],
        )
        if errors:
            raise ValidationError(errors)
        live = preparation.establishments.exclude(
            status__in=[ApplicationStatus.REFUSED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
        )
        if live.exists():
            return live.first()
        org_type, jurisdiction, kind = preparation.org_type, preparation.jurisdiction, ApplicationKind.ESTABLISHMENT
    elif OrgType(org_type) == OrgType.SOCIAL_ASSOCIATION and settings.REGISTRY["ASSOCIATION_PREPARATION"]:
        # 社会团体登记管理条例 (2016 revision) 第九条: one application for registration; preparation is
        # only a local stage a bureau may keep (REGISTRY_ASSOCIATION_PREPARATION, default off).
        kind = ApplicationKind.PREPARATION
    else:
        kind = ApplicationKind.REGISTRATION
    application = RegistrationApplication(
        applicant=applicant,
        create_token=create_token,
        kind=kind,
        org_type=org_type,
        jurisdiction=jurisdiction,
        preparation=preparation,
    )
    if preparation is not None:
        for field in PREPARATION_FIELDS:
            setattr(application, field, getattr(preparation, field))
        application.individual_members = preparation.individual_members
        application.unit_members = preparation.unit_members
    with transaction.atomic():
        application.save()
        if preparation is not None:
            PrincipalOfficer.objects.bulk_create(
                PrincipalOfficer(
                    application=application,
                    position=o.position,
                    name=o.name,
                    id_number=o.id_number,
                    full_time=o.full_time,
                )
                for o in preparation.officers.all()
            )
    return application


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


def application_start_change(
    *, applicant, organization: Organization, create_token: uuid.UUID, kind: str = ApplicationKind.CHANGE
) -> RegistrationApplication:
    """Open a change (or deregistration) application for an organization the applicant acts for, prefilled."""
    existing = RegistrationApplication.objects.filter(create_token=create_token).first()
    if existing is not None:
        _require_applicant(existing, applicant)
        return existing
    if not applicant.has_perm("registry.manage_organization", organization):
        raise PermissionDenied(_("您不能以该组织的名义办理。"))
    if kind not in (ApplicationKind.CHANGE, ApplicationKind.DEREGISTRATION):
        raise ValueError(f"not an application of a registered organization: {kind}")
    if organization.status != OrgStatus.NORMAL:
        raise ValidationError(_("只有正常登记的组织才能申请变更登记或注销登记。"))
    live = RegistrationApplication.objects.filter(organization=organization, kind=kind).exclude(
        status__in=FINAL_STATUSES
    )
    if live.exists():
        return live.first()
    application = RegistrationApplication(
        applicant=applicant,
        create_token=create_token,
        kind=kind,
        org_type=organization.org_type,
        jurisdiction=organization.jurisdiction,
        organization=organization,
        **{field: getattr(organization, field) for field in REGISTERED_FIELDS},
    )
    application.save()
    return application


def change_diff(application: RegistrationApplication) -> dict[str, tuple]:
    """Field -> (registered value, applied-for value) for every item the change registration alters."""
    organization = application.organization
    return {
        field: (getattr(organization, field), getattr(application, field))
        for field in REGISTERED_FIELDS
        if getattr(organization, field) != getattr(application, field)
    }


def application_update(*, application: RegistrationApplication, by, **fields) -> RegistrationApplication:
    """Save the applicant's particulars to the draft (or the application under correction)."""
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not an applicant field: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(application)
        _require_applicant(locked, by)
        _require_status(locked, *EDITABLE_STATUSES)
        if locked.kind == ApplicationKind.ESTABLISHMENT:
            # The establishment registers what preparation approved; the name and type stay as approved.
            fields.pop("name", None)
        for field, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if field == "legal_rep_id_number":
                value = normalize_id_number(value)
            setattr(locked, field, value)
        locked.full_clean(exclude=["applicant", "jurisdiction", "preparation", "organization"])
        locked.save()
    return locked


def officers_replace(*, application: RegistrationApplication, by, officers: list[dict]) -> None:
    """Replace the list of proposed principal officers."""
    with transaction.atomic():
        locked = _locked(application)
        _require_applicant(locked, by)
        _require_status(locked, *EDITABLE_STATUSES)
        locked.officers.all().delete()
        PrincipalOfficer.objects.bulk_create(
            PrincipalOfficer(
                application=locked,
                position=o["position"].strip(),
                name=o["name"].strip(),
                id_number=normalize_id_number(o["id_number"]),
                full_time=bool(o.get("full_time")),
            )
            for o in officers
        )


def required_documents(application: RegistrationApplication) -> list[DocumentRequirement]:
    """The documents this application must carry, from the one table officers keep in the admin."""
    direct = bool(application.direct_category)
    return [
        requirement
        for requirement in DocumentRequirement.objects.all()
        if requirement.applies_to(org_type=application.org_type, kind=application.kind, direct=direct)
    ]


def document_path(document: ApplicationDocument):
    return private_path("applications", document.stored_name)


def document_attach(
    *, application: RegistrationApplication, requirement: DocumentRequirement, uploaded, by
) -> ApplicationDocument:
    """Store an uploaded document (PDF, JPEG or PNG by content) in place of an earlier one for the same item."""
    try:
        content, content_type = checked_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = ApplicationDocument(
        requirement=requirement,
        stored_name=new_stored_name(content_type),
        original_name=(uploaded.name or "")[-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    path = document_path(document)
    try:
        with transaction.atomic():
            locked = _locked(application)
            _require_applicant(locked, by)
            _require_status(locked, *EDITABLE_STATUSES)
            if requirement.pk not in {r.pk for r in required_documents(locked)}:
                raise ValidationError({"file": [_("本申请不需要该项材料。")]})
            previous = list(ApplicationDocument.objects.filter(application=locked, requirement=requirement))
            for old in previous:
                old.delete()
            document.application = locked
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            document.save()
            transaction.on_commit(lambda: [document_path(old).unlink(missing_ok=True) for old in previous])
    except BaseException:
        # Nothing is saved: no row, and no file left behind.
        path.unlink(missing_ok=True)
        raise
    return document


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


def application_submit(*, application: RegistrationApplication, by, declared: bool) -> RegistrationApplication:
    """Submit the draft, or resubmit it after corrections; refused with every problem listed if incomplete.

    `declared`: the applicant ticked the declaration (承诺书) that what they filled in is true and valid.
    """
    with transaction.atomic():
        locked = _locked(application)
        _require_applicant(locked, by)
        _require_status(locked, *EDITABLE_STATUSES)
        problems = application_problems(locked)
        if not declared:
            problems.append(_("请阅读并勾选承诺书：本人承诺所填信息及所交材料真实有效。"))
        if problems:
            raise ValidationError(problems)
        locked.declared_at = timezone.now()
        if not locked.query_code:
            locked.query_code = new_query_code()
        today = timezone.localdate()
        resubmission = locked.status == ApplicationStatus.CORRECTING
        if resubmission and locked.accepted_on:
            # The clock stood still from the correction request until today (DOMAIN: corrections stop the clock).
            locked.paused_working_days += max(working_days_left(today, today=locked.clock_stopped_on), 0)
            locked.clock_stopped_on = None
            locked.decision_due_on = decision_due(locked)
            locked.status = ApplicationStatus.ACCEPTED
        else:
            locked.status = ApplicationStatus.SUBMITTED
            locked.acceptance_due_on = deadline_after(today, settings.REGISTRY["ACCEPTANCE_WORKING_DAYS"]).due
        if locked.submitted_at is None:
            locked.submitted_at = timezone.now()
        locked.save()
        _event(locked, by=by, action=Action.RESUBMITTED if resubmission else Action.SUBMITTED)
        notify_applicant(
            locked,
            subject=_("已收到您的申请 %(ref)s") % {"ref": locked.reference},
            template="emails/application_submitted.txt",
            context={"resubmission": resubmission},
        )
    return locked


QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread on paper


def new_query_code() -> str:
    """A random 8-character code for the receipt; with the file number it opens the public progress page."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


WITHDRAWABLE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CORRECTING,
    ApplicationStatus.ACCEPTED,
)


def application_withdraw(*, application: RegistrationApplication, by, reason: str = "") -> RegistrationApplication:
    """Withdraw the application before the decision (撤回); it stays on file, closed."""
    with transaction.atomic():
        locked = _locked(application)
        _require_applicant(locked, by)
        _require_status(locked, *WITHDRAWABLE_STATUSES)
        was_submitted = locked.status != ApplicationStatus.DRAFT
        locked.status = ApplicationStatus.WITHDRAWN
        locked.clock_stopped_on = None
        locked.decided_at = timezone.now()
        locked.save()
        _event(locked, by=by, action=Action.WITHDRAWN, reason=reason.strip())
        if was_submitted:
            notify_applicant(
                locked,
                subject=_("申请 %(ref)s 已撤回") % {"ref": locked.reference},
                template="emails/decision.txt",
                context={"approved": False, "reason": reason.strip()},
            )
    return locked


def application_rate(*, application: RegistrationApplication, by, score: int, comment: str = "") -> ServiceRating:
    """Record the applicant's one rating of a closed application (好差评)."""
    with transaction.atomic():
        locked = _locked(application)
        _require_applicant(locked, by)
        if locked.status not in FINAL_STATUSES:
            raise ValidationError(_("办结后才能评价。"))
        if ServiceRating.objects.filter(application=locked).exists():
            raise ValidationError(_("您已评价过该事项，每件申请只能评价一次。"))
        rating = ServiceRating(application=locked, score=score, comment=comment.strip())
        rating.full_clean()
        rating.save()
        _event(locked, by=by, action=Action.RATED, reason=f"{score}/5")
    return rating


# ---------------------------------------------------------------- the officers' side


def decision_due(application: RegistrationApplication) -> datetime.date:
    """The day the decision is due: the promised working days after acceptance, plus the days spent correcting."""
    limit = settings.REGISTRY["REGISTRATION_WORKING_DAYS"] + application.paused_working_days
    return deadline_after(application.accepted_on, limit).due


def corrections_request(
    *, application: RegistrationApplication, by, role: str, items: list[str], reason: str = ""
) -> RegistrationApplication:
    """Tell the applicant everything to correct at once; after acceptance this stops the clock."""
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise ValidationError(_("请逐项列明需要补正的全部内容。"))
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
        if locked.status == ApplicationStatus.ACCEPTED:
            locked.clock_stopped_on = timezone.localdate()
        locked.status = ApplicationStatus.CORRECTING
        locked.save()
        _event(locked, by=by, role=role, action=Action.CORRECTIONS_REQUESTED, reason=reason, items=items)
        notify_applicant(
            locked,
            subject=_("申请 %(ref)s 需要补正") % {"ref": locked.reference},
            template="emails/corrections_requested.txt",
            context={"items": items, "reason": reason},
        )
    return locked


def application_accept(
    *, application: RegistrationApplication, by, role: str, note: str = ""
) -> RegistrationApplication:
    """Accept a complete application (受理); the decision clock starts today."""
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, ApplicationStatus.SUBMITTED)
        locked.status = ApplicationStatus.ACCEPTED
        locked.accepted_on = timezone.localdate()
        locked.decision_due_on = decision_due(locked)
        locked.save()
        _event(locked, by=by, role=role, action=Action.ACCEPTED, internal_note=note)
    return locked


def application_refuse(*, application: RegistrationApplication, by, role: str, reason: str) -> RegistrationApplication:
    """Refuse to accept (不予受理), e.g. outside this authority's scope, with the reason."""
    return _close(
        application,
        by=by,
        role=role,
        reason=reason,
        status=ApplicationStatus.REFUSED,
        action=Action.REFUSED,
        allowed=(ApplicationStatus.SUBMITTED,),
        subject=_("申请 %(ref)s 不予受理"),
    )


def application_review(
    *, application: RegistrationApplication, by, role: str, opinion: str, site_visit_note: str = ""
) -> RegistrationApplication:
    """Record the substantive review (审查) and pass it to the section head."""
    if not opinion.strip():
        raise ValidationError(_("请填写审查意见。"))
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, ApplicationStatus.ACCEPTED)
        _event(
            locked,
            by=by,
            role=role,
            action=Action.REVIEWED,
            internal_note="\n".join(
                part
                for part in (opinion.strip(), site_visit_note.strip() and _("实地核查：") + site_visit_note.strip())
                if part
            ),
        )
    return locked


def application_approve(
    *, application: RegistrationApplication, by, role: str, reason: str = ""
) -> RegistrationApplication:
    """Approve (核准); the name is checked again because another organization may have taken it meanwhile."""
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, ApplicationStatus.ACCEPTED)
        if locked.kind != ApplicationKind.ESTABLISHMENT:
            if name_blocked_reasons(
                name=locked.name,
                org_type=locked.org_type,
                jurisdiction=locked.jurisdiction,
                trade_name=locked.trade_name,
                exclude_pk=locked.organization_id,
            ):
                raise ValidationError(
                    _("名称“%(name)s”已在本申请等待期间被其他组织登记，不能核准；请以“名称已被占用”为由不予登记。")
                    % {"name": locked.name}
                )
        locked.status = ApplicationStatus.APPROVED
        # 行政许可法 第四十四条: the certificate is issued within 10 (working) days of the decision.
        locked.issue_due_on = deadline_after(
            timezone.localdate(), settings.REGISTRY["CERTIFICATE_ISSUE_WORKING_DAYS"]
        ).due
        locked.save()
        _event(locked, by=by, role=role, action=Action.APPROVED, reason=reason)
        notify_applicant(
            locked,
            subject=_("申请 %(ref)s 已核准") % {"ref": locked.reference},
            template="emails/decision.txt",
            context={"approved": True, "reason": reason},
        )
    return locked


def application_reject(
    *, application: RegistrationApplication, by, role: str, reason: str, ground: str = ""
) -> RegistrationApplication:
    """Refuse registration (不予登记) with the legal reason: the statutory ground and the facts."""
    if ground and reason.strip():
        reason = refusal_reason(org_type=application.org_type, ground=ground, facts=reason)
    return _close(
        application,
        by=by,
        role=role,
        reason=reason,
        status=ApplicationStatus.REJECTED,
        action=Action.REJECTED,
        allowed=(ApplicationStatus.ACCEPTED,),
        subject=_("申请 %(ref)s 不予登记"),
    )


def _close(application, *, by, role, reason, status, action, allowed, subject):
    if not reason.strip():
        raise ValidationError(_("请说明理由和法律依据，该理由将告知申请人。"))
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, *allowed)
        locked.status = status
        locked.decided_at = timezone.now()
        locked.save()
        _event(locked, by=by, role=role, action=action, reason=reason.strip())
        notify_applicant(
            locked,
            subject=subject % {"ref": locked.reference},
            template="emails/decision.txt",
            context={"approved": False, "reason": reason.strip()},
        )
    return locked


def organization_deregister(*, organization: Organization, by, reason: str, on) -> Organization:
    """注销登记: the organization stays in the register as deregistered; its certificates are void."""
    organization = organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=_("注销登记"),
        status=OrgStatus.DEREGISTERED,
        status_changed_on=on,
    )
    void_certificates(organization=organization, reason=_("注销登记"))
    return organization


def _register_change(application: RegistrationApplication, *, by, reason: str, today) -> Organization:
    """Write the approved changes into the register and reissue the certificate; the old one is superseded."""
    changes = {field: new for field, (_old, new) in change_diff(application).items()}
    if not changes:
        raise ValidationError(_("登记事项与申请时相比已无差异，无需变更。"))
    organization = organization_update(
        organization=application.organization, by=by, reason=reason, action=_("变更登记"), **changes
    )
    certificates = issue_registration_certificates(organization=organization, by=by, issued_on=today)
    return organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=_("换发证书"),
        certificate_valid_until=certificates[0].valid_until,
    )


def organization_register(*, application: RegistrationApplication, by, role: str = "") -> Organization:
    """Issue (发证): enter the organization in the register from the approved application.

    Preparation approval reserves the name with an organization in preparation; establishment
    or one-step registration assigns the unified social credit code and issues the certificate.
    The certificate render and index update run after commit and are retried when they fail.
    """
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, ApplicationStatus.APPROVED)
        fields = {field: getattr(locked, field) for field in REGISTERED_FIELDS}
        reason = _("依申请 %(ref)s 核准") % {"ref": locked.reference}
        today = timezone.localdate()
        if locked.kind == ApplicationKind.CHANGE:
            organization = _register_change(locked, by=by, reason=reason, today=today)
            action = Action.ISSUED
        elif locked.kind == ApplicationKind.DEREGISTRATION:
            organization = organization_deregister(organization=locked.organization, by=by, reason=reason, on=today)
            action = Action.DEREGISTERED
        elif locked.kind == ApplicationKind.PREPARATION:
            organization = organization_create(
                by=by,
                reason=reason,
                action=_("准予筹备"),
                org_type=locked.org_type,
                jurisdiction=locked.jurisdiction,
                status=OrgStatus.PREPARING,
                **fields,
            )
            action = Action.PREPARATION_APPROVED
        else:
            registered = {
                "uscc": assign_uscc(org_type=locked.org_type, jurisdiction=locked.jurisdiction),
                "status": OrgStatus.NORMAL,
                "founded_on": today,
            }
            preparing = locked.preparation.organization if locked.preparation_id else None
            if preparing is not None:
                fields.pop("name")
                organization = organization_update(
                    organization=preparing, by=by, reason=reason, action=_("成立登记"), **fields, **registered
                )
            else:
                organization = organization_create(
                    by=by,
                    reason=reason,
                    action=_("成立登记"),
                    org_type=locked.org_type,
                    jurisdiction=locked.jurisdiction,
                    **fields,
                    **registered,
                )
            certificates = issue_registration_certificates(organization=organization, by=by, issued_on=today)
            organization = organization_update(
                organization=organization,
                by=by,
                reason=reason,
                action=_("发证"),
                certificate_valid_until=certificates[0].valid_until,
            )
            action = Action.ISSUED
        assign_perm("registry.manage_organization", locked.applicant, organization)
        locked.organization = organization
        locked.status = ApplicationStatus.COMPLETED
        locked.decided_at = timezone.now()
        locked.save()
        _event(locked, by=by, role=role, action=action)
        notify_applicant(
            locked,
            subject=_("申请 %(ref)s 已办结") % {"ref": locked.reference},
            template="emails/issued.txt",
            context={"organization": organization},
        )
    return organization
