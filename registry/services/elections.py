"""Leadership elections: the organization files an election or applies to hold it late; officers file, decide,
remind organizations whose term ended, and order rectification after the reminder's grace period."""

import datetime
import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import SUPERVISION_ROLES, HistoryAction, OfficerRole, OrgStatus
from registry.models import (
    Election,
    ElectionReminder,
    ExtensionStatus,
    FilingStatus,
    Organization,
    OrganizationHistory,
    SupervisionSource,
    TermExtension,
)
from registry.rules.display import local_date
from registry.rules.elections import (
    MAX_EXTENSION_YEARS,
    VotingBody,
    audit_required,
    election_errors,
    escalation_from,
    extension_errors,
    term_ends_on,
)
from registry.rules.uploads import PDF
from registry.selectors import current_term, deadline_after, overdue_elections
from registry.services import guards, policy
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.supervision import NOT_SUPERVISOR, rectification_order

NOT_REPRESENTATIVE = gettext_lazy("只有该组织的经办人可以办理换届事项。")
NOT_NORMAL = gettext_lazy("只有正常登记的组织可以办理换届事项。")


def election_file_path(stored_name: str):
    return private_path("elections", stored_name)


def election_files_discard(election: Election) -> None:
    """Remove the files of an election whose filing was rolled back (its row never reached the database)."""
    for stored in (election.minutes_stored_name, election.audit_stored_name):
        if stored:
            election_file_path(stored).unlink(missing_ok=True)


@contextmanager
def stored_pdfs(uploads: dict):
    """Check every uploaded PDF, then write them; yields {key: (stored, original, sha256)}; removed on failure."""
    checked = {
        key: (uploaded, *checked_upload(uploaded, allowed=(PDF,), wrong_type=_("请上传 PDF 文件。")))
        for key, uploaded in uploads.items()
        if uploaded
    }
    written, paths = {}, []
    try:
        for key, (uploaded, content, content_type) in checked.items():
            stored_name = new_stored_name(content_type)
            path = election_file_path(stored_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            paths.append(path)
            written[key] = (stored_name, (uploaded.name or "file.pdf")[-200:], hashlib.sha256(content).hexdigest())
        yield written
    except BaseException:
        for path in paths:
            path.unlink(missing_ok=True)
        raise


def _history(organization: Organization, *, by, action: str, reason: str, changes: dict | None = None) -> None:
    OrganizationHistory.objects.create(
        organization=organization, by=by, action=action, changes=changes or {}, reason=reason
    )


def filing_due(today: datetime.date, setting: str) -> datetime.date:
    return deadline_after(today, settings.REGISTRY[setting]).due


def election_submit(
    *,
    organization: Organization,
    by,
    elected_on: datetime.date | None,
    voting_body: str,
    term_years: int | None,
    officers_elected: str,
    legal_rep_changes: bool = False,
    minutes=None,
    audit_report=None,
    auditor: str = "",
    audit_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Election:
    """File an election (换届备案) from the portal: its date, body, term, the officers elected, the audit."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    errors = election_errors(elected_on=elected_on, term_years=term_years, today=today)
    if voting_body not in VotingBody.values:
        errors.append(_("请选择选举机构。"))
    if len(officers_elected.strip()) < 2:
        errors.append(_("请填写当选的负责人。"))
    if not minutes:
        errors.append(_("请上传换届选举结果（会议决议或选举结果报告，PDF）。"))
    needs_audit = audit_required(
        org_type=organization.org_type,
        legal_rep_changes=legal_rep_changes,
        policy=settings.REGISTRY["ELECTION_AUDIT_POLICY"],
    )
    if needs_audit:
        if not audit_report:
            errors.append(_("本次换届须进行换届前财务审计：请上传审计报告（PDF）。"))
        if not auditor.strip():
            errors.append(_("请填写审计机构。"))
        if audit_on is None:
            errors.append(_("请填写审计报告日期。"))
        elif elected_on is not None and audit_on > elected_on:
            errors.append(_("换届审计应在换届选举之前完成：审计报告日期不能晚于选举日期。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), stored_pdfs({"minutes": minutes, "audit": audit_report}) as files:
        current = guards.locked(organization)
        if current.status != OrgStatus.NORMAL:
            raise ValidationError(NOT_NORMAL)
        if Election.objects.filter(organization=current, status=FilingStatus.SUBMITTED).exists():
            raise ValidationError(_("已有一份换届备案在办理中，请等待办结后再提交。"))
        term = current_term(current)
        if term.election is not None and elected_on <= term.election.elected_on:
            raise ValidationError(
                _("选举日期应晚于上一次已备案的换届（%(date)s）。") % {"date": local_date(term.election.elected_on)}
            )
        election = Election(
            organization=current,
            elected_on=elected_on,
            voting_body=voting_body,
            term_years=term_years,
            term_ends_on=term_ends_on(elected_on, term_years),
            officers_elected=officers_elected.strip(),
            legal_rep_changes=legal_rep_changes,
            auditor=auditor.strip()[:100] if audit_report else "",
            audit_on=audit_on if audit_report else None,
            submitted_by=by,
            due_on=filing_due(today, "ELECTION_FILING_WORKING_DAYS"),
        )
        for key, prefix in (("minutes", "minutes"), ("audit", "audit")):
            if key in files:
                stored, original, digest = files[key]
                setattr(election, f"{prefix}_stored_name", stored)
                setattr(election, f"{prefix}_original_name", original)
                setattr(election, f"{prefix}_sha256", digest)
        election.full_clean()
        election.save()
    return election


def election_file(*, election: Election, by, filed: bool, reason: str = "") -> Election:
    """The window officer files the election (备案), or returns it with reasons for the organization to redo."""
    policy.require_role(by, election.organization.jurisdiction, OfficerRole.WINDOW)
    reason = reason.strip()
    if not filed and len(reason) < 4:
        raise ValidationError(_("退回的，请写明理由。"))
    with transaction.atomic():
        current = guards.locked(election, "organization")
        guards.require_state(current, FilingStatus.SUBMITTED, message=_("该换届备案已办结。"))
        before = current_term(current.organization)
        current.status = FilingStatus.FILED if filed else FilingStatus.RETURNED
        current.decided_by, current.decided_at, current.decision_reason = by, timezone.now(), reason
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if filed:
            _history(
                current.organization,
                by=by,
                action=HistoryAction.ELECTION_FILED,
                reason=_("%(date)s %(body)s换届，本届任期至%(end)s。")
                % {
                    "date": local_date(current.elected_on),
                    "body": current.get_voting_body_display(),
                    "end": local_date(current.term_ends_on),
                },
                changes={"term_ends_on": [str(before.ends_on or ""), str(current.term_ends_on)]},
            )
    return current


def extension_apply(
    *, organization: Organization, by, new_date: datetime.date | None, reason: str, today: datetime.date | None = None
) -> TermExtension:
    """Apply to hold the next election late (延期换届): at most 1 year after the term ends."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = guards.locked(organization)
        if current.status != OrgStatus.NORMAL:
            raise ValidationError(NOT_NORMAL)
        term = current_term(current)
        errors = extension_errors(term_ends_on=term.ends_on, new_date=new_date, reason=reason)
        if term.extended_to is not None:
            errors.append(_("本届任期已准予延期换届一次，不能再次延期。"))
        if TermExtension.objects.filter(organization=current, status=ExtensionStatus.SUBMITTED).exists():
            errors.append(_("已有一份延期换届申请在审查中。"))
        if errors:
            raise ValidationError(errors)
        extension = TermExtension(
            organization=current,
            term_ends_on=term.ends_on,
            new_date=new_date,
            reason=reason.strip(),
            submitted_by=by,
            due_on=filing_due(today, "TERM_EXTENSION_WORKING_DAYS"),
        )
        extension.full_clean()
        extension.save()
    return extension


def extension_decide(*, extension: TermExtension, by, approved: bool, reason: str) -> TermExtension:
    """The section head approves or refuses the extension, with reasons; the decision is issued as a PDF."""
    policy.require_role(by, extension.organization.jurisdiction, OfficerRole.APPROVER)
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError(_("请写明决定的理由。"))
    with transaction.atomic():
        current = guards.locked(extension, "organization")
        guards.require_state(current, ExtensionStatus.SUBMITTED, message=_("该延期换届申请已作出决定。"))
        if approved and extension_errors(
            term_ends_on=current.term_ends_on, new_date=current.new_date, reason=current.reason
        ):
            raise ValidationError(_("延期换届最长不超过%(years)d年，不能准予。") % {"years": MAX_EXTENSION_YEARS})
        current.status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REFUSED
        current.decided_by, current.decided_at, current.decision_reason = by, timezone.now(), reason
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if approved:
            _history(
                current.organization,
                by=by,
                action=HistoryAction.TERM_EXTENDED,
                reason=_("准予延期换届至%(date)s：%(reason)s")
                % {"date": local_date(current.new_date), "reason": reason},
                changes={"election_due_on": [str(current.term_ends_on), str(current.new_date)]},
            )
    return current


def _overdue(organization: Organization, today: datetime.date):
    row = next(
        (
            r
            for r in overdue_elections(jurisdictions=[organization.jurisdiction_id], today=today)
            if r.organization.pk == organization.pk
        ),
        None,
    )
    if row is None:
        raise ValidationError(_("该组织没有逾期未换届的情形。"))
    return row


def election_remind(
    *, organization: Organization, by, text: str, today: datetime.date | None = None
) -> ElectionReminder:
    """Send the organization a written reminder (换届提醒) that its term ended without an election."""
    policy.require_role(by, organization.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    today = today or timezone.localdate()
    text = text.strip()
    if len(text) < 5:
        raise ValidationError(_("请写明提醒内容。"))
    with transaction.atomic():
        current = guards.locked(organization)
        row = _overdue(current, today)
        reminder = ElectionReminder.objects.create(
            organization=current, term_ends_on=row.term_ends_on, text=text, sent_on=today, sent_by=by
        )
        _history(current, by=by, action=HistoryAction.ELECTION_REMINDED, reason=text)
    return reminder


def election_rectification_order(*, organization: Organization, by, today: datetime.date | None = None):
    """After the reminder's grace period, order rectification (责令整改) of the overdue election.

    未按期换届 is not a ground of the activity-abnormal list (社会组织信用信息管理办法); an unmet rectification
    order is, so the existing rectification machinery carries it on from here.
    """
    policy.require_role(by, organization.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = guards.locked(organization)
        row = _overdue(current, today)
        if row.reminder is None:
            raise ValidationError(_("请先向该组织发出换届提醒。"))
        if row.reminder.rectification_id:
            raise ValidationError(_("已就本次逾期未换届责令整改。"))
        grace = settings.REGISTRY["ELECTION_REMINDER_GRACE_DAYS"]
        allowed_from = escalation_from(row.reminder.sent_on, grace_days=grace)
        if today < allowed_from:
            raise ValidationError(
                _("提醒发出后须给予%(days)d日的换届期限：%(date)s起方可责令整改。")
                % {"days": grace, "date": local_date(allowed_from)}
            )
        rectification = rectification_order(
            organization=current,
            source=SupervisionSource.ELECTION,
            requirements=_(
                "本届任期已于%(date)s届满，经提醒仍未换届。请按章程召开会员（代表）大会或理事会完成换届选举，"
                "并在网上办理换届备案。"
            )
            % {"date": local_date(row.term_ends_on)},
            by=by,
            today=today,
        )
        reminder = guards.locked(row.reminder)
        reminder.rectification = rectification
        reminder.save(update_fields=["rectification"])
    return rectification
