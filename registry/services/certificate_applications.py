"""Renewing registration certificates (换发) and replacing lost or damaged ones (补领、换领).

Renewal, by the bureau's setting: on the organization's application within a window before the validity
ends, or automatically when the annual inspection of the expiring year concludes with a pass. Either way the
new 正本 and 副本 carry a new validity and the old ones are superseded (换发新证). Replacement issues the lost or
damaged copy again with a new number and the same validity; the old one is voided (遗失补领／损毁换领), its QR
code then names the replacement, and a lost certificate's loss statement (遗失声明) is published as a notice.
Both are issued within 10 working days (行政许可法 第四十四条).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.background import dispatch
from registry.choices import HistoryAction, OfficerRole, OrgStatus
from registry.models import (
    AnnualReport,
    Certificate,
    CertificateApplication,
    CertificateApplicationKind,
    CertificateCopy,
    CertificateKind,
    CertificateStatus,
    CopyChoice,
    Organization,
    OrganizationHistory,
    ServiceStatus,
)
from registry.rules.certificate_services import (
    RenewalMode,
    ReplacementCause,
    inspection_renews,
    renewal_mode,
    renewal_refusal,
    replacement_problems,
    void_reason,
)
from registry.selectors import deadline_after
from registry.services import guards, policy
from registry.services.certificates import _next_number, issue_registration_certificates
from registry.services.register import organization_update

NOT_REPRESENTATIVE = _("只有该组织的经办人可以申请。")
WRONG_STATUS = _("该申请当前状态为“%(status)s”，不能办理（可能已由他人处理）。")


def renewal_mode_of(organization: Organization) -> str:
    """How the organization's bureau renews certificates: on application or on passing the annual inspection."""
    conf = settings.REGISTRY
    return renewal_mode(
        organization.jurisdiction.code,
        default=conf["CERTIFICATE_RENEWAL"],
        by_bureau=conf["CERTIFICATE_RENEWAL_BY_BUREAU"],
    )


def current_registration_certificates(organization: Organization):
    """The registration certificates the organization holds now (valid, whether or not their validity ended)."""
    return Certificate.objects.filter(
        organization=organization, kind=CertificateKind.REGISTRATION, status=CertificateStatus.VALID
    ).order_by("copy", "-issued_on")


def _copies(copy: str) -> list[str]:
    return [CertificateCopy.ORIGINAL, CertificateCopy.DUPLICATE] if copy == CopyChoice.BOTH else [copy]


def certificate_application_submit(
    *,
    organization: Organization,
    by,
    kind: str,
    copy: str = CopyChoice.BOTH,
    cause: str = "",
    loss_statement: str = "",
    returned: bool = False,
    today: datetime.date | None = None,
) -> CertificateApplication:
    """The organization applies to renew its certificate, or to replace a lost or damaged copy."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    today = today or timezone.localdate()
    if kind not in CertificateApplicationKind.values:
        raise ValidationError(_("请选择申请事项。"))
    if copy not in CopyChoice.values:
        raise ValidationError(_("请选择正本、副本或正副本。"))
    if organization.status != OrgStatus.NORMAL or not organization.uscc:
        raise ValidationError(_("只有登记状态正常的社会组织可以申请。"))
    with transaction.atomic():
        locked = guards.locked(organization, "jurisdiction")
        held = list(current_registration_certificates(locked))
        if not held:
            raise ValidationError(_("该组织没有有效的登记证书，请联系登记管理机关。"))
        if CertificateApplication.objects.filter(
            organization=locked, kind=kind, status=ServiceStatus.SUBMITTED
        ).exists():
            raise ValidationError(_("已有同一事项的申请正在办理，请勿重复申请。"))
        if kind == CertificateApplicationKind.RENEWAL:
            if renewal_mode_of(locked) != RenewalMode.APPLICATION:
                raise ValidationError(_("本登记管理机关在年检合格后自动换发证书，无需申请。"))
            refusal = renewal_refusal(
                valid_until=min(c.valid_until for c in held),
                today=today,
                window_days=settings.REGISTRY["CERTIFICATE_RENEWAL_WINDOW_DAYS"],
            )
            if refusal:
                raise ValidationError(refusal)
            copy, cause, loss_statement, returned = CopyChoice.BOTH, "", "", False
        else:
            problems = replacement_problems(cause=cause, loss_statement=loss_statement, returned=returned)
            if problems:
                raise ValidationError(problems)
            missing = set(_copies(copy)) - {c.copy for c in held}
            if missing:
                raise ValidationError(_("所选证书不是该组织现持有的有效证书。"))
            if cause != ReplacementCause.LOST:
                loss_statement = ""
        application = CertificateApplication(
            organization=locked,
            kind=kind,
            copy=copy,
            cause=cause,
            loss_statement=loss_statement.strip(),
            returned=returned,
            submitted_by=by,
            due_on=deadline_after(today, settings.REGISTRY["CERTIFICATE_SERVICE_WORKING_DAYS"]).due,
        )
        application.full_clean()
        application.save()
    return application


def certificate_application_issue(
    *, application: CertificateApplication, by, today: datetime.date | None = None
) -> CertificateApplication:
    """The window officer issues the renewed or replacement certificates; the old ones are superseded or voided."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.WINDOW)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(application, "organization__jurisdiction")
        guards.require_state(locked, ServiceStatus.SUBMITTED, message=WRONG_STATUS)
        organization = locked.organization
        if organization.status != OrgStatus.NORMAL:
            raise ValidationError(_("该组织已不在正常登记状态，不能发证。"))
        if locked.kind == CertificateApplicationKind.RENEWAL:
            issued = _renew(organization, by=by, today=today, reason=_reason_text(locked))
        else:
            issued = _replace(locked, by=by, today=today)
            OrganizationHistory.objects.create(
                organization=organization,
                by=by,
                action=HistoryAction.CERTIFICATE_REISSUED,
                changes={},
                reason=_reason_text(locked),
            )
        _conclude(locked, by=by, today=today, number=issued[0].number)
    return locked


def _renew(organization: Organization, *, by, today: datetime.date, reason: str) -> list[Certificate]:
    """Issue the 正本 and 副本 with a new validity (the old ones are superseded) and record it in the register."""
    issued = issue_registration_certificates(organization=organization, by=by, issued_on=today)
    organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=HistoryAction.CERTIFICATE_REISSUED,
        certificate_valid_until=issued[0].valid_until,
    )
    return issued


def _reason_text(application: CertificateApplication) -> str:
    if application.kind == CertificateApplicationKind.RENEWAL:
        return f"证书有效期届满换发（{application.reference}）"
    what = {"lost": "遗失补领", "damaged": "损毁换领"}[application.cause]
    copy = {"original": "正本", "duplicate": "副本", "both": "正本和副本"}[application.copy]
    return f"证书{what}（{copy}，{application.reference}）"


def _conclude(application: CertificateApplication, *, by, today, number: str) -> None:
    application.status = ServiceStatus.DONE
    application.decided_by = by
    application.decided_on = today
    application.issued_number = number
    application.save(update_fields=["status", "decided_by", "decided_on", "issued_number"])


def _replace(application: CertificateApplication, *, by, today: datetime.date) -> list[Certificate]:
    """Issue the replaced copies again: a new number, the same snapshot and validity; void the old ones."""
    organization = application.organization
    old = list(
        current_registration_certificates(organization)
        .filter(copy__in=_copies(application.copy))
        .select_for_update(of=("self",))
    )
    if len(old) != len(_copies(application.copy)):
        raise ValidationError(_("所选证书已不是该组织现持有的有效证书。"))
    number = _next_number(organization.jurisdiction.code, today.year)
    issued = []
    for certificate in old:
        replacement = Certificate.objects.create(
            number=number,
            organization=organization,
            kind=CertificateKind.REGISTRATION,
            copy=certificate.copy,
            snapshot=certificate.snapshot,
            issued_on=today,
            valid_until=certificate.valid_until,
            token=secrets.token_hex(16),
            issued_by=by,
        )
        Certificate.objects.filter(pk=certificate.pk).update(
            status=CertificateStatus.VOIDED,
            superseded_by=replacement,
            status_reason=void_reason(application.cause),
            status_changed_at=timezone.now(),
        )
        issued.append(replacement)
    ids = [c.pk for c in issued]
    transaction.on_commit(lambda: dispatch("registry.render_certificates", ids))
    return issued


def certificate_application_refuse(*, application: CertificateApplication, by, reason: str) -> CertificateApplication:
    """The window officer refuses, with reasons the organization reads in the written decision."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.WINDOW)
    if len(reason.strip()) < 4:
        raise ValidationError(_("请写明不予办理的理由。"))
    with transaction.atomic():
        locked = guards.locked(application, "organization")
        guards.require_state(locked, ServiceStatus.SUBMITTED, message=WRONG_STATUS)
        locked.status = ServiceStatus.REFUSED
        locked.refusal_reason = reason.strip()
        locked.decided_by = by
        locked.decided_on = timezone.localdate()
        locked.save(update_fields=["status", "refusal_reason", "decided_by", "decided_on"])
    return locked


def certificates_renew_after_inspection(
    *, report: AnnualReport, today: datetime.date | None = None
) -> CertificateApplication | None:
    """Renew the registration certificate when this concluded inspection passes the year it expires in.

    Called by the annual inspection services when an inspection concludes, inside their transaction; only at
    bureaus renewing on inspection. Run by the system, for no user: the renewal is recorded as an automatic
    application so the organization and the officers see it like any other.
    """
    organization = Organization.objects.select_related("jurisdiction").get(pk=report.organization_id)
    if organization.status != OrgStatus.NORMAL or renewal_mode_of(organization) != RenewalMode.INSPECTION:
        return None
    held = list(current_registration_certificates(organization))
    if not held:
        return None
    if not inspection_renews(
        result=report.result,
        rectification_passed=report.rectification_passed,
        report_year=report.year,
        valid_until=min(c.valid_until for c in held),
    ):
        return None
    today = today or timezone.localdate()
    with transaction.atomic():
        reason = f"{report.year}年度年检合格，证书有效期届满换发"
        issued = _renew(organization, by=None, today=today, reason=reason)
        application = CertificateApplication.objects.create(
            organization=organization,
            kind=CertificateApplicationKind.RENEWAL,
            automatic=True,
            annual_report=report,
            due_on=today,
            status=ServiceStatus.DONE,
            decided_on=today,
            issued_number=issued[0].number,
        )
    return application
