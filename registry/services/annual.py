"""Annual inspection: open the season, fill and submit the report, the competent unit's preliminary review,
the officer's review (also on the 4A+ simplified path), rectification, missed deadlines."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import HistoryAction, OfficerRole
from registry.models import AnnualReport, ReportStatus
from registry.rules.annual import (
    InspectionResult,
    PreliminaryReviewMode,
    finance_errors,
    follows_simplified_path,
    needs_preliminary_review,
    preliminary_review_mode,
    rectification_due,
    report_deadline,
)
from registry.rules.credit import CreditReason
from registry.rules.display import local_date
from registry.rules.party_building import has_party_organization, party_record_errors
from registry.rules.uploads import PDF
from registry.selectors import deadline_after
from registry.services import guards, policy
from registry.services.certificate_applications import certificates_renew_after_inspection
from registry.services.credit import credit_cause_corrected, credit_list_add
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.messaging import send_to_contact
from registry.services.notifications import contact_of
from registry.services.party_building import party_building_from_annual_report
from registry.services.register import organization_update

REPORT_FIELDS = (
    "activities",
    "income",
    "expenditure",
    "total_assets",
    "total_liabilities",
    "net_assets",
    "donations_received",
    "staff_count",
    "officer_changes",
    "party_members",
    "party_org_kind",
    "party_instructor_name",
    "party_instructor_unit",
    "party_instructor_phone",
    "party_community_reported_on",
    "party_committee_reported_on",
    "events_held",
    "branch_count",
)


def season_open(*, year: int) -> int:
    """Create the report of `year` for every organization that must report and has none (one INSERT, idempotent).

    Run by the system only (the yearly command and its background task), for no user.
    """
    conf = settings.REGISTRY
    deadline = report_deadline(year, month=conf["REPORT_DEADLINE_MONTH"], day=conf["REPORT_DEADLINE_DAY"])
    foundation_deadline = report_deadline(year, org_type="3")
    # Registered in the second half of the year (after the cutoff): no report on that year (see must_report).
    cutoff = datetime.date(year, conf["NEW_ORGANIZATION_CUTOFF_MONTH"], conf["NEW_ORGANIZATION_CUTOFF_DAY"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO registry_annualreport
                (organization_id, year, deadline, status, simplified, activities, officer_changes,
                 has_party_organization, party_members, events_held, audit_stored_name, audit_original_name,
                 audit_sha256, late, result, result_reason, rectification_requirements, rectification_report,
                 rectification_note)
            SELECT o.id, %s, CASE WHEN o.org_type = '3' THEN %s ELSE %s END,
                   'open', FALSE, '', '', FALSE, 0, 0, '', '', '', FALSE, '', '', '', '', ''
            FROM registry_organization o
            WHERE o.status = 'normal' AND o.founded_on <= %s
              AND NOT EXISTS (SELECT 1 FROM registry_annualreport r WHERE r.organization_id = o.id AND r.year = %s)
            """,
            [year, foundation_deadline, deadline, cutoff, year],
        )
        return cursor.rowcount


# The texts users see when refused (kept as they were, with their translations).
NOT_REPRESENTATIVE = gettext_lazy("只有该组织的经办人可以填报。")
WRONG_STATUS = gettext_lazy("该年度报告当前状态为“%(status)s”，不能办理此事项（可能已由他人处理）。")


def audit_path(stored_name: str):
    return private_path("annual", stored_name)


def report_save(*, report: AnnualReport, by, **fields) -> AnnualReport:
    """Save the report as a draft; it can be changed until it is submitted."""
    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"not a report field: {sorted(unknown)}")
    with transaction.atomic():
        locked = guards.locked(report, "organization")
        guards.require_state(locked, ReportStatus.OPEN, message=WRONG_STATUS)
        for field, value in fields.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        # The old yes/no of a party organization follows the kind chosen, so the two never disagree.
        locked.has_party_organization = has_party_organization(locked.party_org_kind)
        locked.full_clean(exclude=["organization", "reviewed_by"])
        locked.save()
    return locked


def report_attach_audit(*, report: AnnualReport, uploaded, by) -> AnnualReport:
    """Store the audit report (PDF only), in place of an earlier one."""
    return _attach_pdf(report, uploaded, by=by, prefix="audit", wrong_type=_("审计报告请上传 PDF 文件。"))


def report_attach_preliminary_opinion(*, report: AnnualReport, uploaded, by) -> AnnualReport:
    """Store the competent unit's signed preliminary review opinion (PDF only), in place of an earlier one."""
    return _attach_pdf(
        report, uploaded, by=by, prefix="preliminary", wrong_type=_("业务主管单位初审意见请上传 PDF 文件。")
    )


def _attach_pdf(report: AnnualReport, uploaded, *, by, prefix: str, wrong_type: str) -> AnnualReport:
    """Store an uploaded PDF in the report's `<prefix>_stored_name` (and name, hash) while the report is open."""
    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    content, content_type = checked_upload(uploaded, allowed=(PDF,), wrong_type=wrong_type)
    stored_name = new_stored_name(content_type)
    path = audit_path(stored_name)
    fields = [f"{prefix}_stored_name", f"{prefix}_original_name", f"{prefix}_sha256"]
    try:
        with transaction.atomic():
            locked = guards.locked(report, "organization")
            guards.require_state(locked, ReportStatus.OPEN, message=WRONG_STATUS)
            old = getattr(locked, fields[0])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            setattr(locked, fields[0], stored_name)
            setattr(locked, fields[1], (uploaded.name or f"{prefix}.pdf")[-200:])
            setattr(locked, fields[2], hashlib.sha256(content).hexdigest())
            locked.save(update_fields=fields)
            if old:
                transaction.on_commit(lambda: audit_path(old).unlink(missing_ok=True))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return locked


def preliminary_mode_of(report: AnnualReport) -> str:
    """How this report's competent unit reviews it first, or "" when it goes to the bureau directly."""
    organization = report.organization
    if not needs_preliminary_review(org_type=organization.org_type, competent_unit=organization.competent_unit):
        return ""
    conf = settings.REGISTRY
    return preliminary_review_mode(
        organization.jurisdiction.code,
        default=conf["PRELIMINARY_REVIEW"],
        by_bureau=conf["PRELIMINARY_REVIEW_BY_BUREAU"],
    )


def report_problems(report: AnnualReport) -> list[str]:
    """Everything missing or inconsistent in the report, at once."""
    problems = []
    if len(report.activities.strip()) < 10:
        problems.append(_("请填写本年度业务活动情况。"))
    problems += finance_errors(
        income=report.income,
        expenditure=report.expenditure,
        total_assets=report.total_assets,
        total_liabilities=report.total_liabilities,
        net_assets=report.net_assets,
    )
    if report.staff_count is None:
        problems.append(_("请填写专职工作人员数。"))
    problems += party_section_problems(report)
    if not report.audit_stored_name:
        problems.append(_("请上传年度财务审计报告（PDF）。"))
    if preliminary_mode_of(report) == PreliminaryReviewMode.UPLOAD and not report.preliminary_stored_name:
        problems.append(_("请上传业务主管单位签署的初审意见（PDF）。"))
    return problems


def party_section_problems(report: AnnualReport) -> list[str]:
    """The party-building section (党建): a valid record when a kind is chosen."""
    kind = report.party_org_kind
    if not kind:
        return []
    errors = party_record_errors(
        kind=kind,
        members=report.party_members,
        community_reported_on=report.party_community_reported_on,
        committee_reported_on=report.party_committee_reported_on,
        instructor_phone=report.party_instructor_phone,
        today=timezone.localdate(),
    )
    return list(errors.values())


def report_submit(*, report: AnnualReport, by, today: datetime.date | None = None) -> AnnualReport:
    """Submit the report once; late ones are accepted and take the organization off the abnormal list.

    An association's or 民非's report with a competent unit goes first to the unit's preliminary review (初审)
    when the unit signs in the system; with the signed opinion uploaded it goes to the bureau directly.
    """
    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(report, "organization")
        guards.require_state(locked, ReportStatus.OPEN, message=WRONG_STATUS)
        problems = report_problems(locked)
        if problems:
            raise ValidationError(problems)
        organization = locked.organization
        locked.submitted_at = timezone.now()
        locked.late = today > locked.deadline
        locked.simplified = settings.REGISTRY["SIMPLIFIED_INSPECTION"] and follows_simplified_path(
            organization.grade, organization.grade_expires_on, on=today
        )
        # 4A and above follow the simplified path (flagged for the officer), who still concludes the inspection.
        if preliminary_mode_of(locked) == PreliminaryReviewMode.UNIT_OFFICER:
            locked.status = ReportStatus.PRELIMINARY
        else:
            locked.status = ReportStatus.SUBMITTED
            locked.review_due_on = deadline_after(today, settings.REGISTRY["INSPECTION_REVIEW_WORKING_DAYS"]).due
        locked.save()
        if (organization.last_annual_report_year or 0) < locked.year:
            organization_update(
                organization=organization,
                by=by,
                reason=_("报送%(year)d年度工作报告") % {"year": locked.year},
                action=HistoryAction.ANNUAL_INSPECTION,
                last_annual_report_year=locked.year,
            )
        credit_cause_corrected(
            organization=organization,
            reason_code=CreditReason.ANNUAL_REPORT_MISSING,
            reason=_("已补报%(year)d年度工作报告。") % {"year": locked.year},
            by=by,
            year=locked.year,
        )
    return locked


def report_preliminary_review(
    *, report: AnnualReport, by, approved: bool, opinion: str, today: datetime.date | None = None
) -> AnnualReport:
    """The competent unit's preliminary review (初审) signed in the system: agreed, the report goes on to the
    bureau; not agreed, it returns to the organization with the opinion (社团条例 第二十八条, 民非条例 第二十三条).
    """
    policy.require_competent_unit(by, report.organization)
    today = today or timezone.localdate()
    if not opinion.strip():
        raise ValidationError(_("请填写初审意见。"))
    with transaction.atomic():
        locked = guards.locked(report, "organization__jurisdiction")
        guards.require_state(locked, ReportStatus.PRELIMINARY, message=WRONG_STATUS)
        locked.preliminary_opinion = opinion.strip()
        locked.preliminary_by = by
        locked.preliminary_on = today
        if approved:
            locked.status = ReportStatus.SUBMITTED
            locked.review_due_on = deadline_after(today, settings.REGISTRY["INSPECTION_REVIEW_WORKING_DAYS"]).due
        else:
            locked.status = ReportStatus.OPEN
        locked.save()
    return locked


def report_review(
    *, report: AnnualReport, by, result: str, reason: str, requirements: str = "", today: datetime.date | None = None
) -> AnnualReport:
    """合格 concludes; 基本合格 and 不合格 set rectification requirements with a deadline."""
    policy.require_role(by, report.organization.jurisdiction, OfficerRole.INSPECTOR)
    today = today or timezone.localdate()
    result = InspectionResult(result)
    if not reason.strip():
        raise ValidationError(_("请写明年检结论的理由。"))
    if result != InspectionResult.PASSED and not requirements.strip():
        raise ValidationError(_("基本合格和不合格的，须写明整改要求。"))
    with transaction.atomic():
        locked = guards.locked(report, "organization")
        guards.require_state(locked, ReportStatus.SUBMITTED, message=WRONG_STATUS)
        locked.result = result
        locked.result_reason = reason.strip()
        locked.reviewed_by = by
        locked.reviewed_on = today
        _record_result(locked, by=by)
        if result == InspectionResult.PASSED:
            locked.status = ReportStatus.CONCLUDED
        else:
            locked.status = ReportStatus.RECTIFYING
            locked.rectification_requirements = requirements.strip()
            locked.rectification_due = rectification_due(today, settings.REGISTRY["RECTIFICATION_DAYS"])
        locked.save()
        if locked.status == ReportStatus.CONCLUDED:
            certificates_renew_after_inspection(report=locked, today=today)
            party_building_from_annual_report(report=locked, by=by)
    return locked


def _record_result(report: AnnualReport, *, by) -> None:
    """The latest result goes on the organization (public, searchable), unless a newer year already has one."""
    newer = AnnualReport.objects.filter(organization=report.organization, year__gt=report.year).exclude(result="")
    if newer.exists():
        return
    organization_update(
        organization=report.organization,
        by=by,
        reason=_("%(year)d年度年检结论") % {"year": report.year},
        action=HistoryAction.ANNUAL_INSPECTION,
        last_inspection_result=report.result,
    )


def rectification_report(*, report: AnnualReport, by, text: str) -> AnnualReport:
    """The organization reports what it rectified."""
    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    if len(text.strip()) < 10:
        raise ValidationError(_("请说明整改情况。"))
    with transaction.atomic():
        locked = guards.locked(report, "organization")
        guards.require_state(locked, ReportStatus.RECTIFYING, message=WRONG_STATUS)
        locked.rectification_report = text.strip()
        locked.status = ReportStatus.RECTIFIED
        locked.save(update_fields=["rectification_report", "status"])
    return locked


def rectification_verify(*, report: AnnualReport, by, passed: bool, note: str) -> AnnualReport:
    """The officer checks the rectification; the case concludes either way, with the finding on record."""
    policy.require_role(by, report.organization.jurisdiction, OfficerRole.INSPECTOR)
    if not note.strip():
        raise ValidationError(_("请写明核查意见。"))
    with transaction.atomic():
        locked = guards.locked(report, "organization")
        guards.require_state(locked, ReportStatus.RECTIFIED, message=WRONG_STATUS)
        locked.rectification_passed = passed
        locked.rectification_note = note.strip()
        locked.status = ReportStatus.CONCLUDED
        locked.save(update_fields=["rectification_passed", "rectification_note", "status"])
        certificates_renew_after_inspection(report=locked)
        party_building_from_annual_report(report=locked, by=by)
    return locked


def reports_overdue(*, year: int, today: datetime.date | None = None) -> int:
    """After the deadline, organizations that did not submit go onto the activity-abnormal list.

    Run by the system only (the daily command), for no user: the entries are listed by no one.
    """
    today = today or timezone.localdate()
    overdue = AnnualReport.objects.filter(
        year=year, status=ReportStatus.OPEN, deadline__lt=today, organization__status="normal"
    ).select_related("organization__jurisdiction")
    listed = 0
    for report in overdue.iterator(chunk_size=1000):
        credit_list_add(
            organization=report.organization,
            reason_code=CreditReason.ANNUAL_REPORT_MISSING,
            reason=_("未在%(date)s前报送%(year)d年度工作报告。")
            % {"date": local_date(report.deadline), "year": report.year},
            on=report.deadline + datetime.timedelta(days=1),
            year=report.year,
        )
        listed += 1
    return listed


REMINDER_DAYS = (30, 7)  # reminders go out this many days before the deadline


def report_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the representatives of organizations whose report is still open as the deadline nears (once each),
    by e-mail or, for mobile-only accounts, by SMS.

    Run by the system only (the daily command), for no user.
    """
    from django.template.loader import render_to_string
    from guardian.shortcuts import get_users_with_perms

    today = today or timezone.localdate()
    sent = 0
    for days in sorted(REMINDER_DAYS):  # nearest first: a late first run sends one reminder, not two
        due = (
            AnnualReport.objects.filter(
                status=ReportStatus.OPEN, deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
            )
            .exclude(reminded_days_before__lte=days)
            .select_related("organization__jurisdiction")
        )
        for report in due:
            users = get_users_with_perms(report.organization, only_with_perms_in=["manage_organization"])
            body = render_to_string(
                "emails/annual_reminder.txt",
                {"report": report, "days": (report.deadline - today).days, "base_url": settings.PUBLIC_BASE_URL},
            )
            subject = _("请于%(date)s前报送%(year)d年度工作报告") % {
                "date": local_date(report.deadline),
                "year": report.year,
            }
            for user in users:
                email, mobile = contact_of(user)
                if email or mobile:
                    send_to_contact(email=email, mobile=mobile, subject=subject, body=body)
            AnnualReport.objects.filter(pk=report.pk).update(reminded_days_before=days)
            sent += 1
    return sent
