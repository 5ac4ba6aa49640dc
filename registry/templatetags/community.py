"""`{% guided_groups org %}`: the filed community groups a hub organization guides, on its public page."""

from django import template

from registry.selectors.community import guided_groups as guided_groups_of

register = template.Library()


@register.inclusion_tag("registry/community/_guided_groups.html")
def guided_groups(organization):
    return {"groups": list(guided_groups_of(organization)[:200])}
