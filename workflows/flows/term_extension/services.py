"""Applying for an extension from the portal starts its process, all or nothing."""

from django.db import transaction

from registry.services.elections import extension_apply
from workflows.flows.term_extension import TermExtensionFlow


def term_extension_start(**fields):
    """Apply for the extension (`registry.services.elections.extension_apply`) and start its process together."""
    with transaction.atomic():
        extension = extension_apply(**fields)
        TermExtensionFlow.start.run(extension=extension)
    return extension
