"""Starting and ending cleanup processes: open a case with its process, end cases when the organization deregisters."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import DormancyCase, DormancyStatus
from registry.models.dormancy import OPEN_STATUSES
from registry.services import policy
from registry.services.dormancy import dormancy_case_open
from workflows.engine.runner import cancel_process
from workflows.flows.dormancy import DormancyFlow
from workflows.models import BureauProcess


def dormancy_case_start(*, case, by):
    """Open a cleanup case: publish its notice and start the cleanup process, all or nothing."""

    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR)
    with transaction.atomic():
        opened = dormancy_case_open(case=case, by=by)
        DormancyFlow.start.run(case=opened)
    return opened


def cleanup_cases_end_with_deregistration(*, organization, by) -> int:
    """An organization under cleanup deregistered itself: its open cases end, their processes are cancelled.

    Part of issuing the deregistration, so the window officer who issues it (发证) acts.
    """

    policy.require_role(by, organization.jurisdiction, OfficerRole.WINDOW)
    ended = 0
    with transaction.atomic():
        for case in DormancyCase.objects.select_for_update(of=("self",)).filter(
            organization=organization, status__in=OPEN_STATUSES
        ):
            for process in BureauProcess.objects.filter(dormancy_case=case, finished__isnull=True):
                cancel_process(process)
            case.status = DormancyStatus.DEREGISTERED
            case.decided_on = timezone.localdate()
            case.decision = _("组织已申请注销登记。")
            case.save(update_fields=["status", "decided_on", "decision"])
            ended += 1
    return ended
