"""The record every step of a registration application leaves (办理记录), and the state check each step runs."""

from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import ApplicationEvent, RegistrationApplication
from registry.services.guards import require_state

Action = ApplicationEvent.Action


def require_application_state(application: RegistrationApplication, *allowed: str) -> None:
    """Refuse unless the application is in one of `allowed` (it may have moved on in another window)."""
    require_state(
        application,
        *allowed,
        message=_("该申请当前状态为“%(status)s”，不能办理此事项（可能已由他人处理，请刷新）。"),
    )


def event_record(application, *, by, action, role="", reason="", internal_note="", items=()) -> ApplicationEvent:
    """Append one step to the application's record: who, in which role (a role code), did what, and why."""
    return ApplicationEvent.objects.create(
        application=application,
        by=by,
        role=OfficerRole(role) if role else "",
        action=action,
        reason=reason,
        internal_note=internal_note,
        items=list(items),
    )
