"""The shape every one-button action on an organization's portal page shares."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect


def portal_action(request, action, *, success: str):
    """Run `action` (a service call) and go back to the portal with its outcome as a message.

    A refusal of permission is a 404 (the record is not the user's to see); a refused input is shown and
    changes nothing, since the service rolls back.
    """
    try:
        action()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect("portal")
