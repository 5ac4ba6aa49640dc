"""How pages name people: by their name, never by a login name when a name is known."""

from django import template

register = template.Library()


def person_name(user) -> str:
    """The person's full name, or their username when no name is recorded; empty for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter(name="person")
def person_filter(user) -> str:
    return person_name(user)
