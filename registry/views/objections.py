"""The public objection forms' common handling: rate limit, filing through a service, errors, message, redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from registry.ratelimit import client_address, objection_refused


def objection_post(
    request, form, *, filing: Callable, message: str, redirect_to: str, **redirect_kwargs
) -> tuple[HttpResponse | None, int]:
    """File the objection a posted public form holds through `filing` (a service taking the form's cleaned data
    and `filed_from` as keyword arguments). On success: the success `message` (formatted with the objection's
    number) and a redirect to `redirect_to`. Otherwise no response and the status the page is shown with: 429
    over the hourly limit, 400 with the form's or the service's errors on the form."""
    if objection_refused(request, form):
        return None, 429
    if form.is_valid():
        try:
            objection = filing(**form.cleaned_data, filed_from=client_address(request))
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, message % {"number": objection.pk})
            return redirect(redirect_to, **redirect_kwargs), 302
    return None, 400
