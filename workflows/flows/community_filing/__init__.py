"""社区社会组织备案: a community group files online with its street office or town; the street's officer files
it (with a filing number) or returns it with reasons, within REGISTRY_COMMUNITY_FILING_DAYS working days
(民政部关于大力培育发展社区社会组织的意见, 民发〔2017〕191号). A returned filing waits for the applicant's
correction and comes back to the street.

The street's officers are not the bureau's: they work the step from their own page (`pages.py`), which
completes the task under the process lock through `services.py`.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.models import CommunityGroupStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.flows.community_filing import views
from workflows.models import CommunityFilingProcess


class StreetOfficerTask(flow.View):
    """A step for the officers of the group's street office or town, and no one else."""

    due = "community_group__due_on"

    def __init__(self, view, **kwargs):
        super().__init__(view, **kwargs)
        # A permission the bureau's officers do not hold: the task stays out of their inboxes (Viewflow lists
        # tasks without one to everybody); the street's officers are let in by `can_hold` below.
        self.Permission("registry.change_communitygroup")

    def due_on(self, subject):
        return subject.due_on

    def can_hold(self, user, task) -> bool:
        return views.holds_street(user, task.process_id)

    def can_assign(self, user, task):
        return task.owner_id is None and self.can_hold(user, task)

    def can_execute(self, user, task):
        return super().can_execute(user, task) and self.can_hold(user, task)


class CommunityFilingFlow(BureauFlow):
    """社区社会组织备案：网上提交 → 街道（乡镇）备案或退回修改 → 备案。"""

    process_class = CommunityFilingProcess
    process_title = _("社区社会组织备案")
    process_description = _("社区社会组织向街道办事处、乡镇人民政府备案")
    summary_template = "{{ process.community_group }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("网上提交")).Next(this.decide)
    decide = (
        StreetOfficerTask(views.DecideRedirectView.as_view())
        .Annotation(title=_("街道（乡镇）备案"), description=_("符合条件的予以备案并编号；不符合的退回修改并说明理由"))
        .Next(this.after_decide)
    )
    after_decide = (
        flow.If(subject_in("status", CommunityGroupStatus.FILED))
        .Annotation(title=_("是否备案"))
        .Then(this.filed)
        .Else(this.correct)
    )
    correct = flow.Handle().Annotation(title=_("申请人修改后重新提交")).Next(this.decide)
    filed = flow.End().Annotation(title=_("已备案"))

    def start_process(self, activation, group):
        activation.process.community_group = group
        activation.process.jurisdiction = group.subdistrict.district
        return activation.process
