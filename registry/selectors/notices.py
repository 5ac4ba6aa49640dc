"""The public notices of the register: cleanup notices, establishments, changes, revocations, deregistrations."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.choices import HistoryAction, OrgStatus, OrgType
from registry.models import (
    BranchApplication,
    CertificateApplication,
    DormancyCase,
    DormancyStatus,
    Jurisdiction,
    Organization,
    OrganizationHistory,
    PenaltyCase,
    ServiceStatus,
)
from registry.rules.penalties import IN_FORCE_STAGES, PenaltyKind
from registry.selectors.register import public_organizations

# Changes announced publicly: of name, domicile and legal representative (社会团体登记管理条例 第二十三条,
# 民办非企业单位登记管理暂行条例 第十八条).
ANNOUNCED_CHANGES = ("name", "domicile", "legal_rep_name")
NOTICE_KINDS = [
    ("cleanup", _("名存实亡社会组织清理整顿公示")),
    ("establishment", _("成立登记公告")),
    ("change", _("变更登记公告")),
    ("revocation", _("撤销登记公告")),
    ("deregistration", _("注销登记公告")),
    # 基金会管理条例 第十九条: a foundation's changes are announced; its charter approval among them.
    ("charter", _("基金会章程核准公告")),
    # Where the bureau approves branches, their set-up and closing are announced like registrations.
    ("branch", _("分支机构、代表机构设立、注销公告")),
    ("certificate_loss", _("证书遗失声明")),
]
# The most notices of one kind read for one listing (a year of a large bureau's notices fits well within it).
MAX_PER_KIND = 1000


@dataclass
class Notice:
    kind: str
    on: datetime.date
    organization: Organization
    details: list[tuple[str, str]]

    @property
    def kind_label(self) -> str:
        return dict(NOTICE_KINDS)[self.kind]

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.organization.jurisdiction


def _organizations(queryset, *, jurisdiction, text):
    if jurisdiction is not None:
        queryset = queryset.filter(jurisdiction=jurisdiction)
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(uscc__iexact=text))
    return queryset


def _related(queryset, *, jurisdiction, text):
    if jurisdiction is not None:
        queryset = queryset.filter(organization__jurisdiction=jurisdiction)
    if text:
        queryset = queryset.filter(Q(organization__name__icontains=text) | Q(organization__uscc__iexact=text))
    return queryset


def _revocation_decisions(revoked: list[Organization]) -> dict[int, str]:
    """The written decision of each revocation: the penalty decision, or before penalty cases the cleanup case's.

    The register's status is the truth: a revocation recorded by import or before cleanup cases existed has no
    case, so the history entry's reason stands in for it.
    """
    ids = [org.pk for org in revoked]
    decisions = {
        entry.organization_id: entry.reason
        for entry in OrganizationHistory.objects.filter(
            organization__in=ids, changes__status__1=OrgStatus.REVOKED
        ).order_by("at", "id")
    }
    decisions.update(
        (case.organization_id, case.decision)
        for case in DormancyCase.objects.filter(
            status=DormancyStatus.REVOKED, organization__in=ids, penalty_cases__isnull=True
        ).order_by("decided_on", "id")
        if case.decision
    )
    decisions.update(
        (case.organization_id, f"{case.decision_number} {case.decision_text}")
        for case in PenaltyCase.objects.filter(
            kind=PenaltyKind.REVOCATION, stage__in=IN_FORCE_STAGES, organization__in=ids
        ).order_by("served_on", "id")
    )
    return decisions


def public_notices(
    *,
    today: datetime.date,
    kind: str = "",
    jurisdiction: Jurisdiction | None = None,
    since: datetime.date,
    until: datetime.date,
    text: str = "",
) -> list[Notice]:
    """The notices dated from `since` to `until`, newest first, narrowed by kind, bureau and name or code."""
    notices = []
    wanted = {kind} if kind else set(dict(NOTICE_KINDS))
    organizations = _organizations(public_organizations(), jurisdiction=jurisdiction, text=text)
    if "cleanup" in wanted:
        cases = _related(
            DormancyCase.objects.filter(
                status=DormancyStatus.NOTICE,
                notice_ends_on__gte=today,
                notice_starts_on__gte=since,
                notice_starts_on__lte=until,
            ),
            jurisdiction=jurisdiction,
            text=text,
        ).select_related("organization__jurisdiction")
        for case in cases.order_by("-notice_starts_on", "id")[:MAX_PER_KIND]:
            period = f"{case.notice_starts_on:%Y-%m-%d} — {case.notice_ends_on:%Y-%m-%d}"
            details = [(_("公示期"), period), (_("公示内容"), case.notice_text)]
            notices.append(Notice("cleanup", case.notice_starts_on, case.organization, details))
    if "establishment" in wanted:
        for org in organizations.filter(founded_on__gte=since, founded_on__lte=until).order_by("-founded_on", "id")[
            :MAX_PER_KIND
        ]:
            details = [(_("法定代表人"), org.legal_rep_name), (_("住所"), org.domicile)]
            notices.append(Notice("establishment", org.founded_on, org, details))
    if "change" in wanted:
        entries = _related(
            OrganizationHistory.objects.filter(at__date__gte=since, at__date__lte=until)
            .filter(Q(changes__has_key="name") | Q(changes__has_key="domicile") | Q(changes__has_key="legal_rep_name"))
            .exclude(changes__has_key="status")  # a registration, not a change
            .exclude(organization__uscc__isnull=True),
            jurisdiction=jurisdiction,
            text=text,
        ).select_related("organization__jurisdiction")
        for entry in entries.order_by("-at", "-id")[:MAX_PER_KIND]:
            details = [
                (Organization._meta.get_field(field).verbose_name, "{} → {}".format(*entry.changes[field]))
                for field in ANNOUNCED_CHANGES
                if field in entry.changes
            ]
            notices.append(Notice("change", entry.at.date(), entry.organization, details))
    if "revocation" in wanted:
        revoked = list(
            organizations.filter(
                status=OrgStatus.REVOKED, status_changed_on__gte=since, status_changed_on__lte=until
            ).order_by("-status_changed_on", "id")[:MAX_PER_KIND]
        )
        decisions = _revocation_decisions(revoked)
        for org in revoked:
            details = [(_("决定及理由"), decisions.get(org.pk, ""))]
            notices.append(Notice("revocation", org.status_changed_on, org, details))
    if "deregistration" in wanted:
        for org in organizations.filter(
            status=OrgStatus.DEREGISTERED, status_changed_on__gte=since, status_changed_on__lte=until
        ).order_by("-status_changed_on", "id")[:MAX_PER_KIND]:
            notices.append(Notice("deregistration", org.status_changed_on, org, []))
    if "charter" in wanted:
        approvals = _related(
            OrganizationHistory.objects.filter(
                action=HistoryAction.CHARTER_APPROVED,
                organization__org_type=OrgType.FOUNDATION,
                at__date__gte=since,
                at__date__lte=until,
            ).exclude(organization__uscc__isnull=True),
            jurisdiction=jurisdiction,
            text=text,
        ).select_related("organization__jurisdiction")
        for entry in approvals.order_by("-at", "-id")[:MAX_PER_KIND]:
            version = entry.changes.get("charter", [None, None])[1]
            approved = _("章程修改（第%(version)s版）") % {"version": version}
            details = [(_("核准事项"), approved), (_("依据"), entry.reason)]
            notices.append(Notice("charter", entry.at.date(), entry.organization, details))
    if "branch" in wanted:
        approved = _related(
            BranchApplication.objects.filter(
                status="approved", kind__in=("set_up", "close"), decided_on__gte=since, decided_on__lte=until
            ),
            jurisdiction=jurisdiction,
            text=text,
        ).select_related("organization__jurisdiction", "branch")
        for application in approved.order_by("-decided_on", "-id")[:MAX_PER_KIND]:
            details = [
                (_("事项"), f"{application.get_kind_display()}{application.get_branch_kind_display()}"),
                (_("名称"), application.subject_name),
            ]
            notices.append(Notice("branch", application.decided_on, application.organization, details))
    if "certificate_loss" in wanted:
        # The organization's loss statement (遗失声明), published when the replacement is issued and the lost
        # certificate declared void, instead of a newspaper notice.
        statements = _related(
            CertificateApplication.objects.filter(
                status=ServiceStatus.DONE, decided_on__gte=since, decided_on__lte=until
            ).exclude(loss_statement=""),
            jurisdiction=jurisdiction,
            text=text,
        ).select_related("organization__jurisdiction")
        for application in statements.order_by("-decided_on", "-id")[:MAX_PER_KIND]:
            details = [(_("遗失声明"), application.loss_statement)]
            notices.append(Notice("certificate_loss", application.decided_on, application.organization, details))
    notices.sort(key=lambda notice: notice.on, reverse=True)
    return notices
