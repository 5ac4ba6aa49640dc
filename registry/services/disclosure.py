"""Showing a person's full resident ID number to the bureau's officers, each showing logged.

Everywhere else an ID number is masked (first 3 and last 2 characters). The officers who handle an
application at its bureau may need the full number, to check identity; they ask for it on the case
page, and every number shown is written to the append-only `IdNumberDisclosure` log, which the
bureau's section head reads.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import DisclosurePurpose, IdNumberDisclosure, OfficerAssignment, RegistrationApplication, seal
from registry.rules.idcards import mask_id_number
from registry.selectors import application_people
from registry.services import policy


def _roles_at(user, jurisdiction) -> list[str]:
    """The roles `user` holds at `jurisdiction`, as written in the log."""
    if user.is_superuser:
        return ["superuser"]
    return sorted(OfficerAssignment.objects.filter(user=user, jurisdiction=jurisdiction).values_list("role", flat=True))


def id_numbers_disclose(*, application: RegistrationApplication, by, purpose: str = DisclosurePurpose.VIEW):
    """Return the full ID numbers of the application's people to an officer of its bureau, logging each one."""
    policy.require_officer(
        by, application.jurisdiction, message=_("只有本登记管理机关的工作人员可以查看完整身份证号码。")
    )
    people = application_people(application)
    _log(people, by=by, jurisdiction=application.jurisdiction, case_reference=application.reference, purpose=purpose)
    return people


def people_disclose(*, people: list, jurisdiction, case_reference: str, by, purpose: str = DisclosurePurpose.VIEW):
    """Return the full ID numbers of `people` (Disclosed) of a case of `jurisdiction` to one of its officers, logged."""
    policy.require_officer(by, jurisdiction, message=_("只有本登记管理机关的工作人员可以查看完整身份证号码。"))
    _log(people, by=by, jurisdiction=jurisdiction, case_reference=case_reference, purpose=purpose)
    return people


def _log(people, *, by, jurisdiction, case_reference: str, purpose: str) -> None:
    roles = _roles_at(by, jurisdiction)
    with transaction.atomic():
        disclosures = [
            IdNumberDisclosure(
                by=by,
                roles=",".join(roles),
                jurisdiction=jurisdiction,
                purpose=DisclosurePurpose(purpose),
                case_reference=case_reference,
                person_name=person.name,
                person_role=person.person_role,
                id_number_masked=mask_id_number(person.id_number),
            )
            for person in people
        ]
        seal(disclosures)
        IdNumberDisclosure.objects.bulk_create(disclosures)
