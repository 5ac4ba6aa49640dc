"""Branches and representative offices: the organization's applications to set one up, change or close it, and
the officers' filing or approval that writes them into the register.

Rules in `registry.rules.branches`; the process around the officers' steps in `workflows/flows/branch/`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole, OrgStatus
from registry.models import (
    Branch,
    BranchApplication,
    BranchApplicationKind,
    BranchApplicationStatus,
    BranchDocument,
    BranchKind,
    BranchStatus,
    Jurisdiction,
    Organization,
)
from registry.models.branch import BRANCH_EDITABLE, BRANCH_OPEN
from registry.rules.branches import (
    APPROVAL,
    EXTENSION_WORKING_DAYS,
    FILING,
    Procedure,
    branch_name_errors,
    branch_procedure,
    branch_refusal,
    extension_refusal,
    sub_kind_of,
)
from registry.rules.idcards import id_number_errors, normalize_id_number
from registry.rules.person_names import person_name_errors
from registry.selectors.register import deadline_after
from registry.services import guards, policy
from registry.services.files import document_store, private_path

NOT_REPRESENTATIVE = _("只有该组织的经办人可以办理分支机构、代表机构事项。")
PARTICULARS = ("branch_kind", "name", "head_name", "head_id_number", "address", "business_scope")
FIELDS = (*PARTICULARS, "resolved_on", "reason")
# What a change carries to the branch (its kind stays what it is).
CHANGEABLE = ("name", "head_name", "head_id_number", "address", "business_scope")


def _procedure(organization: Organization):
    jurisdiction = organization.jurisdiction
    return branch_procedure(
        org_type=organization.org_type,
        bureau_regime=jurisdiction.branch_regime,
        filing_days=jurisdiction.branch_filing_days,
    )


def branch_procedure_of(application: BranchApplication):
    """The procedure of a submitted application: the way it was submitted, whatever the bureau has set since."""
    procedure = _procedure(application.organization)
    if application.regime and application.regime != procedure.regime:
        return Procedure(application.regime, procedure.days)
    return procedure


def area_names() -> tuple[str, ...]:
    """Place names a branch's own words may not carry: every bureau's area, with and without 区/县/市."""
    names = set()
    for name, full_name in Jurisdiction.objects.values_list("name", "full_name"):
        for area in (name, full_name):
            names.add(area)
            if len(area) > 2 and area[-1] in "区县市省":
                names.add(area[:-1])
    return tuple(sorted(names))


def branch_application_create(
    *, organization: Organization, by, kind: str, branch: Branch | None = None, create_token=None
) -> BranchApplication:
    """Open a draft to set up a branch or office, or to change or close one of the organization's own."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    if create_token is not None:
        existing = BranchApplication.objects.filter(create_token=create_token).first()
        if existing is not None:
            if existing.organization_id != organization.pk:
                raise ValidationError(_("该表单已提交过，请刷新页面后重试。"))
            return existing
    refusal = branch_refusal(org_type=organization.org_type, active=organization.status == OrgStatus.NORMAL)
    if refusal:
        raise ValidationError(refusal)
    if kind not in BranchApplicationKind.values:
        raise ValidationError(_("请选择申请事项：设立、变更或注销。"))
    if kind == BranchApplicationKind.SET_UP:
        branch = None
    elif branch is None or branch.organization_id != organization.pk or branch.status != BranchStatus.ACTIVE:
        raise ValidationError(_("只能变更或注销本组织存续的分支机构、代表机构。"))
    with transaction.atomic():
        if branch is not None:
            branch = guards.locked(branch)
            if BranchApplication.objects.filter(branch=branch, status__in=(*BRANCH_EDITABLE, *BRANCH_OPEN)).exists():
                raise ValidationError(_("该机构已有未办结的申请，请先办完或删除该申请。"))
        application = BranchApplication(
            organization=organization, kind=kind, branch=branch, regime=_procedure(organization).regime
        )
        if create_token is not None:
            application.create_token = create_token
        if branch is not None:
            application.branch_kind = branch.kind
            if kind == BranchApplicationKind.CHANGE:
                for field in CHANGEABLE:
                    setattr(application, field, getattr(branch, field))
        application.save()
    return application


def branch_application_save(*, application: BranchApplication, by, **fields) -> BranchApplication:
    """Save the draft's particulars (what a closing needs: the resolution's date and the reason)."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a branch application field: {sorted(unknown)}")
    errors = {}
    if fields.get("head_id_number"):
        fields["head_id_number"] = normalize_id_number(fields["head_id_number"])
        if id_errors := id_number_errors(fields["head_id_number"]):
            errors["head_id_number"] = id_errors
    if fields.get("head_name") and (name_errors := person_name_errors(fields["head_name"])):
        errors["head_name"] = name_errors
    if fields.get("resolved_on") and fields["resolved_on"] > timezone.localdate():
        errors["resolved_on"] = [_("理事会决议日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction", "branch")
        guards.require_state(current, *BRANCH_EDITABLE)
        allowed = FIELDS if current.kind == BranchApplicationKind.SET_UP else ("resolved_on", "reason")
        if current.kind == BranchApplicationKind.CHANGE:
            allowed = (*CHANGEABLE, "resolved_on", "reason")
        for field, value in fields.items():
            if field in allowed:
                setattr(current, field, value.strip() if isinstance(value, str) else value)
        current.full_clean(exclude=["organization", "branch", "submitted_by", "decided_by"])
        current.save()
    return current


def branch_draft_update(*, application: BranchApplication, by, fields: dict, uploads: dict) -> BranchApplication:
    """Save the draft's particulars and its uploaded documents (kind → file) together: all of it, or none."""
    with transaction.atomic():
        saved = branch_application_save(application=application, by=by, **fields)
        for kind, uploaded in uploads.items():
            branch_document_attach(application=saved, by=by, kind=kind, uploaded=uploaded)
    return saved


FOLDER = "branches"  # where its documents are stored, under MEDIA_ROOT


def document_path(document: BranchDocument):
    return private_path(FOLDER, document.stored_name)


def branch_document_attach(*, application: BranchApplication, by, kind: str, uploaded) -> BranchDocument:
    """Store a document (PDF, JPEG or PNG by content) of the draft, in place of an earlier one of the same kind."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    if kind not in BranchDocument.Kind.values:
        raise ValidationError(_("请选择材料名称。"))

    def lock(application):
        current = guards.locked(application)
        guards.require_state(current, *BRANCH_EDITABLE)
        return current

    return document_store(
        model=BranchDocument, application=application, kind=kind, uploaded=uploaded, by=by, folder=FOLDER, lock=lock
    )


def branch_application_delete(*, application: BranchApplication, by) -> None:
    """Delete a draft never submitted, with its documents."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        current = guards.locked(application)
        guards.require_state(current, BranchApplicationStatus.DRAFT)
        paths = [document_path(d) for d in current.documents.all()]
        current.delete()
        transaction.on_commit(lambda: [p.unlink(missing_ok=True) for p in paths])


def _existing_names(organization: Organization, *, exclude: Branch | None) -> tuple[str, ...]:
    branches = Branch.objects.filter(organization=organization, status=BranchStatus.ACTIVE)
    if exclude is not None:
        branches = branches.exclude(pk=exclude.pk)
    return tuple(branches.values_list("name", flat=True))


def branch_application_problems(application: BranchApplication) -> list[str]:
    """Everything missing or wrong in the application, at once (empty when it may be submitted or decided)."""
    organization = application.organization
    refusal = branch_refusal(org_type=organization.org_type, active=organization.status == OrgStatus.NORMAL)
    if refusal:
        return [refusal]
    problems = []
    today = timezone.localdate()
    if application.resolved_on is None:
        problems.append(_("请填写理事会（常务理事会）决议日期（民发〔2014〕38号 二）。"))
    elif application.resolved_on > today:
        problems.append(_("理事会决议日期不能晚于今天。"))
    documents = set(application.documents.values_list("kind", flat=True))
    if BranchDocument.Kind.RESOLUTION not in documents:
        problems.append(_("请上传理事会（常务理事会）决议。"))
    if application.kind == BranchApplicationKind.CLOSE:
        if not application.reason.strip():
            problems.append(_("请填写注销的理由。"))
        return problems
    branch = application.branch
    if application.kind == BranchApplicationKind.CHANGE:
        if not any(getattr(application, f) != getattr(branch, f) for f in CHANGEABLE):
            problems.append(_("申请内容与现有登记信息相同，没有需要变更的事项。"))
        if not application.reason.strip():
            problems.append(_("请填写变更的理由。"))
    if application.branch_kind not in BranchKind.values:
        problems.append(_("请选择设立分支机构还是代表机构。"))
    elif application.kind == BranchApplicationKind.SET_UP or application.name != branch.name:
        problems += branch_name_errors(
            application.name,
            kind=application.branch_kind,
            org_type=organization.org_type,
            parent_name=organization.name,
            area_names=area_names(),
            existing_names=_existing_names(organization, exclude=branch),
        )
    if not application.head_name.strip():
        problems.append(_("请填写负责人姓名。"))
    else:
        problems += person_name_errors(application.head_name)
    if not application.head_id_number:
        problems.append(_("请填写负责人身份证号码。"))
    else:
        problems += id_number_errors(application.head_id_number)
    head_changed = branch is None or (application.head_name, application.head_id_number) != (
        branch.head_name,
        branch.head_id_number,
    )
    if head_changed and BranchDocument.Kind.HEAD not in documents:
        problems.append(_("请上传负责人基本情况。"))
    if not application.address.strip():
        problems.append(_("请填写活动场所地址。"))
    if len(application.business_scope.strip()) < 4:
        problems.append(_("请填写业务范围（应在本组织章程规定的业务范围之内）。"))
    return problems


def branch_application_submit(*, application: BranchApplication, by) -> BranchApplication:
    """Submit the application to the bureau: checked in full, its procedure and deadline fixed now."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction", "branch")
        guards.require_state(current, *BRANCH_EDITABLE)
        problems = branch_application_problems(current)
        if problems:
            raise ValidationError(problems)
        if (
            current.branch_id
            and BranchApplication.objects.filter(branch_id=current.branch_id, status__in=BRANCH_OPEN)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ValidationError(_("该机构已有未办结的申请。"))
        procedure = _procedure(current.organization)
        now = timezone.now()
        today = timezone.localdate(now)
        current.regime = procedure.regime
        current.status = BranchApplicationStatus.SUBMITTED
        current.submitted_by = by
        current.submitted_at = now
        if procedure.working_days:
            current.decision_due_on = deadline_after(today, procedure.days).due
        else:
            current.decision_due_on = today + datetime.timedelta(days=procedure.days)
        current.decision_reason = ""
        current.save()
    return current


def _decided(current: BranchApplication, *, by, status: str, reason: str) -> None:
    current.status = status
    current.decided_by = by
    current.decided_on = timezone.localdate()
    current.decision_reason = reason.strip()
    current.save()


def _write_register(current: BranchApplication) -> Branch:
    """Set up, change or close the branch as the application says; the changes are kept on the application."""
    today = timezone.localdate()
    problems = branch_application_problems(current)
    if problems:
        raise ValidationError(problems)
    if current.kind == BranchApplicationKind.SET_UP:
        branch = Branch(
            organization=current.organization,
            kind=current.branch_kind,
            sub_kind=sub_kind_of(current.name),
            set_up_on=today,
            **{field: getattr(current, field) for field in CHANGEABLE},
        )
        branch.full_clean()
        branch.save()
        current.branch = branch
        current.changes = {field: ["", getattr(current, field)] for field in ("branch_kind", *CHANGEABLE)}
        return branch
    branch = guards.locked(current.branch)
    guards.require_state(branch, BranchStatus.ACTIVE)
    if current.kind == BranchApplicationKind.CHANGE:
        changes = {}
        for field in CHANGEABLE:
            old, new = getattr(branch, field), getattr(current, field)
            if old != new:
                changes[field] = [old, new]
                setattr(branch, field, new)
        branch.sub_kind = sub_kind_of(branch.name)
        current.changes = changes
    else:
        branch.status = BranchStatus.CLOSED
        branch.closed_on = today
        branch.closing_reason = current.reason
        current.changes = {"status": [BranchStatus.ACTIVE, BranchStatus.CLOSED]}
    branch.full_clean()
    branch.save()
    return branch


def branch_filing_decide(*, application: BranchApplication, by, filed: bool, reason: str = "") -> BranchApplication:
    """报告备案: the window officer files the report (the register follows it) or returns it with the reasons."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.WINDOW)
    if not filed and not reason.strip():
        raise ValidationError(_("退回时请写明需要修改或补充的内容。"))
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction", "branch")
        guards.require_state(current, BranchApplicationStatus.SUBMITTED)
        if current.regime != FILING:
            raise ValidationError(_("该申请按审批方式办理，不能直接备案。"))
        if filed:
            _write_register(current)
            _decided(current, by=by, status=BranchApplicationStatus.FILED, reason=reason)
        else:
            _decided(current, by=by, status=BranchApplicationStatus.RETURNED, reason=reason)
    return current


def branch_accept(*, application: BranchApplication, by, accepted: bool, reason: str = "") -> BranchApplication:
    """审批 受理: the window officer accepts a complete application, or refuses to accept it with the reasons."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.WINDOW)
    if not accepted and not reason.strip():
        raise ValidationError(_("不予受理时请写明理由。"))
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction", "branch")
        guards.require_state(current, BranchApplicationStatus.SUBMITTED)
        if current.regime != APPROVAL:
            raise ValidationError(_("该申请按报告备案方式办理，无需受理审批。"))
        if accepted:
            current.status = BranchApplicationStatus.ACCEPTED
            current.accepted_on = timezone.localdate()
            current.save()
        else:
            _decided(current, by=by, status=BranchApplicationStatus.REFUSED, reason=reason)
    return current


def branch_review(*, application: BranchApplication, by, opinion: str) -> BranchApplication:
    """审批 审查: the reviewer writes the opinion the section head decides on."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.REVIEWER)
    if len(opinion.strip()) < 4:
        raise ValidationError(_("请填写审查意见。"))
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction")
        guards.require_state(current, BranchApplicationStatus.ACCEPTED)
        current.review_opinion = opinion.strip()
        current.status = BranchApplicationStatus.REVIEWED
        current.save()
    return current


def branch_extend(*, application: BranchApplication, by, reason: str) -> BranchApplication:
    """Extend the period to decide an approval by 10 working days, once, with the reason shown to the organization
    (行政许可法 第四十二条; recorded by the section head or the head on the head's approval)."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.APPROVER, OfficerRole.HEAD)
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction")
        guards.require_state(current, *BRANCH_OPEN)
        refusal = extension_refusal(
            procedure=branch_procedure_of(current), extended_on=current.extended_on, reason=reason
        )
        if refusal:
            raise ValidationError(refusal)
        current.decision_due_on = deadline_after(current.decision_due_on, EXTENSION_WORKING_DAYS).due
        current.extended_on = timezone.localdate()
        current.extension_reason = reason.strip()
        current.save()
    return current


def branch_approve(*, application: BranchApplication, by, approved: bool, reason: str) -> BranchApplication:
    """审批 核准: the section head approves (the register follows) or refuses, in a written decision with reasons."""
    policy.require_role(by, application.organization.jurisdiction, OfficerRole.APPROVER)
    if not reason.strip():
        raise ValidationError(_("请填写决定的理由。"))
    with transaction.atomic():
        current = guards.locked(application, "organization__jurisdiction", "branch")
        guards.require_state(current, BranchApplicationStatus.REVIEWED)
        if approved:
            _write_register(current)
            _decided(current, by=by, status=BranchApplicationStatus.APPROVED, reason=reason)
        else:
            _decided(current, by=by, status=BranchApplicationStatus.REJECTED, reason=reason)
    return current
