"""The capital is named as each type's regulation names it."""

import pytest
from django.utils import translation

from registry.choices import OrgType
from registry.rules.funds import funds_label


@pytest.mark.parametrize(
    ("org_type", "label"),
    [
        (OrgType.SOCIAL_ASSOCIATION, "活动资金"),
        (OrgType.SERVICE_AGENCY, "开办资金"),
        (OrgType.FOUNDATION, "原始基金"),
    ],
)
def test_each_type_names_its_capital(org_type, label):
    with translation.override("zh-hans"):
        assert funds_label(org_type) == label


def test_service_agency_capital_in_english():
    with translation.override("en"):
        assert funds_label(OrgType.SERVICE_AGENCY) == "Start-up funds"
