"""Reads of ID-number disclosures: whose numbers an application may show, and the log an officer may read."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import IdNumberDisclosure, OfficerAssignment, RegistrationApplication


@dataclass(frozen=True)
class Disclosed:
    person_role: str
    name: str
    id_number: str


def application_people(application: RegistrationApplication) -> list[Disclosed]:
    """The legal representative and principal officers named in the application, with full ID numbers."""
    people = []
    if application.legal_rep_id_number:
        people.append(Disclosed(str(_("法定代表人")), application.legal_rep_name, application.legal_rep_id_number))
    people += [Disclosed(officer.position, officer.name, officer.id_number) for officer in application.officers.all()]
    return people


def disclosures_visible_to(user):
    """The log of the bureaus where `user` is the section head (核准岗); everything for a superuser."""
    log = IdNumberDisclosure.objects.select_related("by", "jurisdiction")
    if user.is_superuser:
        return log
    heads_of = OfficerAssignment.objects.filter(user=user, role=OfficerRole.APPROVER).values("jurisdiction_id")
    return log.filter(jurisdiction__in=heads_of)
