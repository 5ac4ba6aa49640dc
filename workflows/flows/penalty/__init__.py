"""行政处罚: filing, investigation, advance notice, statement and hearing, decision, service, execution, closing.

Started by `registry.services.penalty_cases.open_case` (an officer's own finding, a spot check, a complaint, or
the dormancy cleanup proposing revocation). The organization states its case and asks for a hearing from
its portal, between the investigation and the review; the decision is due 90 days after filing (a
setting, extendable), service 7 days after the decision, a fine 15 days after service.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.rules.penalties import CaseStage
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.penalty import views
from workflows.models import PenaltyProcess

DUE = "penalty_case__step_due_on"


class PenaltyFlow(BureauFlow):
    """行政处罚：立案 → 调查 → 告知 → 陈述申辩复核（听证）→ 决定 → 送达 → 执行 → 结案。"""

    process_class = PenaltyProcess
    process_title = _("行政处罚")
    process_description = _("立案、调查、告知、听证、决定、送达、执行、结案")
    summary_template = "{{ process.penalty_case }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("立案")).Next(this.approve_filing)
    approve_filing = (
        OfficerTask(views.ApproveFilingView.as_view(), role=OfficerRole.APPROVER, due=DUE)
        .Annotation(title=_("立案审批"), description=_("科长批准立案，或不予立案"))
        .Next(this.after_filing)
    )
    after_filing = (
        flow.If(subject_in("stage", CaseStage.INVESTIGATING))
        .Annotation(title=_("是否准予立案"))
        .Then(this.investigate)
        .Else(this.not_filed)
    )
    investigate = (
        OfficerTask(views.InvestigateView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(
            title=_("调查取证与告知"),
            description=_("两名执法人员调查、上传证据；拟处罚的，告知当事人处罚内容及陈述、申辩、听证的权利"),
        )
        .Next(this.after_investigation)
    )
    after_investigation = (
        flow.If(subject_in("stage", CaseStage.NOTIFIED))
        .Annotation(title=_("是否拟予处罚"))
        .Then(this.review)
        .Else(this.dropped)
    )
    review = (
        OfficerTask(views.ReviewStatementView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(
            title=_("陈述申辩复核"),
            description=_("陈述申辩期满（或当事人已陈述且未要求听证）后复核；要求听证的，组织听证并记录"),
        )
        .Next(this.decide)
    )
    decide = (
        OfficerTask(views.DecideView.as_view(), role=OfficerRole.APPROVER, due=DUE)
        .Annotation(title=_("处罚决定"), description=_("科长作出行政处罚决定（不得重于告知的处罚），或不予处罚"))
        .Next(this.after_decision)
    )
    after_decision = (
        flow.If(subject_in("stage", CaseStage.DECIDED))
        .Annotation(title=_("是否作出处罚决定"))
        .Then(this.serve)
        .Else(this.dropped)
    )
    serve = (
        OfficerTask(views.ServeView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(title=_("送达"), description=_("决定书送达之日起生效：信用名单、评估等级、停止活动或撤销登记"))
        .Next(this.execute)
    )
    execute = (
        OfficerTask(views.ExecuteView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(title=_("执行"), description=_("罚款缴纳、没收、停止活动期满或撤销登记的执行情况"))
        .Next(this.close)
    )
    close = (
        OfficerTask(views.CloseView.as_view(), role=OfficerRole.APPROVER, due=DUE)
        .Annotation(title=_("结案"))
        .Next(this.closed)
    )
    closed = flow.End().Annotation(title=_("已结案"))
    not_filed = flow.End().Annotation(title=_("不予立案"))
    dropped = flow.End().Annotation(title=_("不予处罚"))

    def start_process(self, activation, case):
        activation.process.penalty_case = case
        activation.process.jurisdiction = case.organization.jurisdiction
        return activation.process
