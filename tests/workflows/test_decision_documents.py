"""Written decisions as PDF: acceptance notice, decision to register or not, refusal; Chinese text checked."""

import io

import pytest
from django.test import Client
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from registry import signing
from registry.choices import OrgType
from registry.rules.decision_documents import available_documents, document_number, penalty_decision_paragraphs
from tests.workflows.conftest import act, fill_application

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


def url(application, kind):
    return f"/portal/applications/{application.pk}/decisions/{kind}.pdf"


def test_documents_follow_the_application_state():
    assert [
        d.kind for d in available_documents(status="submitted", application_kind="registration", accepted_on=None)
    ] == []
    accepted = available_documents(status="accepted", application_kind="registration", accepted_on=object())
    assert [(d.kind, d.title) for d in accepted] == [("acceptance", "受理通知书")]
    done = available_documents(status="completed", application_kind="change", accepted_on=object())
    assert [d.title for d in done] == ["受理通知书", "准予变更登记决定书"]
    assert [
        d.title for d in available_documents(status="refused", application_kind="registration", accepted_on=None)
    ] == ["不予受理通知书"]
    assert document_number(authority_name="上海市闵行区民政局", kind="acceptance", year=2026, application_pk=42) == (
        "闵行区民社受字〔2026〕第000042号"
    )


def test_acceptance_and_approval_for_the_applicant_and_the_bureau_only(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    assert client.get(url(application, "acceptance")).status_code == 404  # not accepted yet
    act(client, bureau["window"], application, {"decision": "accept", "note": ""})
    application.refresh_from_db()

    client.force_login(applicant)
    assert url(application, "acceptance") in client.get(f"/portal/applications/{application.pk}/").content.decode()
    text = pdf_text(client.get(url(application, "acceptance")))
    assert "受理通知书" in text and application.reference in text and "决定予以受理" in text
    assert "闵行区民社受字" in text and "上海市闵行区民政局" in text
    assert client.get(url(application, "approval")).status_code == 404  # no decision yet

    officer = Client()
    officer.force_login(bureau["reviewer"])
    assert "受理通知书" in pdf_text(officer.get(url(application, "acceptance")))
    outsider = Client()
    outsider.force_login(bureau["sj_window"])
    assert outsider.get(url(application, "acceptance")).status_code == 404

    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "符合登记条件"})
    act(client, bureau["approver"], application, {"decision": "approve", "reason": ""})
    client.force_login(applicant)
    text = pdf_text(client.get(url(application, "approval")))
    assert "准予登记决定书" in text and "决定准予登记" in text and application.name in text


def test_rejection_states_the_reason_and_the_appeal_routes(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept", "note": ""})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "见意见"})
    act(client, bureau["approver"], application, {"decision": "reject", "reason": "业务范围与宗旨不符"})
    client.force_login(applicant)
    text = pdf_text(client.get(url(application, "rejection")))
    assert "不予登记决定书" in text and "业务范围与宗旨不符" in text
    assert "行政复议" in text and "行政诉讼" in text


def test_penalty_decision_names_every_combined_penalty_the_payment_period_and_the_head():
    # 行政处罚法 第五十七条 (the head decides), 第五十九条 (contents), 第六十七条 (15 days to pay).
    paragraphs = penalty_decision_paragraphs(
        findings="超范围收费，违法所得两万元",
        decision_text="某协会：超范围收费。依据……，决定给予……的行政处罚。\n如不服本决定……",
        penalties="没收违法所得、非法财产20,000.00元，并处罚款60,000.00元",
        money=True,
        head_name="张局长",
        payment_days=15,
    )
    assert paragraphs[0] == "经查：超范围收费，违法所得两万元。"
    assert "处罚内容：没收违法所得、非法财产20,000.00元，并处罚款60,000.00元。" in paragraphs
    assert any("15日内缴纳" in line for line in paragraphs)
    assert paragraphs[-1] == "决定人：本机关负责人 张局长"
    warning = penalty_decision_paragraphs(
        findings="", decision_text="x", penalties="警告", money=False, head_name="张局长", payment_days=15
    )
    assert not any("缴纳" in line for line in warning)


def test_written_decisions_carry_the_bureaus_seal_where_it_is_printed(client, applicant, bureau, minhang, settings):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept", "note": ""})
    client.force_login(applicant)
    pdf = client.get(url(application, "acceptance")).content
    check = signing.check_pdf(pdf)
    assert check.outcome == "intact" and check.signer == "上海市闵行区民政局"
    application.refresh_from_db()
    assert check.number == document_number(
        authority_name="上海市闵行区民政局",
        kind="acceptance",
        year=application.accepted_on.year,
        application_pk=application.pk,
    )
    (embedded,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    x1, y1, x2, y2 = (float(v) for v in embedded.sig_field["/Rect"])
    assert x2 - x1 == pytest.approx(120, abs=1)  # the seal: 160 CSS pixels
    page = len(PdfReader(io.BytesIO(pdf)).pages) - 1
    assert embedded.sig_field["/P"] == PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Kids"][page]

    # The token is away: the decision says its seal is pending, and signs once the token is back.
    settings.SIGNING = {**settings.SIGNING, "PKCS11_TOKEN_LABEL": "no-such-token"}
    signing.forget_signers()
    pending = client.get(url(application, "acceptance"))
    assert pending.status_code == 503 and "签章待生成" in pending.content.decode()
    settings.SIGNING = {**settings.SIGNING, "PKCS11_TOKEN_LABEL": "registry-signing"}
    assert signing.check_pdf(client.get(url(application, "acceptance")).content).outcome == "intact"
