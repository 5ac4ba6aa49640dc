"""Where a requester meets the archive process: the request starts it."""

from django.db import transaction

from registry.models import ArchiveRequest
from registry.services.archive_requests import archive_request_submit
from workflows.flows.archive import ArchiveRequestFlow


def archive_request_apply(**fields) -> ArchiveRequest:
    """Submit an archive request and start its process, all or nothing."""

    with transaction.atomic():
        request = archive_request_submit(**fields)
        ArchiveRequestFlow.start.run(request=request)
    return request
