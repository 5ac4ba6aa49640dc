"""Principal-officer filing (负责人备案) and the legal representative's departure audit (离任审计)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OfficerRole, OrgStatus
from registry.models import (
    DepartureAudit,
    FilingStatus,
    OfficerChange,
    OfficerFiling,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
)
from registry.rules.deadlines import add_years
from registry.rules.display import local_date
from registry.rules.elections import (
    MAX_TERM_YEARS,
    OfficerPosition,
    office_title,
    officer_filing_errors,
    position_title,
)
from registry.rules.idcards import id_number_errors, normalize_id_number
from registry.rules.person_names import normalize_person_name, person_name_errors
from registry.selectors import serving_officers
from registry.services import guards, policy
from registry.services.elections import NOT_NORMAL, NOT_REPRESENTATIVE, filing_due, stored_pdfs

_TITLE_TO_POSITION = {
    title: position
    for position in OfficerPosition.values
    for title in (position_title(position, "1"), position_title(position, "3"))
}


def _office(officer: OrganizationOfficer) -> str:
    """The office an officer on record holds, as a position code where it is one (院长 and the like stay as written)."""
    return _TITLE_TO_POSITION.get(officer.position, officer.position)


def _problems(organization: Organization, *, leaving: list[OrganizationOfficer], appointments: list[dict]) -> list[str]:
    left = {officer.pk for officer in leaving}
    resulting = [(_office(o), o.id_number) for o in serving_officers(organization) if o.pk not in left]
    resulting += [(a["position"], a["id_number"]) for a in appointments]
    return officer_filing_errors(
        resulting=resulting,
        legal_rep_id=organization.legal_rep_id_number,
        removed_ids=[officer.id_number for officer in leaving],
    )


def officer_filing_submit(
    *, organization: Organization, by, leaving_ids: list[int], appointments: list[dict], today=None
) -> OfficerFiling:
    """File changes among the principal officers: who leaves, who is appointed to which office until when."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    errors: list[str] = []
    cleaned = []
    for number, appointment in enumerate(appointments, start=1):
        name = normalize_person_name(appointment.get("name", ""))
        id_number = normalize_id_number(appointment.get("id_number", ""))
        position = appointment.get("position", "")
        term_end = appointment.get("term_ends_on")
        label = _("第%(n)d位新任负责人") % {"n": number}
        if position not in OfficerPosition.values:
            errors.append(_("%(who)s：请选择职务。") % {"who": label})
        errors += [_("%(who)s：%(error)s") % {"who": label, "error": e} for e in person_name_errors(name)]
        errors += [_("%(who)s身份证号码：%(error)s") % {"who": label, "error": e} for e in id_number_errors(id_number)]
        if term_end is None:
            errors.append(_("%(who)s：请填写任期届满日期。") % {"who": label})
        elif not today < term_end <= add_years(today, MAX_TERM_YEARS):
            errors.append(
                _("%(who)s：任期届满日期应在今天之后、%(years)d年之内。") % {"who": label, "years": MAX_TERM_YEARS}
            )
        cleaned.append({"position": position, "name": name, "id_number": id_number, "term_ends_on": term_end})
    if not leaving_ids and not cleaned:
        errors.append(_("请至少填写一项负责人变动（免职或任职）。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = guards.locked(organization)
        if current.status != OrgStatus.NORMAL:
            raise ValidationError(NOT_NORMAL)
        if OfficerFiling.objects.filter(organization=current, status=FilingStatus.SUBMITTED).exists():
            raise ValidationError(_("已有一份负责人备案在办理中，请等待办结后再提交。"))
        leaving = list(serving_officers(current).filter(pk__in=leaving_ids))
        if len(leaving) != len(set(leaving_ids)):
            raise ValidationError(_("所选离任人员不是本组织现任负责人。"))
        problems = _problems(current, leaving=leaving, appointments=cleaned)
        if problems:
            raise ValidationError(problems)
        filing = OfficerFiling.objects.create(
            organization=current, submitted_by=by, due_on=filing_due(today, "ELECTION_FILING_WORKING_DAYS")
        )
        changes = [
            OfficerChange(
                filing=filing,
                action=OfficerChange.Action.LEAVE,
                position=_office(o),
                name=o.name,
                id_number=o.id_number,
                officer=o,
            )
            for o in leaving
        ]
        changes += [OfficerChange(filing=filing, action=OfficerChange.Action.APPOINT, **a) for a in cleaned]
        for change in changes:
            change.full_clean(exclude=["filing"])
        OfficerChange.objects.bulk_create(changes)
    return filing


def officer_filing_decide(*, filing: OfficerFiling, by, filed: bool, reason: str = "", today=None) -> OfficerFiling:
    """The window officer files the changes (the register's officers follow, history kept) or returns them."""
    policy.require_role(by, filing.organization.jurisdiction, OfficerRole.WINDOW)
    today = today or timezone.localdate()
    reason = reason.strip()
    if not filed and len(reason) < 4:
        raise ValidationError(_("退回的，请写明理由。"))
    with transaction.atomic():
        current = guards.locked(filing, "organization")
        guards.require_state(current, FilingStatus.SUBMITTED, message=_("该负责人备案已办结。"))
        organization = guards.locked(current.organization)
        if filed:
            lines = list(current.changes.select_related("officer"))
            leaving = [c.officer for c in lines if c.action == OfficerChange.Action.LEAVE]
            appointments = [
                {"position": c.position, "id_number": c.id_number}
                for c in lines
                if c.action == OfficerChange.Action.APPOINT
            ]
            if any(o is None or o.left_on is not None for o in leaving):
                raise ValidationError(_("离任人员已不在任，请退回由组织重新填报。"))
            if problems := _problems(organization, leaving=leaving, appointments=appointments):
                raise ValidationError(problems)
            for officer in leaving:
                officer.left_on = today
                officer.save(update_fields=["left_on"])
            for change in lines:
                if change.action == OfficerChange.Action.APPOINT:
                    officer = OrganizationOfficer(
                        organization=organization,
                        position=position_title(change.position, organization.org_type),
                        name=change.name,
                        id_number=change.id_number,
                        term_starts_on=today,
                        term_ends_on=change.term_ends_on,
                    )
                    officer.full_clean()
                    officer.save()
            OrganizationHistory.objects.create(
                organization=organization,
                by=by,
                action=HistoryAction.OFFICERS_FILED,
                changes={},
                reason="；".join(
                    f"{c.get_action_display()}{office_title(c.position, organization.org_type)} {c.name}" for c in lines
                ),
            )
        current.status = FilingStatus.FILED if filed else FilingStatus.RETURNED
        current.decided_by, current.decided_at, current.decision_reason = by, timezone.now(), reason
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return current


def departure_audit_file(
    *,
    organization: Organization,
    by,
    auditor: str,
    period_from: datetime.date | None,
    period_to: datetime.date | None,
    report,
    today: datetime.date | None = None,
) -> DepartureAudit:
    """File the outgoing legal representative's departure audit (离任审计) before the change registration."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    errors = []
    if not auditor.strip():
        errors.append(_("请填写审计机构。"))
    if period_from is None or period_to is None:
        errors.append(_("请填写审计期间。"))
    elif not period_from <= period_to <= today:
        errors.append(_("审计期间有误：起始日不能晚于截止日，截止日不能晚于今天。"))
    if not report:
        errors.append(_("请上传离任审计报告（PDF）。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), stored_pdfs({"report": report}) as files:
        current = guards.locked(organization)
        if current.status != OrgStatus.NORMAL:
            raise ValidationError(NOT_NORMAL)
        stored, original, digest = files["report"]
        audit = DepartureAudit(
            organization=current,
            legal_rep_name=current.legal_rep_name,
            legal_rep_id_number=current.legal_rep_id_number,
            auditor=auditor.strip()[:100],
            period_from=period_from,
            period_to=period_to,
            report_stored_name=stored,
            report_original_name=original,
            report_sha256=digest,
            filed_on=today,
            filed_by=by,
        )
        audit.full_clean()
        audit.save()
        OrganizationHistory.objects.create(
            organization=current,
            by=by,
            action=HistoryAction.DEPARTURE_AUDIT_FILED,
            changes={},
            reason=_("法定代表人%(name)s离任审计（%(auditor)s，%(start)s至%(end)s）")
            % {
                "name": current.legal_rep_name,
                "auditor": audit.auditor,
                "start": local_date(period_from),
                "end": local_date(period_to),
            },
        )
    return audit
