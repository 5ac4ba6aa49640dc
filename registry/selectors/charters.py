"""Reads of charters: an organization's current charter and its versions, the model text, and the comparisons."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from registry.models import Charter, CharterApplication, Organization
from registry.rules import charters as rules

# Unchanged lines kept around each change in a comparison; the rest fold into a gap.
DIFF_CONTEXT = 2


def model_charter_for(organization: Organization) -> str:
    """The Ministry's model charter of the organization's type, filled with what the register knows of it."""
    values = {
        "名称": organization.name,
        "住所": organization.domicile,
        "业务主管单位": organization.competent_unit,
        "登记管理机关": organization.jurisdiction.authority_name,
        "业务范围": organization.business_scope,
        "活动地域": organization.activity_area,
        "注册资金": f"{organization.registered_funds:,.2f}" if organization.registered_funds is not None else "",
    }
    return rules.normalize_text(rules.fill_placeholders(rules.model_charter_text(organization.org_type), values))


def charter_applications_for(user) -> list[CharterApplication]:
    """The charter applications of the organizations `user` acts for, newest first."""
    organizations = get_objects_for_user(
        user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    )
    return list(
        CharterApplication.objects.filter(organization__in=organizations)
        .select_related("organization", "jurisdiction")
        .order_by("-created_at")
    )


def charter_versions(organization: Organization) -> list[Charter]:
    """Every recorded version of the organization's charter, newest first (the current one among them)."""
    return list(Charter.objects.filter(organization=organization).select_related("application").order_by("-version"))


@dataclass
class Comparison:
    title: str
    old_title: str
    new_title: str
    rows: list[rules.DiffRow]
    summary: rules.DiffSummary


def _compare(title: str, old_title: str, old: str, new_title: str, new: str) -> Comparison:
    rows = rules.diff_rows(old, new, context=DIFF_CONTEXT)
    return Comparison(title, old_title, new_title, rows, rules.diff_summary(rows))


def charter_comparisons(application: CharterApplication, *, with_model: bool) -> list[Comparison]:
    """The new text against the charter it replaces and, for officers, against the model charter of its type."""
    comparisons = [
        _compare(_("修改前后对照"), _("现行章程"), application.old_text, _("修改后章程"), application.new_text)
    ]
    if with_model:
        model = model_charter_for(application.organization)
        comparisons.append(_compare(_("与示范文本对照"), _("示范文本"), model, _("修改后章程"), application.new_text))
    return comparisons
