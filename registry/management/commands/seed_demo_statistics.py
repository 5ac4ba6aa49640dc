"""Demo figures for the sector statistics: the year's concluded registrations, changes and deregistrations of the
demo register with their processing dates and ratings (好差评), part of last year's annual reports submitted and
concluded, a few penalty decisions and concluded complaints. Deterministic (--seed); skipped when already there."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import (
    AnnualReport,
    Complaint,
    ComplaintStatus,
    Jurisdiction,
    Organization,
    PenaltyCase,
    RegistrationApplication,
    ReportStatus,
    ServiceRating,
)
from registry.models.application import ApplicationKind, ApplicationStatus
from registry.models.penalty import PenaltySanction
from registry.rules.annual import InspectionResult
from registry.rules.penalties import CaseSource, CaseStage, PenaltyKind
from registry.selectors import work_calendar

DISTRICTS = ("310112", "310117", "310151")
SCORES = [(5, 50), (4, 25), (3, 12), (2, 8), (1, 5)]
UNSATISFIED_COMMENTS = ("补正材料往返多次，希望一次性告知清楚。", "窗口电话较难打通。")


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def working_days_before(day: datetime.date, days: int, calendar) -> datetime.date:
    """The day `days` working days before `day` (the day a step had to start to end on `day`)."""
    counted = 0
    while counted < days:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def working_days_after(day: datetime.date, days: int, calendar) -> datetime.date:
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


class Command(BaseCommand):
    help = _(
        "生成行业统计演示数据：本年度办结的登记事项及其服务评价、上一年度年检结论、行政处罚决定和已办结的投诉举报（已存在则跳过）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help=_("随机种子（默认 2026）"))

    def handle(self, *args, seed: int, **options):
        if ServiceRating.objects.exists():
            self.stdout.write(_("行业统计演示数据已存在，跳过。"))
            return
        rng = random.Random(seed)
        today = timezone.localdate()
        year = today.year
        calendar = work_calendar(year - 1, year + 1)
        applicant, _created = get_user_model().objects.get_or_create(
            username="demo_statistics", defaults={"first_name": _("演示申请人（统计）"), "is_active": False}
        )
        with transaction.atomic():
            for code in DISTRICTS:
                bureau = Jurisdiction.objects.filter(code=code).first()
                if bureau is None:
                    continue
                self.applications(rng, bureau, applicant, year=year, today=today, calendar=calendar)
                self.annual_reports(rng, bureau, year=year)
                self.penalties(rng, bureau, year=year, today=today)
                self.complaints(rng, bureau, year=year, today=today, calendar=calendar)
        self.stdout.write(self.style.SUCCESS(_("已生成行业统计演示数据。")))

    def applications(self, rng, bureau, applicant, *, year, today, calendar):
        organizations = Organization.objects.filter(jurisdiction=bureau)
        subjects = [
            (ApplicationKind.REGISTRATION, org, org.founded_on)
            for org in organizations.filter(founded_on__year=year, founded_on__lte=today).order_by("pk")[:40]
        ]
        normal = list(organizations.filter(status=OrgStatus.NORMAL).order_by("pk")[:400])
        for org in rng.sample(normal, min(len(normal), 30)):
            decided = datetime.date(year, 1, 2) + datetime.timedelta(
                days=rng.randrange(max((today.replace(day=1) - datetime.date(year, 1, 2)).days, 1))
            )
            if decided <= today:
                subjects.append((ApplicationKind.CHANGE, org, decided))
        subjects += [
            (ApplicationKind.DEREGISTRATION, org, org.status_changed_on)
            for org in organizations.filter(
                status=OrgStatus.DEREGISTERED, status_changed_on__year=year, status_changed_on__lte=today
            ).order_by("pk")[:15]
        ]
        ratings = []
        for kind, org, decided in subjects:
            if not calendar.is_working_day(decided):
                decided = working_days_before(decided, 1, calendar)
            took = rng.choice((6, 9, 12, 14, 15, 17, 18, 19, 20, 22, 26))
            paused = rng.choice((0, 0, 0, 3))
            accepted = working_days_before(decided, took + paused, calendar)
            application = RegistrationApplication.objects.create(
                applicant=applicant,
                kind=kind,
                org_type=org.org_type,
                jurisdiction=bureau,
                status=ApplicationStatus.COMPLETED,
                name=org.name,
                domicile=org.domicile,
                activity_area=org.activity_area,
                registered_funds=org.registered_funds,
                competent_unit=org.competent_unit,
                direct_category=org.direct_category,
                legal_rep_name=org.legal_rep_name,
                submitted_at=at(working_days_before(accepted, 2, calendar), 9),
                accepted_on=accepted,
                decision_due_on=working_days_after(accepted, 20 + paused, calendar),
                paused_working_days=paused,
                decided_at=at(decided, 15),
                organization=org,
            )
            if rng.random() < 0.8:
                score = _pick(rng, SCORES)
                comment = rng.choice(UNSATISFIED_COMMENTS) if score <= 2 else ""
                ratings.append(ServiceRating(application=application, score=score, comment=comment))
        ServiceRating.objects.bulk_create(ratings)
        # A rating is dated when given: a few days after the conclusion.
        for rating in ServiceRating.objects.filter(application__jurisdiction=bureau).select_related("application"):
            ServiceRating.objects.filter(pk=rating.pk).update(
                created_at=rating.application.decided_at + datetime.timedelta(days=rng.randrange(1, 6))
            )

    def annual_reports(self, rng, bureau, *, year):
        """Last year's reports (this year's inspection): most submitted, most of those concluded."""
        reports = list(
            AnnualReport.objects.filter(
                organization__jurisdiction=bureau, year=year - 1, status=ReportStatus.OPEN
            ).values_list("pk", flat=True)
        )
        results = {InspectionResult.PASSED: [], InspectionResult.BASIC: [], InspectionResult.FAILED: []}
        submitted = []
        for pk in reports:
            if rng.random() < 0.78:
                if rng.random() < 0.85:
                    results[_pick(rng, [(r, w) for r, w in zip(results, (82, 13, 5), strict=True)])].append(pk)
                else:
                    submitted.append(pk)
        sent = at(datetime.date(year, 4, 20), 10)
        AnnualReport.objects.filter(pk__in=submitted).update(status=ReportStatus.SUBMITTED, submitted_at=sent)
        for result, pks in results.items():
            AnnualReport.objects.filter(pk__in=pks).update(
                status=ReportStatus.CONCLUDED, submitted_at=sent, result=result, reviewed_on=datetime.date(year, 6, 10)
            )

    def penalties(self, rng, bureau, *, year, today):
        candidates = list(
            Organization.objects.filter(jurisdiction=bureau, status=OrgStatus.NORMAL, on_abnormal_list=True).order_by(
                "pk"
            )[:3]
        )
        decisions = [
            [(PenaltyKind.WARNING, None)],
            [(PenaltyKind.FINE, Decimal(rng.choice((5000, 10000, 20000)))), (PenaltyKind.WARNING, None)],
            [(PenaltyKind.CORRECTION, None)],
        ]
        for index, (org, sanctions) in enumerate(zip(candidates, decisions, strict=False)):
            decided = min(datetime.date(year, 3 + 3 * index, 12), today)
            filed = decided - datetime.timedelta(days=45)
            case = PenaltyCase.objects.create(
                organization=org,
                source=CaseSource.OFFICER,
                facts="连续两年未按规定报送年度工作报告，经责令改正逾期仍未改正。",
                stage=CaseStage.CLOSED,
                filed_on=filed,
                decision_due_on=filed + datetime.timedelta(days=90),
                decision_number=f"{bureau.name}民罚决字〔{year}〕第{index + 1}号",
                kind=sanctions[0][0],
                amount_yuan=sanctions[0][1],
                decided_on=decided,
                served_on=decided + datetime.timedelta(days=3),
                closed_on=decided + datetime.timedelta(days=30),
            )
            for kind, amount in sanctions:
                PenaltySanction.objects.create(case=case, phase=PenaltySanction.DECIDED, kind=kind, amount_yuan=amount)

    def complaints(self, rng, bureau, *, year, today, calendar):
        for index in range(4):
            received = min(datetime.date(year, 2 + 2 * index, 6), today - datetime.timedelta(days=60))
            decided = working_days_after(received, 5, calendar)
            due = decided + datetime.timedelta(days=60)
            concluded = (
                due - datetime.timedelta(days=rng.randrange(5, 40)) if index != 3 else due + datetime.timedelta(days=4)
            )
            complaint = Complaint.objects.create(
                jurisdiction=bureau,
                category=rng.choice(("fees", "finance", "governance")),
                description="反映该组织收费和财务管理不规范。",
                anonymous=True,
                query_code_digest="0" * 64,
                status=ComplaintStatus.CONCLUDED,
                accept_due=working_days_after(received, 15, calendar),
                decided_on=decided,
                finish_due=due,
                findings="经调查核实，已督促其规范收费并公开财务信息。",
                reply="已调查处理，督促该组织整改。",
                outcome="advice",
                concluded_on=min(concluded, today),
            )
            Complaint.objects.filter(pk=complaint.pk).update(received_at=at(received, 11))
