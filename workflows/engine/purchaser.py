"""A step done by the staff of the purchasing unit that published the call (the purchaser's wall), not by a role
at a registration authority."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow

from registry.selectors.purchase import acts_for_unit
from workflows.engine.nodes import OfficerTask
from workflows.models import BureauProcess


class PurchaserRole:
    """What process lists show as the role that may claim a purchaser's step."""

    label = _("购买主体工作人员")


def process_unit(process):
    """The purchasing unit whose call the process's application answers."""
    bureau_process = BureauProcess.objects.select_related("purchase_application__call__unit").get(pk=process.pk)
    return bureau_process.purchase_application.call.unit


class PurchaserTask(OfficerTask):
    """A human step for the staff of the call's purchasing unit, safe under races like every officer's step."""

    def __init__(self, view, **kwargs):
        flow.View.__init__(self, view, **kwargs)
        self.role = PurchaserRole
        self.due = ""
        # The unit's staff hold this object permission on their unit (it puts the task in their inbox).
        self.Permission("registry.act_for_unit", obj=process_unit)

    def due_on(self, subject):
        return None

    def can_hold(self, user, task) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return acts_for_unit(user, process_unit(task.process))
