"""Officers' pages of branch approvals outside the steps: extending the period to decide."""

from registry.models import BranchApplication
from registry.services.branches import branch_extend
from workflows.engine.extension import ExtendDeadlineView


class ExtendView(ExtendDeadlineView):
    """POST: the section head records the head's approval to extend an approval's period (行政许可法 第四十二条)."""

    model = BranchApplication
    jurisdiction_lookup = "organization__jurisdiction"
    extend = staticmethod(branch_extend)
