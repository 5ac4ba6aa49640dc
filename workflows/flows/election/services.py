"""Submitting an election filing from the portal starts its process, all or nothing."""

from django.db import transaction

from registry.services.elections import election_files_discard, election_submit
from workflows.flows.election import ElectionFlow


def election_filing_start(**fields):
    """File the election (`registry.services.elections.election_submit`) and start its process together.

    If the process cannot start, the filing is rolled back and the files it stored are removed with it.
    """
    election = None
    try:
        with transaction.atomic():
            election = election_submit(**fields)
            ElectionFlow.start.run(election=election)
    except BaseException:
        if election is not None:
            election_files_discard(election)
        raise
    return election
