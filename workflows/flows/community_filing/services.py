"""Where the applicant and the street's officer meet the filing process: submit starts or resumes it, the
officer's decision completes its step, all in one transaction with the registry service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import CommunityGroup
from registry.services import community as services
from workflows.engine.runner import officer_task_complete, resume_waiting
from workflows.flows.community_filing import CommunityFilingFlow


def community_filing_submit(*, group: CommunityGroup, by) -> CommunityGroup:
    """Submit (or resubmit after a return) and start (or resume) the group's process, all or nothing."""
    with transaction.atomic():
        group, resubmitted = services.community_group_submit(group=group, by=by)
        if resubmitted:
            resume_waiting(group, CommunityFilingFlow.correct)
        else:
            CommunityFilingFlow.start.run(group=group)
    return group


def open_decision_task(group: CommunityGroup) -> Task | None:
    return Task.objects.filter(
        process__bureauprocess__community_group=group,
        flow_task=CommunityFilingFlow.decide,
        status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
    ).first()


def community_filing_decide(*, group: CommunityGroup, by, decision: str, reasons: str = "") -> CommunityGroup:
    """The street's officer files the group or returns it with reasons; the step completes with it.

    Two officers deciding at once: the process and the group are locked, so the second finds the filing
    already decided and is refused; nothing of theirs is written.
    """
    services.require_street_officer(by, group.subdistrict)
    if decision not in ("file", "return"):
        raise ValidationError(_("请选择办理结论。"))
    task = open_decision_task(group)
    if task is None:
        raise ValidationError(_("该备案当前不在待办理状态（可能已由他人办理）。"))

    def decide(subject):
        if decision == "file":
            services.community_group_file(group=subject, by=by)
        else:
            services.community_group_return(group=subject, by=by, reasons=reasons)

    # Not inside a transaction of our own: the flow's lock opens the outermost one and retries on contention.
    try:
        officer_task_complete(task=task, by=by, decide=decide)
    except (PermissionDenied, FlowLockFailed) as exc:
        # Another officer of the street holds or finished the task.
        raise ValidationError(_("该备案已由其他工作人员办理，您的操作未生效。")) from exc
    group.refresh_from_db()
    return group
