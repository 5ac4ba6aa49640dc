"""The public part of concluded annual work reports (年度工作报告公开), for the organization's public page.

慈善法 第七十一条、第七十二条 oblige charitable organizations to publish their annual work report and financial
accounts; 社会组织信用信息管理办法 (2018) 第五条、第七条 make the annual inspection result public credit
information. Only after the bureau concluded the inspection, and only the summary fields below: no personal
data (officers, staff, party members, the audit report itself) is disclosed.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from registry.models import AnnualReport, GradeChange, Organization, ReportStatus


@dataclass(frozen=True)
class AnnualDisclosure:
    year: int
    activities: str
    income: Decimal | None
    expenditure: Decimal | None
    net_assets: Decimal | None
    grade: str
    result_label: str
    simplified: bool
    concluded_on: datetime.date | None

    # Amounts in yuan with thousands grouped, as on certificates (1,234,567.80); "" when not reported.
    @property
    def income_text(self) -> str:
        return _yuan(self.income)

    @property
    def expenditure_text(self) -> str:
        return _yuan(self.expenditure)

    @property
    def net_assets_text(self) -> str:
        return _yuan(self.net_assets)


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _grade_at(changes: list[GradeChange], day: datetime.date) -> str:
    """The evaluation grade the organization held on `day`, from its grade changes (oldest first)."""
    grade = ""
    for change in changes:
        effective = change.takes_effect_on or change.decided_on
        if effective <= day:
            grade = change.to_grade if not (change.expires_on and change.expires_on < day) else ""
    return grade


def annual_disclosures(organization: Organization) -> list[AnnualDisclosure]:
    """The public part of each concluded annual report, newest year first."""
    changes = list(organization.grade_changes.order_by("decided_on", "id"))
    reports = AnnualReport.objects.filter(organization=organization, status=ReportStatus.CONCLUDED).order_by("-year")
    disclosures = []
    for report in reports:
        disclosures.append(
            AnnualDisclosure(
                year=report.year,
                activities=report.activities,
                income=report.income,
                expenditure=report.expenditure,
                net_assets=report.net_assets,
                grade=_grade_at(changes, datetime.date(report.year, 12, 31)),
                result_label=str(report.get_result_display()),
                simplified=report.simplified,
                concluded_on=report.reviewed_on,
            )
        )
    return disclosures
