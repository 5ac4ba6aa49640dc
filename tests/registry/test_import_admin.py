"""The admin upload of an existing register: administrators only, a dry-run report, a downloadable report."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Organization
from tests.factories import UserFactory
from tests.registry.test_register_import import ELDERLY, messy_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def upload(client, action="check", **extra):
    data = {"file": io.BytesIO(messy_workbook()), "action": action, **extra}
    data["file"].name = "原登记簿.xlsx"
    return client.post(reverse("admin:registry_organization_import"), data)


def test_bureau_officers_cannot_import(client):
    from django.contrib.auth.models import Permission

    officer = UserFactory(username="mh_officer", is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(officer)
    # The admin is closed to officers altogether: every page sends them to the administrators' login.
    for url in (reverse("admin:registry_organization_import"), reverse("admin:registry_organization_import_template")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert upload(client).status_code == 302
    assert Organization.objects.count() == 0


def test_template_has_one_sheet_per_kind_of_record(client, administrator):
    response = client.get(reverse("admin:registry_organization_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["社会组织", "年检结果", "评估等级", "信用记录", "负责人", "填写说明"]
    assert next(workbook["社会组织"].iter_rows(values_only=True))[0] == "统一社会信用代码*"


def test_check_shows_the_problems_and_offers_the_report(client, administrator):
    response = upload(client)
    page = response.content.decode()
    assert "身份证号码校验码错误。" in page
    assert page.count('class="import-problem"') == 6
    assert page.count('class="import-warning"') == 1  # a registered name today's rules would not give
    assert "确认导入此文件" not in page  # rows fail and skipping was not chosen
    assert Organization.objects.count() == 0
    token = response.context["token"]
    report = client.get(reverse("admin:registry_organization_import_report", args=[token, "csv"]))
    text = report.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "工作表,行号,列,原值,问题"
    assert "与第2行的统一社会信用代码相同而内容不同。" in text
    assert "社会组织,10,名称,阳光读书协会,原登记名称不符合现行名称规则" in text


def test_check_then_confirm_imports_the_good_rows(client, administrator):
    checked = upload(client, skip_bad="1")
    assert "确认导入此文件" in checked.content.decode()
    assert Organization.objects.count() == 0
    confirmed = client.post(
        reverse("admin:registry_organization_import"),
        {"token": checked.context["token"], "skip_bad": "1", "action": "import"},
    )
    assert confirmed.context["result"].written
    assert Organization.objects.filter(uscc=ELDERLY).exists()
    assert Organization.objects.count() == 4


def test_direct_import_without_skipping_writes_nothing(client, administrator):
    response = upload(client, action="import")
    assert not response.context["result"].written
    assert Organization.objects.count() == 0
