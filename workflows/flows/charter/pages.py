"""Officers' pages of charter approval outside the steps: extending the period to decide."""

from registry.models import CharterApplication
from registry.services.charter_review import charter_extend
from workflows.engine.extension import ExtendDeadlineView


class ExtendView(ExtendDeadlineView):
    """POST: the section head records the head's approval to extend the period to decide (行政许可法 第四十二条)."""

    model = CharterApplication
    extend = staticmethod(charter_extend)
