"""What the officers' Viewflow pages show of a process, for templates that get only the process."""

from django import template

from registry.selectors.purchase import is_purchaser
from workflows.engine.summary import process_summaries

register = template.Library()


@register.simple_tag
def process_summary(process):
    """The process's file number, organization, current step, holder and deadline."""
    return process_summaries([process.coerced])[0]


@register.simple_tag
def works_for_purchaser(user) -> bool:
    """Whether the signed-in person acts for a purchasing unit (their calls and contracts go in the navigation)."""
    return bool(user and user.is_authenticated and is_purchaser(user))
