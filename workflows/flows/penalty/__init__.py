"""行政处罚: filing, investigation, advance notice and its service, statement and hearing, legal review,
collective discussion, the head's decision, service, execution, closing.

Started by `registry.services.penalty_cases.open_case` (an officer's own finding, a spot check, a complaint, or
the dormancy cleanup proposing revocation). The organization states its case and asks for a hearing from
its portal within 5 working days of the notice's service; the bureau's head decides (行政处罚法 第五十七条),
after a legal review where 第五十八条 asks for one and a collective discussion in serious cases. The decision
is due 90 days after filing (a setting, extendable), served within 7 working days, a fine paid 15 days after
service.
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
    """行政处罚：立案 → 调查 → 告知送达 → 陈述申辩（听证）→ 法制审核 → 集体讨论 → 决定 → 送达 → 执行 → 结案。"""

    process_class = PenaltyProcess
    process_title = _("行政处罚")
    process_description = _("立案、调查、告知、听证、法制审核、集体讨论、决定、送达、执行、结案")
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
        .Then(this.serve_notice)
        .Else(this.dropped)
    )
    serve_notice = (
        OfficerTask(views.ServeNoticeView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(
            title=_("告知书送达"),
            description=_(
                "记录送达方式和日期（直接、邮寄、电子、公告；公告自发布之日起经过30日视为送达）；"
                "陈述申辩期自送达之日起计5个工作日"
            ),
        )
        .Next(this.review)
    )
    review = (
        OfficerTask(views.ReviewStatementView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(
            title=_("陈述申辩复核"),
            description=_(
                "陈述申辩期满（或当事人已陈述且未要求听证）后复核；要求听证的，提前7个工作日通知，"
                "由非调查人员主持，笔录经当事人签字"
            ),
        )
        .Next(this.needs_legal_review)
    )
    needs_legal_review = (
        flow.If(subject_in("legal_review_required", True))
        .Annotation(title=_("是否需要法制审核"))
        .Then(this.legal_review)
        .Else(this.needs_discussion)
    )
    legal_review = (
        OfficerTask(views.LegalReviewView.as_view(), role=OfficerRole.REVIEWER, due=DUE)
        .Annotation(
            title=_("法制审核"),
            description=_("涉及重大公共利益、经过听证或案情疑难复杂的，由未参与调查的审核人员进行法制审核"),
        )
        .Next(this.needs_discussion)
    )
    needs_discussion = (
        flow.If(subject_in("discussion_required", True))
        .Annotation(title=_("是否需要集体讨论"))
        .Then(this.discuss)
        .Else(this.decide)
    )
    discuss = (
        OfficerTask(views.DiscussionView.as_view(), role=OfficerRole.HEAD, due=DUE)
        .Annotation(
            title=_("集体讨论"),
            description=_("撤销登记、限期停止活动、较大数额罚没款等重大案件，由机关负责人集体讨论，记录参加人员"),
        )
        .Next(this.decide)
    )
    decide = (
        OfficerTask(views.DecideView.as_view(), role=OfficerRole.HEAD, due=DUE)
        .Annotation(
            title=_("处罚决定"),
            description=_("机关负责人在陈述申辩期满后作出行政处罚决定（可并处，不得重于告知的处罚），或不予处罚"),
        )
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
        .Annotation(
            title=_("送达"),
            description=_("决定后7个工作日内送达；送达之日起生效：信用名单、评估等级、停止活动或撤销登记"),
        )
        .Next(this.execute)
    )
    execute = (
        OfficerTask(views.ExecuteView.as_view(), role=OfficerRole.INSPECTOR, due=DUE)
        .Annotation(
            title=_("执行"), description=_("罚款自送达之日起15日内缴纳；没收、停止活动期满或撤销登记的执行情况")
        )
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
