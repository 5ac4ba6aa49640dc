"""Demo evaluation: a round open for applications with work at each step, and last round's public notice."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import EvaluationRound, Evaluator, IndicatorTable, Jurisdiction, Organization
from registry.services.evaluation_applications import (
    eligibility_decide,
    evaluation_apply,
    round_open,
    self_assessment_save,
)
from registry.services.evaluation_grading import committee_decide, notice_publish
from registry.services.evaluation_scoring import team_assign, team_scores_save
from workflows.engine.runner import officer_task_complete
from workflows.flows.evaluation.services import evaluation_scores_submit, evaluation_start

# The share of each indicator's points the demo team gives, per organization: 0.93 → 5A, 0.75 → 3A.
SHARES = (0.93, 0.75, 0.86)


class Command(BaseCommand):
    help = _("生成评估演示数据：一轮正在受理申请的评估（各环节均有待办），一轮正在公示的评估（已存在则跳过）。")

    def handle(self, *args, **options):
        User = get_user_model()
        if EvaluationRound.objects.exists():
            self.stdout.write(_("演示评估已存在，跳过。"))
            return
        try:
            self.applicant = User.objects.get(username="applicant")
            self.manager = User.objects.get(username="mh_reviewer")
            self.committee = User.objects.get(username="mh_approver")
            self.team = [Evaluator.objects.get(user__username=name) for name in ("evaluator", "evaluator2")]
        except (User.DoesNotExist, Evaluator.DoesNotExist) as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        today = timezone.localdate()
        tables = [IndicatorTable.objects.filter(org_type=t).order_by("-version").first() for t in ("1", "2", "3")]
        eligible = list(self.eligible(minhang, today))
        if len(eligible) < len(SHARES) + 3:
            self.stdout.write(_("演示登记簿中可参评的组织不足，未生成演示评估。"))
            return
        candidates = iter(eligible)

        with transaction.atomic():
            last = round_open(
                jurisdiction=minhang,
                year=today.year - 1,
                title=_("%(year)d年度闵行区社会组织评估") % {"year": today.year - 1},
                apply_from=today - datetime.timedelta(days=120),
                apply_until=today + datetime.timedelta(days=30),
                tables=tables,
                by=self.manager,
            )
            for share in SHARES:
                self.through_committee(last, next(candidates), share, today)
            EvaluationRound.objects.filter(pk=last.pk).update(apply_until=today - datetime.timedelta(days=1))
            last.refresh_from_db()
            notice_publish(evaluation_round=last, by=self.manager)

            current = round_open(
                jurisdiction=minhang,
                year=today.year,
                title=_("%(year)d年度闵行区社会组织评估") % {"year": today.year},
                apply_from=today - datetime.timedelta(days=14),
                apply_until=today + datetime.timedelta(days=45),
                tables=tables,
                by=self.manager,
            )
            waiting = self.submit(current, next(candidates), today)  # waits for the eligibility check
            scoring = self.submit(current, next(candidates), today)
            self.accept_and_assign(scoring)  # the demo evaluators have it on their list
            self.through_committee(current, next(candidates), SHARES[2], today, stop_before_committee=True)
        self.stdout.write(
            _("演示评估：%(last)s（公示中）；%(current)s（受理中，%(name)s 待资格审核）。")
            % {"last": last.title, "current": current.title, "name": waiting.organization.name}
        )

    def eligible(self, jurisdiction, today):
        """Minhang organizations that may apply, oldest first; the demo applicant acts for them."""
        organizations = Organization.objects.filter(
            jurisdiction=jurisdiction,
            status="normal",
            on_abnormal_list=False,
            on_dishonest_list=False,
            founded_on__lte=today - datetime.timedelta(days=3 * 365),
        ).exclude(last_inspection_result="failed")
        for organization in organizations.order_by("founded_on", "pk")[:20]:
            if not organization.dormancy_cases.exists():
                yield organization

    def submit(self, evaluation_round, organization, today):
        assign_perm("registry.manage_organization", self.applicant, organization)
        application = evaluation_apply(
            evaluation_round=evaluation_round, organization=organization, by=self.applicant, today=today
        )
        scores = {s.indicator_id: (s.indicator.max_points, "") for s in application.scores.select_related("indicator")}
        summary = _("本组织章程健全、治理规范，年度工作计划完成良好，详见各项指标说明。")
        self_assessment_save(application=application, by=self.applicant, scores=scores, summary=summary)
        return evaluation_start(application=application, by=self.applicant)

    def officer_step(self, application, officer, decide):
        task = Task.objects.get(
            process__bureauprocess__evaluation=application, flow_task_type="HUMAN", status=STATUS.NEW
        )
        officer_task_complete(task=task, by=officer, decide=decide)

    def accept_and_assign(self, application):
        self.officer_step(
            application,
            self.manager,
            lambda a: eligibility_decide(
                application=a, by=self.manager, eligible=True, note=_("登记满两年，近年年检合格，符合申请条件。")
            ),
        )
        self.officer_step(
            application,
            self.manager,
            lambda a: team_assign(application=a, by=self.manager, evaluators=self.team, leader=self.team[0]),
        )

    def through_committee(self, evaluation_round, organization, share, today, *, stop_before_committee=False):
        application = self.submit(evaluation_round, organization, today)
        self.accept_and_assign(application)
        leader = self.team[0].user
        scores = {}
        for row in application.scores.select_related("indicator"):
            points = int(row.indicator.max_points * share * 2) / 2
            scores[row.indicator_id] = (
                points,
                "" if points == row.indicator.max_points else _("部分制度执行记录不完整"),
            )
        team_scores_save(
            application=application,
            by=leader,
            scores=scores,
            site_visit_on=today,
            site_visit_note=_("查阅会议纪要、财务凭证和档案，走访服务对象。"),
            team_summary=_("治理结构完整，服务成效明显；档案管理有待加强。"),
        )
        application = evaluation_scores_submit(application=application, by=leader)
        if stop_before_committee:
            return application
        self.officer_step(
            application,
            self.committee,
            lambda a: committee_decide(application=a, by=self.committee, grade=a.proposed_grade, reason=""),
        )
        return application
