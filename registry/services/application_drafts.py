"""The applicant's side of a registration application: open, fill in, attach, submit, withdraw and rate it.

Each write checks that the user is the applicant and the application's current status under a row lock,
so a double click, a back button or a second window can never move it twice.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus, OrgType
from registry.models import (
    ApplicationDocument,
    ApplicationKind,
    ApplicationStatus,
    DocumentRequirement,
    Jurisdiction,
    Organization,
    OrganizationOfficer,
    PrincipalOfficer,
    RegistrationApplication,
    ServiceRating,
)
from registry.models.application import EDITABLE_STATUSES, FINAL_STATUSES
from registry.rules.conditions import establishment_window_errors, foundation_authority_errors
from registry.rules.idcards import normalize_id_number
from registry.rules.person_names import normalize_person_name, person_name_errors
from registry.rules.query_codes import application_code_key, query_code_digest
from registry.selectors import deadline_after, working_days_left
from registry.services.application_checks import (
    APPLICANT_FIELDS,
    PREPARATION_FIELDS,
    REGISTERED_FIELDS,
    application_problems,
    decision_due,
    required_documents,
)
from registry.services.application_events import Action, event_record, require_application_state
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.guards import locked, require_state
from registry.services.notifications import notify_applicant
from registry.services.policy import require_applicant, require_representative

# What a write to the application reads besides the row itself.
RELATED = ("jurisdiction", "applicant", "preparation")


def application_start(
    *,
    applicant,
    org_type: str,
    jurisdiction: Jurisdiction,
    create_token: uuid.UUID,
    preparation: RegistrationApplication | None = None,
) -> RegistrationApplication:
    """Open a draft; the same token (a form sent twice) returns the draft already opened."""
    existing = RegistrationApplication.objects.filter(create_token=create_token).first()
    if existing is not None:
        require_applicant(applicant, existing)
        return existing
    errors = foundation_authority_errors(org_type=org_type, level=jurisdiction.level)
    if errors:
        raise ValidationError(errors)
    if preparation is not None:
        require_applicant(applicant, preparation)
        if not settings.REGISTRY["ASSOCIATION_PREPARATION"]:
            raise ValidationError(_("社会团体一次申请登记，本机关不设筹备阶段。"))
        if preparation.kind != ApplicationKind.PREPARATION or preparation.status != ApplicationStatus.COMPLETED:
            raise ValidationError(_("只有已准予筹备的社会团体才能申请成立登记。"))
        errors = establishment_window_errors(
            preparation_approved_on=timezone.localtime(preparation.decided_at).date(),
            today=timezone.localdate(),
            months=settings.REGISTRY["PREPARATION_MONTHS"],
        )
        if errors:
            raise ValidationError(errors)
        live = preparation.establishments.exclude(
            status__in=[ApplicationStatus.REFUSED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
        )
        if live.exists():
            return live.first()
        org_type, jurisdiction, kind = preparation.org_type, preparation.jurisdiction, ApplicationKind.ESTABLISHMENT
    elif OrgType(org_type) == OrgType.SOCIAL_ASSOCIATION and settings.REGISTRY["ASSOCIATION_PREPARATION"]:
        # 社会团体登记管理条例 (2016 revision) 第九条: one application for registration; preparation is
        # only a local stage a bureau may keep (REGISTRY_ASSOCIATION_PREPARATION, default off).
        kind = ApplicationKind.PREPARATION
    else:
        kind = ApplicationKind.REGISTRATION
    application = RegistrationApplication(
        applicant=applicant,
        create_token=create_token,
        kind=kind,
        org_type=org_type,
        jurisdiction=jurisdiction,
        preparation=preparation,
    )
    if preparation is not None:
        for field in PREPARATION_FIELDS:
            setattr(application, field, getattr(preparation, field))
        application.individual_members = preparation.individual_members
        application.unit_members = preparation.unit_members
    with transaction.atomic():
        application.save()
        if preparation is not None:
            PrincipalOfficer.objects.bulk_create(
                PrincipalOfficer(
                    application=application,
                    position=o.position,
                    name=o.name,
                    id_number=o.id_number,
                    full_time=o.full_time,
                )
                for o in preparation.officers.all()
            )
    return application


def application_start_change(
    *, applicant, organization: Organization, create_token: uuid.UUID, kind: str = ApplicationKind.CHANGE
) -> RegistrationApplication:
    """Open a change (or deregistration) application for an organization the applicant acts for, prefilled."""
    existing = RegistrationApplication.objects.filter(create_token=create_token).first()
    if existing is not None:
        require_applicant(applicant, existing)
        return existing
    require_representative(applicant, organization, message=_("您不能以该组织的名义办理。"))
    if kind not in (ApplicationKind.CHANGE, ApplicationKind.DEREGISTRATION):
        raise ValueError(f"not an application of a registered organization: {kind}")
    if organization.status != OrgStatus.NORMAL:
        raise ValidationError(_("只有正常登记的组织才能申请变更登记或注销登记。"))
    live = RegistrationApplication.objects.filter(organization=organization, kind=kind).exclude(
        status__in=FINAL_STATUSES
    )
    if live.exists():
        return live.first()
    application = RegistrationApplication(
        applicant=applicant,
        create_token=create_token,
        kind=kind,
        org_type=organization.org_type,
        jurisdiction=organization.jurisdiction,
        organization=organization,
        **{field: getattr(organization, field) for field in REGISTERED_FIELDS},
    )
    with transaction.atomic():
        application.save()
        if kind == ApplicationKind.CHANGE:
            # The change starts from the officers on record; the applicant edits only what changes.
            PrincipalOfficer.objects.bulk_create(
                PrincipalOfficer(application=application, **officer) for officer in current_officers(organization)
            )
    return application


def current_officers(organization: Organization) -> list[dict]:
    """The organization's principal officers on record: the register's list, else its last approved application's."""
    fields = ("position", "name", "id_number", "full_time")
    recorded = OrganizationOfficer.objects.filter(organization=organization, left_on__isnull=True).values(*fields)
    if recorded:
        return list(recorded)
    last = (
        RegistrationApplication.objects.filter(organization=organization, status=ApplicationStatus.COMPLETED)
        .exclude(kind=ApplicationKind.DEREGISTRATION)
        .filter(officers__isnull=False)
        .order_by("-decided_at", "-pk")
        .first()
    )
    return list(last.officers.values(*fields)) if last is not None else []


def application_update(*, application: RegistrationApplication, by, **fields) -> RegistrationApplication:
    """Save the applicant's particulars to the draft (or the application under correction)."""
    require_applicant(by, application)
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not an applicant field: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, *EDITABLE_STATUSES)
        if current.kind == ApplicationKind.ESTABLISHMENT:
            # The establishment registers what preparation approved; the name and type stay as approved.
            fields.pop("name", None)
        for field, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if field == "legal_rep_id_number":
                value = normalize_id_number(value)
            if field == "legal_rep_name" and value:
                value = normalize_person_name(value)
                if errors := person_name_errors(value):
                    raise ValidationError({"legal_rep_name": errors})
            setattr(current, field, value)
        current.full_clean(exclude=["applicant", "jurisdiction", "preparation", "organization"])
        current.save()
    return current


def officers_replace(*, application: RegistrationApplication, by, officers: list[dict]) -> None:
    """Replace the list of proposed principal officers."""
    require_applicant(by, application)
    for officer in officers:
        if errors := person_name_errors(officer["name"]):
            raise ValidationError({"name": errors})
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, *EDITABLE_STATUSES)
        current.officers.all().delete()
        PrincipalOfficer.objects.bulk_create(
            PrincipalOfficer(
                application=current,
                position=o["position"].strip(),
                name=normalize_person_name(o["name"]),
                id_number=normalize_id_number(o["id_number"]),
                full_time=bool(o.get("full_time")),
            )
            for o in officers
        )


def document_path(document: ApplicationDocument):
    return private_path("applications", document.stored_name)


def document_attach(
    *, application: RegistrationApplication, requirement: DocumentRequirement, uploaded, by
) -> ApplicationDocument:
    """Store an uploaded document (PDF, JPEG or PNG by content) in place of an earlier one for the same item."""
    require_applicant(by, application)
    try:
        content, content_type = checked_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = ApplicationDocument(
        requirement=requirement,
        stored_name=new_stored_name(content_type),
        original_name=(uploaded.name or "")[-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    path = document_path(document)
    try:
        with transaction.atomic():
            current = locked(application, *RELATED)
            require_application_state(current, *EDITABLE_STATUSES)
            if requirement.pk not in {r.pk for r in required_documents(current)}:
                raise ValidationError({"file": [_("本申请不需要该项材料。")]})
            previous = list(ApplicationDocument.objects.filter(application=current, requirement=requirement))
            for old in previous:
                old.delete()
            document.application = current
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            document.save()
            transaction.on_commit(lambda: [document_path(old).unlink(missing_ok=True) for old in previous])
    except BaseException:
        # Nothing is saved: no row, and no file left behind.
        path.unlink(missing_ok=True)
        raise
    return document


def application_submit(*, application: RegistrationApplication, by, declared: bool) -> RegistrationApplication:
    """Submit the draft, or resubmit it after corrections; refused with every problem listed if incomplete.

    `declared`: the applicant ticked the declaration (承诺书) that what they filled in is true and valid.
    """
    require_applicant(by, application)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, *EDITABLE_STATUSES)
        problems = application_problems(current)
        if not declared:
            problems.append(_("请阅读并勾选承诺书：本人承诺所填信息及所交材料真实有效。"))
        if problems:
            raise ValidationError(problems)
        current.declared_at = timezone.now()
        today = timezone.localdate()
        resubmission = current.status == ApplicationStatus.CORRECTING
        if resubmission and current.accepted_on:
            # The clock stood still from the correction request until today (DOMAIN: corrections stop the clock).
            current.paused_working_days += max(working_days_left(today, today=current.clock_stopped_on), 0)
            current.clock_stopped_on = None
            current.decision_due_on = decision_due(current)
            current.status = ApplicationStatus.ACCEPTED
        else:
            current.status = ApplicationStatus.SUBMITTED
            current.acceptance_due_on = deadline_after(today, settings.REGISTRY["ACCEPTANCE_WORKING_DAYS"]).due
        if current.submitted_at is None:
            current.submitted_at = timezone.now()
        current.save()
        event_record(current, by=by, action=Action.RESUBMITTED if resubmission else Action.SUBMITTED)
        notify_applicant(
            current,
            subject=_("已收到您的申请 %(ref)s") % {"ref": current.reference},
            template="emails/application_submitted.txt",
            context={"resubmission": resubmission},
        )
    return current


QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread on paper


def new_query_code() -> str:
    """A random 8-character code for the receipt; with the file number it opens the public progress page."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def application_query_code_issue(*, application: RegistrationApplication, by) -> str:
    """Give the submitted application a new query code and return it: only its hash is kept, so it is shown once.

    A code issued again replaces the old one, which stops opening the progress page.
    """
    require_applicant(by, application)
    with transaction.atomic():
        current = locked(application)
        if current.submitted_at is None:
            raise ValidationError(_("申请提交后才有查询码。"))
        code = new_query_code()
        current.query_code_digest = query_code_digest(application_code_key(current.pk), code)
        current.save(update_fields=["query_code_digest", "updated_at"])
    application.query_code_digest = current.query_code_digest
    return code


WITHDRAWABLE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CORRECTING,
    ApplicationStatus.ACCEPTED,
)


def application_withdraw(*, application: RegistrationApplication, by, reason: str = "") -> RegistrationApplication:
    """Withdraw the application before the decision (撤回); it stays on file, closed."""
    require_applicant(by, application)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, *WITHDRAWABLE_STATUSES)
        was_submitted = current.status != ApplicationStatus.DRAFT
        current.status = ApplicationStatus.WITHDRAWN
        current.clock_stopped_on = None
        current.decided_at = timezone.now()
        current.save()
        event_record(current, by=by, action=Action.WITHDRAWN, reason=reason.strip())
        if was_submitted:
            notify_applicant(
                current,
                subject=_("申请 %(ref)s 已撤回") % {"ref": current.reference},
                template="emails/decision.txt",
                context={"approved": False, "reason": reason.strip()},
            )
    return current


def application_rate(*, application: RegistrationApplication, by, score: int, comment: str = "") -> ServiceRating:
    """Record the applicant's one rating of a closed application (好差评)."""
    require_applicant(by, application)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_state(current, *FINAL_STATUSES, message=_("办结后才能评价。"))
        if ServiceRating.objects.filter(application=current).exists():
            raise ValidationError(_("您已评价过该事项，每件申请只能评价一次。"))
        rating = ServiceRating(application=current, score=score, comment=comment.strip())
        rating.full_clean()
        rating.save()
        event_record(current, by=by, action=Action.RATED, reason=f"{score}/5")
    return rating
