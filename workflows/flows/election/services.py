"""Submitting an election filing from the portal starts its process, all or nothing."""

from django.db import transaction

from registry.services.elections import election_submit
from workflows.flows.election import ElectionFlow


def election_filing_start(**fields):
    """File the election (`registry.services.elections.election_submit`) and start its process together."""
    with transaction.atomic():
        election = election_submit(**fields)
        ElectionFlow.start.run(election=election)
    return election
