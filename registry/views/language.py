"""The language switcher: the same page in the chosen language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request):
    """Set the language and go to the page asked for, translated from the language its own URL is in.

    Django translates `next` by resolving it in the language of this request, which is the cookie's or
    the browser's; `/en/...` does not resolve under Chinese, so the visitor stayed on the English page.
    """
    path = urlsplit(request.POST.get("next", "")).path
    source = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(source):
        return django_set_language(request)
