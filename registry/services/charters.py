"""The organization's side of charter approval (章程核准): open, edit the new text, attach documents, submit.

Only the organization's own accounts (its representatives) may apply. Each write checks the application's
state under a row lock, so a double click or a second window never moves it twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus, OrgType
from registry.models import (
    Charter,
    CharterApplication,
    CharterDocument,
    CharterDocumentKind,
    CharterEvent,
    CharterStatus,
    Organization,
    ResolutionBody,
)
from registry.models.charter import (
    CHARTER_EDITABLE_STATUSES,
    CHARTER_FINAL_STATUSES,
    CHARTER_WITHDRAWABLE_STATUSES,
)
from registry.rules import charters as rules
from registry.selectors import deadline_after
from registry.selectors.charters import model_charter_for
from registry.services.files import document_store, private_path
from registry.services.guards import locked, require_state
from registry.services.notifications import notify_applicant
from registry.services.policy import require_representative

NOT_REPRESENTATIVE = _("只有该组织的经办人可以申请章程核准。")
# What the applicant fills in besides the documents.
APPLICANT_FIELDS = ("new_text", "amendment_summary", "resolution_body", "resolution_date", "consent_date")
Action = CharterEvent.Action


def require_charter_state(application: CharterApplication, *allowed: str) -> None:
    """Refuse unless the application is in one of `allowed` (it may have moved on in another window)."""
    require_state(
        application,
        *allowed,
        message=_("该申请当前状态为“%(status)s”，不能办理此事项（可能已由他人处理，请刷新）。"),
    )


def charter_event(application, *, by, action, role="", reason="") -> CharterEvent:
    """Append one step to the application's record (an action code, never a label)."""
    return CharterEvent.objects.create(application=application, by=by, role=role, action=action, reason=reason)


def charter_application_start(*, applicant, organization: Organization) -> CharterApplication:
    """Open a draft starting from the current charter (or the model text when none is recorded).

    An organization has one open application at a time: asking again returns it.
    """
    require_representative(applicant, organization, message=NOT_REPRESENTATIVE)
    if organization.status != OrgStatus.NORMAL:
        raise ValidationError(_("只有正常登记的组织才能申请章程核准。"))
    with transaction.atomic():
        current_org = locked(organization, "jurisdiction")
        live = CharterApplication.objects.filter(organization=current_org).exclude(status__in=CHARTER_FINAL_STATUSES)
        if live.exists():
            return live.first()
        base = Charter.objects.filter(organization=current_org, is_current=True).first()
        old_text = base.text if base is not None else model_charter_for(current_org)
        application = CharterApplication(
            organization=current_org,
            jurisdiction=current_org.jurisdiction,
            applicant=applicant,
            base_charter=base,
            old_text=old_text,
            new_text=old_text,
            has_competent_unit=bool(current_org.competent_unit.strip()),
            resolution_body=ResolutionBody.BOARD if current_org.org_type != OrgType.SOCIAL_ASSOCIATION else "",
        )
        application.save()
    return application


def charter_application_save(*, application: CharterApplication, by, **fields) -> CharterApplication:
    """Save what the applicant typed to the draft (or the application under correction)."""
    require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not an applicant field: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(application, "organization", "jurisdiction")
        require_charter_state(current, *CHARTER_EDITABLE_STATUSES)
        for field, value in fields.items():
            if field == "new_text":
                value = rules.normalize_text(value or "")
            elif isinstance(value, str):
                value = value.strip()
            setattr(current, field, value)
        current.full_clean(exclude=["organization", "jurisdiction", "applicant", "base_charter"])
        current.save()
    return current


FOLDER = "charters"  # where its documents are stored, under MEDIA_ROOT


def document_path(document: CharterDocument):
    return private_path(FOLDER, document.stored_name)


def charter_document_attach(*, application: CharterApplication, kind: str, uploaded, by) -> CharterDocument:
    """Store the resolution or the consent (PDF, JPEG or PNG by content) in place of an earlier one."""
    require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    kind = CharterDocumentKind(kind)

    def lock(application):
        current = locked(application, "organization")
        require_charter_state(current, *CHARTER_EDITABLE_STATUSES)
        if kind == CharterDocumentKind.CONSENT and not current.has_competent_unit:
            raise ValidationError(_("直接登记的组织没有业务主管单位，无需上传同意文件。"))
        return current

    return document_store(
        model=CharterDocument, application=application, kind=kind, uploaded=uploaded, by=by, folder=FOLDER, lock=lock
    )


def charter_problems(application: CharterApplication, *, today=None) -> list[str]:
    """Everything that keeps the application from being submitted, in the order of the page."""
    today = today or timezone.localdate()
    problems = []
    if not application.new_text.strip():
        problems.append(_("请填写修改后的章程全文。"))
    elif rules.normalize_text(application.new_text) == rules.normalize_text(application.old_text):
        problems.append(_("修改后的章程与现行章程相同，没有需要核准的修改。"))
    if not application.resolution_body:
        problems.append(_("请选择通过章程修改的机构（会员大会、会员代表大会或理事会）。"))
    problems += rules.date_errors(
        org_type=application.organization.org_type,
        has_competent_unit=application.has_competent_unit,
        consent_on=application.consent_date,
        decided_on=application.resolution_date,
        today=today,
    )
    kinds = set(application.documents.values_list("kind", flat=True))
    if CharterDocumentKind.RESOLUTION not in kinds:
        problems.append(_("缺少材料：%(title)s。") % {"title": CharterDocumentKind.RESOLUTION.label})
    if application.has_competent_unit and CharterDocumentKind.CONSENT not in kinds:
        problems.append(_("缺少材料：%(title)s。") % {"title": CharterDocumentKind.CONSENT.label})
    return problems


def charter_application_withdraw(*, application: CharterApplication, by, reason: str = "") -> CharterApplication:
    """Withdraw a submitted application before the decision (撤回); it stays on file, closed, with the reason."""
    require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        current = locked(application, "organization", "jurisdiction", "applicant")
        require_charter_state(current, *CHARTER_WITHDRAWABLE_STATUSES)
        current.status = CharterStatus.WITHDRAWN
        current.save()
        charter_event(current, by=by, action=Action.WITHDRAWN, reason=reason.strip())
    return current


def charter_application_submit(*, application: CharterApplication, by) -> CharterApplication:
    """Submit the draft, or resubmit it after corrections; refused with every problem listed if incomplete.

    A late application (past 30 days of the consent or decision) is accepted and flagged for the officer:
    filing in time is the organization's duty, not a condition of approval.
    """
    require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        current = locked(application, "organization", "jurisdiction", "applicant")
        require_charter_state(current, *CHARTER_EDITABLE_STATUSES)
        today = timezone.localdate()
        problems = charter_problems(current, today=today)
        if problems:
            raise ValidationError(problems)
        resubmission = current.status == CharterStatus.CORRECTING
        start = rules.filing_window_start(
            org_type=current.organization.org_type,
            has_competent_unit=current.has_competent_unit,
            consent_on=current.consent_date,
            decided_on=current.resolution_date,
        )
        current.filing_deadline = rules.filing_deadline(start)
        if current.submitted_at is None:
            current.submitted_at = timezone.now()
        applied_on = timezone.localdate(current.submitted_at)
        current.late = rules.is_late(start=start, applied_on=applied_on)
        current.status = CharterStatus.SUBMITTED
        current.acceptance_due_on = deadline_after(today, settings.REGISTRY["ACCEPTANCE_WORKING_DAYS"]).due
        current.save()
        charter_event(current, by=by, action=Action.RESUBMITTED if resubmission else Action.SUBMITTED)
        notify_applicant(
            current,
            subject=_("章程核准申请 %(ref)s 已提交") % {"ref": current.reference},
            template="emails/charter_update.txt",
            context={"message": _("已提交，登记管理机关将在法定期限内办理。")},
        )
    return current
