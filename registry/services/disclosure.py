"""Showing a person's full resident ID number to the bureau's officers, each showing logged.

Everywhere else an ID number is masked (first 3 and last 2 characters). The officers who handle an
application at its bureau may need the full number, to check identity; they ask for it on the case
page, and every number shown is written to the append-only `IdNumberDisclosure` log, which the
bureau's section head reads.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import DisclosurePurpose, IdNumberDisclosure, OfficerAssignment, RegistrationApplication
from registry.rules.idcards import mask_id_number
from registry.services import policy


@dataclass(frozen=True)
class Disclosed:
    person_role: str
    name: str
    id_number: str


def _roles_at(user, jurisdiction) -> list[str]:
    """The roles `user` holds at `jurisdiction`, as written in the log."""
    if user.is_superuser:
        return ["superuser"]
    return sorted(OfficerAssignment.objects.filter(user=user, jurisdiction=jurisdiction).values_list("role", flat=True))


def application_people(application: RegistrationApplication) -> list[Disclosed]:
    """The legal representative and principal officers named in the application, with full ID numbers."""
    people = []
    if application.legal_rep_id_number:
        people.append(Disclosed(str(_("法定代表人")), application.legal_rep_name, application.legal_rep_id_number))
    people += [Disclosed(officer.position, officer.name, officer.id_number) for officer in application.officers.all()]
    return people


def id_numbers_disclose(*, application: RegistrationApplication, by, purpose: str = DisclosurePurpose.VIEW):
    """Return the full ID numbers of the application's people to an officer of its bureau, logging each one."""
    policy.require_officer(
        by, application.jurisdiction, message=_("只有本登记管理机关的工作人员可以查看完整身份证号码。")
    )
    roles = _roles_at(by, application.jurisdiction)
    people = application_people(application)
    with transaction.atomic():
        IdNumberDisclosure.objects.bulk_create(
            IdNumberDisclosure(
                by=by,
                roles=",".join(roles),
                jurisdiction=application.jurisdiction,
                purpose=DisclosurePurpose(purpose),
                case_reference=application.reference,
                person_name=person.name,
                person_role=person.person_role,
                id_number_masked=mask_id_number(person.id_number),
            )
            for person in people
        )
    return people


def disclosures_visible_to(user):
    """The log of the bureaus where `user` is the section head (核准岗); everything for a superuser."""
    log = IdNumberDisclosure.objects.select_related("by", "jurisdiction")
    if user.is_superuser:
        return log
    heads_of = OfficerAssignment.objects.filter(user=user, role=OfficerRole.APPROVER).values("jurisdiction_id")
    return log.filter(jurisdiction__in=heads_of)
