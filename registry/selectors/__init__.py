"""Reads of the register, one module per concept; the public names are re-exported here."""

from registry.selectors.certificates import certificate_for_token, verification_state
from registry.selectors.disclosure import Disclosed, application_people, disclosures_visible_to
from registry.selectors.elections import (
    OverdueElection,
    Term,
    chair_legal_rep_notes,
    current_term,
    departure_audit_filed,
    overdue_elections,
    serving_officers,
)
from registry.selectors.evaluation import assigned_applications, eligibility_of
from registry.selectors.notices import NOTICE_KINDS, Notice, public_notices
from registry.selectors.penalties import officers_of, public_penalties
from registry.selectors.register import (
    FREED_BY_RENAME_OR_DEREGISTRATION_YEARS,
    FREED_BY_REVOCATION_YEARS,
    application_for_progress,
    deadline_after,
    evaluation_part_totals,
    legal_rep_other_org_types,
    name_blocked_reasons,
    name_conflicts,
    officer_jurisdictions,
    overdue_annual_reports,
    public_organizations,
    purchase_of_service_problems_of,
    similar_organizations,
    unpublished_years,
    work_calendar,
    working_days_left,
)
from registry.selectors.supervision import campaign_candidates, complaint_lookup, supervision_jurisdictions

__all__ = [
    "OverdueElection",
    "Term",
    "chair_legal_rep_notes",
    "current_term",
    "departure_audit_filed",
    "overdue_elections",
    "serving_officers",
    "Disclosed",
    "FREED_BY_RENAME_OR_DEREGISTRATION_YEARS",
    "FREED_BY_REVOCATION_YEARS",
    "NOTICE_KINDS",
    "Notice",
    "application_for_progress",
    "application_people",
    "assigned_applications",
    "campaign_candidates",
    "certificate_for_token",
    "complaint_lookup",
    "deadline_after",
    "disclosures_visible_to",
    "eligibility_of",
    "evaluation_part_totals",
    "legal_rep_other_org_types",
    "name_blocked_reasons",
    "name_conflicts",
    "officer_jurisdictions",
    "officers_of",
    "overdue_annual_reports",
    "public_notices",
    "public_organizations",
    "public_penalties",
    "purchase_of_service_problems_of",
    "similar_organizations",
    "supervision_jurisdictions",
    "unpublished_years",
    "verification_state",
    "work_calendar",
    "working_days_left",
]
