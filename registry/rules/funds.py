"""What each type calls its capital: the regulations use a different word for each organization type."""

from django.utils.translation import gettext_lazy as _

from registry.choices import OrgType

# 社会团体登记管理条例 第十条（活动资金）; 民办非企业单位登记管理暂行条例 第八条（开办资金）;
# 基金会管理条例 第八条（原始基金）. The certificate prints the same word as the application form.
_FUNDS_LABELS = {
    OrgType.SOCIAL_ASSOCIATION: _("活动资金"),
    OrgType.SERVICE_AGENCY: _("开办资金"),
    OrgType.FOUNDATION: _("原始基金"),
}


def funds_label(org_type: str) -> str:
    """The name of an organization type's capital, on the forms, the register and the certificate alike."""
    return str(_FUNDS_LABELS.get(org_type, _("注册资金")))
