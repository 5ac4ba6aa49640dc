"""The registration certificate's layout, read back from the rendered PDF: labels, seal, line breaks."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest

from registry.choices import OrgType
from registry.models import Certificate
from registry.rendering import without_orphan
from registry.services.certificates import certificate_path, issue_registration_certificates, render_certificate

pytestmark = pytest.mark.django_db
SCOPE_LINE = 32  # characters of the business scope on one line, on the 正本 and the 副本 alike


@pytest.fixture(autouse=True)
def certificate_root(settings, tmp_path):
    settings.CERTIFICATE_ROOT = tmp_path / "certificates"


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    def run(organization):
        with django_capture_on_commit_callbacks(execute=True):
            return issue_registration_certificates(organization=organization, issued_on=datetime.date(2026, 11, 24))

    return run


def layout_text(certificate) -> str:
    path = certificate_path(certificate)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def words(certificate) -> list[tuple[str, float, float]]:
    """(text, yMin, yMax) of every word on the certificate."""
    path = certificate_path(certificate)
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml)
    return [(text, float(top), float(bottom)) for top, bottom, text in found]


def scope_lines(text: str) -> list[str]:
    """The business scope's printed lines: from its label to the next label."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "业务范围" in line)
    column = [lines[start].split("业务范围", 1)[1]] + lines[start + 1 :]
    printed = []
    for line in column:
        if "登记方式" in line or "业务主管单位" in line:
            break
        value = re.split(r"\s{3,}", line.strip())[0]  # not the QR code's caption further right
        if value:
            printed.append(value)
    return printed


def test_an_associations_certificate_names_its_funds_as_the_form_does(make_org, issue):
    org = make_org(org_type=OrgType.SOCIAL_ASSOCIATION, registered_funds=Decimal("30000"))
    for certificate in issue(org):
        flat = layout_text(certificate).replace(" ", "")
        assert "活动资金人民币30,000.00元" in flat and "注册资金" not in flat


def test_the_seal_stands_clear_of_the_authoritys_name_and_the_date(make_org, issue):
    org = make_org(name="上海市闵行区书法协会")
    for certificate in issue(org):
        placed = words(certificate)
        authority = next(top for text, top, _bottom in placed if text.startswith("登记管理机关"))
        seal_chars = set(certificate.snapshot["authority_name"])
        seal = [bottom for text, _top, bottom in placed if len(text) == 1 and text in seal_chars]
        seal += [bottom for text, _top, bottom in placed if text.startswith("证书专用章")]
        assert len(seal) == len(certificate.snapshot["authority_name"]) + 1
        assert max(seal) <= authority


@pytest.mark.parametrize("length", [SCOPE_LINE + 1, 2 * SCOPE_LINE + 1])
def test_a_business_scope_never_leaves_one_character_on_its_last_line(make_org, issue, length):
    scope = ("组织会员开展学术交流、培训咨询和行业服务" * 10)[:length]
    assert len(scope) == length
    for certificate in issue(make_org(business_scope=scope)):
        printed = scope_lines(layout_text(certificate))
        assert "".join(printed) == scope
        assert len(printed) >= 2 and len(printed[-1]) >= 2


def test_the_unbroken_tail_takes_closing_punctuation_with_it():
    assert without_orphan("社区养老服务。") == ("社区养老", "服务。")
    assert without_orphan("助") == ("", "助")
    assert without_orphan("") == ("", "")


def test_a_certificate_issued_under_the_first_layout_re_renders_with_it(make_org, issue):
    """Its stored hash must still verify: the seal and the scope stay where they were printed."""
    scope = ("组织会员开展学术交流、培训咨询和行业服务" * 10)[: SCOPE_LINE + 1]
    _original, duplicate = issue(make_org(business_scope=scope))
    first_layout = {key: value for key, value in duplicate.snapshot.items() if key != "layout"}
    Certificate.objects.filter(pk=duplicate.pk).update(snapshot=first_layout, file_sha256="")
    duplicate.refresh_from_db()
    render_certificate(duplicate)
    printed = scope_lines(layout_text(duplicate))
    assert len(printed[-1]) == 1  # as it was printed then
    placed = words(duplicate)
    authority = next(top for text, top, _bottom in placed if text.startswith("登记管理机关"))
    assert max(bottom for text, _top, bottom in placed if text.startswith("证书专用章")) > authority
