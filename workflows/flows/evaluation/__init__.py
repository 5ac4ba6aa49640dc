"""社会组织评估: application and self-assessment, eligibility, the third-party team's field evaluation,
the evaluation committee, public notice, review of objections, announcement.

One process per organization and round, started when the organization applies. The round's
steps (publishing the notice, closing it, announcing) are taken once for the whole round and
move every process waiting on them (`workflows.services`).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import EvaluationStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.evaluation import views
from workflows.models import EvaluationProcess

DUE = "evaluation__officer_due_on"


class EvaluationFlow(BureauFlow):
    """评估：申请与自评 → 资格审核 → 组建评估组 → 实地评估打分 → 评估委员会拟定等级 → 公示 → 异议处理 → 公告。

    The revised 办法 (from 1 March 2026) has no review committee: the evaluation committee handles the
    objections; rounds opened earlier keep the 2010 review committee (复核委员会) in the same step.
    """

    process_class = EvaluationProcess
    process_title = _("社会组织评估")
    process_description = _("规范化建设评估：资格审核、第三方评估、拟定等级、公示、异议处理与公告")
    summary_template = "{{ process.evaluation }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("申请评估并提交自评")).Next(this.eligibility)
    eligibility = (
        OfficerTask(views.EligibilityView.as_view(), role=OfficerRole.EVALUATOR, due=DUE)
        .Annotation(title=_("资格审核"), description=_("核实登记满两年、未受处罚等申请条件；不符合的说明理由"))
        .Next(this.after_eligibility)
    )
    after_eligibility = (
        flow.If(subject_in("status", EvaluationStatus.REFUSED))
        .Annotation(title=_("资格审核结果"))
        .Then(this.refused)
        .Else(this.team)
    )
    team = (
        OfficerTask(views.TeamView.as_view(), role=OfficerRole.EVALUATOR, due=DUE)
        .Annotation(title=_("组建评估组"), description=_("从第三方评估专家库选派评估组并指定组长"))
        .Next(this.scoring)
    )
    scoring = flow.Handle().Annotation(title=_("实地评估与打分")).Next(this.committee)
    committee = (
        OfficerTask(views.CommitteeView.as_view(), role=OfficerRole.APPROVER, due=DUE)
        .Annotation(title=_("评估委员会审议"), description=_("按总分拟定等级，调整的须记录理由"))
        .Next(this.notice)
    )
    notice = flow.Handle().Annotation(title=_("公示")).Next(this.after_notice)
    after_notice = (
        flow.If(subject_in("status", EvaluationStatus.REVIEW))
        .Annotation(title=_("公示有无异议"))
        .Then(this.review)
        .Else(this.announce)
    )
    review = (
        OfficerTask(views.ReviewView.as_view(), role=OfficerRole.APPROVER, due=DUE)
        .Annotation(
            title=_("异议处理"),
            description=_("评估委员会处理异议和申诉，确定等级（2026年3月1日前开启的轮次由复核委员会复核）"),
        )
        .Next(this.announce)
    )
    announce = flow.Handle().Annotation(title=_("公告")).Next(this.announced)
    announced = flow.End().Annotation(title=_("评估办结"))
    refused = flow.End().Annotation(title=_("不予受理"))

    def start_process(self, activation, evaluation):
        activation.process.evaluation = evaluation
        activation.process.jurisdiction = evaluation.round.jurisdiction
        return activation.process
