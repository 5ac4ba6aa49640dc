"""What the officers' Viewflow pages show of a process, for templates that get only the process."""

from django import template

from workflows.engine.summary import process_summaries

register = template.Library()


@register.simple_tag
def process_summary(process):
    """The process's file number, organization, current step, holder and deadline."""
    return process_summaries([process.coerced])[0]
