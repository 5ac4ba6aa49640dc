"""Submitting a principal-officer filing from the portal starts its process, all or nothing."""

from django.db import transaction

from registry.services.officer_filings import officer_filing_submit
from workflows.flows.officer_filing import OfficerFilingFlow


def officer_filing_start(**fields):
    """Submit the filing (`registry.services.officer_filings.officer_filing_submit`) and start its process."""
    with transaction.atomic():
        filing = officer_filing_submit(**fields)
        OfficerFilingFlow.start.run(filing=filing)
    return filing
