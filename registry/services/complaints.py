"""Complaints and reports from the public (投诉举报, 民发〔2016〕139号): receive, assign, decide to accept, extend the
handling period once, conclude and reply."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import SUPERVISION_ROLES
from registry.models import (
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStatus,
    Jurisdiction,
    Organization,
    SupervisionFile,
    SupervisionSource,
)
from registry.rules.complaints import (
    MAX_EXTENSION_DAYS,
    ExtensionRefusal,
    acceptance_deadline,
    completion_deadline,
    extended_deadline,
    query_code_digest,
)
from registry.rules.display import local_date
from registry.rules.person_names import normalize_person_name, person_name_errors
from registry.selectors import work_calendar
from registry.services import guards, policy
from registry.services.messaging import send_to_contact
from registry.services.supervision import NOT_SUPERVISOR, rectification_order, refer_for_case, stored_uploads

# No 0/O, 1/I/L: a code read over the phone is not misheard.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MOBILE_LENGTH = 11


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def complaint_submit(
    *,
    category: str,
    description: str,
    organization: Organization | None = None,
    organization_text: str = "",
    jurisdiction: Jurisdiction | None = None,
    anonymous: bool = False,
    name: str = "",
    mobile: str = "",
    email: str = "",
    uploads=(),
) -> tuple[Complaint, str]:
    """Receive a complaint from the public; return it and its query code (shown once, stored only as a hash).

    It goes to the bureau of the organization complained about, or to the bureau the complainant chose.
    An anonymous complaint keeps no name; contact details stay optional either way. Anyone may complain,
    without an account, so there is no acting user for the permission policy to check.
    """
    description = description.strip()
    errors = []
    if category not in ComplaintCategory.values:
        errors.append(_("请选择投诉举报类别。"))
    if len(description) < 10:
        errors.append(_("请具体描述投诉举报的事项（至少10个字）。"))
    if organization is None and not organization_text.strip():
        errors.append(_("请选择被投诉举报的社会组织，或填写其名称。"))
    if organization is not None:
        jurisdiction = organization.jurisdiction
    if jurisdiction is None:
        errors.append(_("请选择受理投诉举报的登记管理机关。"))
    mobile = mobile.strip()
    if mobile and not (mobile.isdigit() and len(mobile) == MOBILE_LENGTH):
        errors.append(_("手机号码应为11位数字。"))
    name = "" if anonymous else normalize_person_name(name)
    if name:
        errors += person_name_errors(name)
    if errors:
        raise ValidationError(errors)
    received_on = timezone.localdate()
    due = acceptance_deadline(
        received_on,
        settings.REGISTRY["COMPLAINT_ACCEPT_WORKING_DAYS"],
        work_calendar(received_on.year, received_on.year + 1),
    )
    code = new_query_code()
    with stored_uploads(uploads) as files, transaction.atomic():
        complaint = Complaint(
            jurisdiction=jurisdiction,
            organization=organization,
            organization_text="" if organization else organization_text.strip()[:120],
            category=category,
            description=description,
            anonymous=anonymous,
            complainant_name=name,
            complainant_mobile=mobile,
            complainant_email=email.strip(),
            query_code_digest="-",
            accept_due=due.due,
        )
        complaint.full_clean()
        complaint.save()
        complaint.query_code_digest = query_code_digest(complaint.number, code)
        complaint.save(update_fields=["query_code_digest"])
        for record in files:
            SupervisionFile.objects.create(complaint=complaint, **record)
        _tell_complainant(
            complaint,
            _("您的投诉举报已收到，受理编号 %(number)s。我们将于 %(due)s 前决定是否受理。")
            % {"number": complaint.number, "due": local_date(complaint.accept_due)},
        )
    return complaint, code


def _tell_complainant(complaint: Complaint, body: str) -> None:
    if complaint.has_contact:
        send_to_contact(
            email=complaint.complainant_email,
            mobile=complaint.complainant_mobile,
            subject=_("投诉举报办理情况 %(number)s") % {"number": complaint.number},
            body=body,
        )


def complaint_assign(*, complaint: Complaint, to, by) -> Complaint:
    """Give the complaint to an officer of the bureau's supervision (the section head assigns; one may take it)."""
    policy.require_role(by, complaint.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    policy.require_role(to, complaint.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    if to != by and not policy.is_section_head(by, complaint.jurisdiction):
        raise PermissionDenied(_("只有科长可以把投诉举报分派给他人；您可以自己承办。"))
    with transaction.atomic():
        locked = guards.locked(complaint, "jurisdiction", "organization__jurisdiction")
        if locked.status in (ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.CONCLUDED):
            raise ValidationError(_("该投诉举报已经办结。"))
        locked.assigned_to = to
        locked.save(update_fields=["assigned_to"])
    return locked


def _require_handler(complaint: Complaint, user) -> None:
    """Refuse unless `user` handles the (locked) complaint: the officer it is assigned to, or the section head."""
    if complaint.assigned_to_id != user.pk and not policy.is_section_head(user, complaint.jurisdiction):
        raise PermissionDenied(_("只有承办人或科长可以办理该投诉举报。"))


def complaint_decide(*, complaint: Complaint, accept: bool, reason: str = "", by) -> Complaint:
    """Accept the complaint (the finishing deadline starts) or decline it with a reason, which the complainant sees."""
    policy.require_role(by, complaint.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    reason = reason.strip()
    with transaction.atomic():
        locked = guards.locked(complaint, "jurisdiction", "organization__jurisdiction")
        _require_handler(locked, by)
        if locked.status != ComplaintStatus.RECEIVED:
            raise ValidationError(_("已经作出是否受理的决定。"))
        if not accept and not reason:
            raise ValidationError(_("不予受理的，请写明理由。"))
        today = timezone.localdate()
        locked.decided_on, locked.handled_by = today, by
        if accept:
            locked.status = ComplaintStatus.ACCEPTED
            locked.finish_due = completion_deadline(today, settings.REGISTRY["COMPLAINT_FINISH_DAYS"])
            message = _("您的投诉举报 %(number)s 已受理，将于 %(due)s 前办结。") % {
                "number": locked.number,
                "due": local_date(locked.finish_due),
            }
        else:
            locked.status, locked.decision_reason = ComplaintStatus.NOT_ACCEPTED, reason
            message = _("您的投诉举报 %(number)s 不予受理，理由：%(reason)s") % {
                "number": locked.number,
                "reason": reason,
            }
        locked.save()
        _tell_complainant(locked, message)
    return locked


def complaint_extend(*, complaint: Complaint, days: int, reason: str, by) -> Complaint:
    """Extend the handling period of a complex complaint once, by at most 30 days; the complainant is told why.

    民发〔2016〕139号: the extension is approved by the bureau's head, so the section head grants it.
    """
    policy.require_role(by, complaint.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    if not policy.is_section_head(by, complaint.jurisdiction):
        raise PermissionDenied(_("延长办理期限须经科长批准。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请写明延长办理期限的理由。"))
    with transaction.atomic():
        locked = guards.locked(complaint, "jurisdiction", "organization__jurisdiction")
        if locked.status != ComplaintStatus.ACCEPTED:
            raise ValidationError(_("只有已受理、正在办理的投诉举报可以延长办理期限。"))
        try:
            due = extended_deadline(locked.finish_due, days, already_extended=locked.extended_days is not None)
        except ExtensionRefusal as exc:
            if locked.extended_days is not None:
                once = _("办理期限只能延长一次，已于%(date)s延长。") % {"date": local_date(locked.extended_on)}
                raise ValidationError(once) from exc
            raise ValidationError(_("延长期限不得超过%(max)d日。") % {"max": MAX_EXTENSION_DAYS}) from exc
        locked.finish_due, locked.extended_days = due, days
        locked.extension_reason, locked.extended_on = reason, timezone.localdate()
        locked.save(update_fields=["finish_due", "extended_days", "extension_reason", "extended_on"])
        _tell_complainant(
            locked,
            _("您的投诉举报 %(number)s 情况复杂，办理期限延长至 %(due)s。理由：%(reason)s")
            % {"number": locked.number, "due": local_date(due), "reason": reason},
        )
    return locked


def complaint_conclude(
    *,
    complaint: Complaint,
    findings: str,
    reply: str,
    outcome: str,
    by,
    rectification_requirements: str = "",
    rectification_days: int | None = None,
) -> Complaint:
    """Record the findings and the reply; order rectification or refer for a case when that is the outcome."""
    policy.require_role(by, complaint.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    findings, reply = findings.strip(), reply.strip()
    errors = []
    if outcome not in ComplaintOutcome.values:
        errors.append(_("请选择处理结果。"))
    if not findings:
        errors.append(_("请填写调查核实情况。"))
    if not reply:
        errors.append(_("请填写给投诉举报人的答复意见。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = guards.locked(complaint, "jurisdiction", "organization__jurisdiction")
        _require_handler(locked, by)
        if locked.status != ComplaintStatus.ACCEPTED:
            raise ValidationError(_("只有已受理的投诉举报可以办结。"))
        if outcome in (ComplaintOutcome.RECTIFICATION, ComplaintOutcome.REFERRED) and locked.organization is None:
            raise ValidationError(_("被投诉举报对象不在登记信息中，不能责令整改或移送立案。"))
        locked.findings, locked.reply, locked.outcome = findings, reply, outcome
        locked.status, locked.concluded_on, locked.handled_by = ComplaintStatus.CONCLUDED, timezone.localdate(), by
        locked.save()
        if outcome == ComplaintOutcome.RECTIFICATION:
            rectification_order(
                organization=locked.organization,
                source=SupervisionSource.COMPLAINT,
                complaint=locked,
                requirements=rectification_requirements or findings,
                days=rectification_days,
                by=by,
            )
        elif outcome == ComplaintOutcome.REFERRED:
            refer_for_case(
                organization=locked.organization,
                source=SupervisionSource.COMPLAINT,
                source_reference=locked.number,
                facts=findings,
                by=by,
            )
        _tell_complainant(
            locked, _("您的投诉举报 %(number)s 已办结。答复：%(reply)s") % {"number": locked.number, "reply": reply}
        )
    return locked
