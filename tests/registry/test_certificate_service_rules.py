"""Rules of certificate renewal and replacement, and of archive requests: pure functions, no database."""

import datetime

from registry.rules.certificate_services import (
    EXPIRED,
    archive_decision_paragraphs,
    archive_request_problems,
    certificate_decision_paragraphs,
    download_expires_at,
    inspection_renews,
    renewal_mode,
    renewal_refusal,
    renewal_window_opens,
    replacement_problems,
    service_document_number,
    shown_status,
    void_reason,
)

END = datetime.date(2027, 3, 31)


def test_a_valid_certificate_is_expired_the_day_after_its_validity_ends():
    assert shown_status("valid", END, today=END) == "valid"
    assert shown_status("valid", END, today=END + datetime.timedelta(days=1)) == EXPIRED


def test_a_superseded_or_voided_certificate_keeps_its_stored_status_after_the_date():
    later = END + datetime.timedelta(days=400)
    assert shown_status("superseded", END, today=later) == "superseded"
    assert shown_status("voided", END, today=later) == "voided"


def test_renewal_mode_per_bureau_falls_back_to_the_default():
    by_bureau = "310112:inspection, 310117:application"
    assert renewal_mode("310112", default="application", by_bureau=by_bureau) == "inspection"
    assert renewal_mode("310117", default="inspection", by_bureau=by_bureau) == "application"
    assert renewal_mode("310151", default="application", by_bureau=by_bureau) == "application"
    assert renewal_mode("310112", default="application", by_bureau="310112:nonsense") == "application"


def test_renewal_window_opens_the_set_days_before_the_validity_ends():
    assert renewal_window_opens(END, 90) == datetime.date(2026, 12, 31)
    assert renewal_refusal(valid_until=END, today=datetime.date(2026, 12, 31), window_days=90) == ""
    refusal = renewal_refusal(valid_until=END, today=datetime.date(2026, 12, 30), window_days=90)
    assert "2026年12月31日" in refusal and "90" in refusal


def test_an_expired_certificate_may_still_be_renewed():
    assert renewal_refusal(valid_until=END, today=END + datetime.timedelta(days=30), window_days=90) == ""


def test_the_inspection_of_the_expiring_year_renews_when_passed():
    # The certificate expires in 2027: the inspection held in 2027 is of the 2026 report.
    assert inspection_renews(result="passed", rectification_passed=None, report_year=2026, valid_until=END)
    assert not inspection_renews(result="passed", rectification_passed=None, report_year=2025, valid_until=END)
    assert not inspection_renews(result="failed", rectification_passed=True, report_year=2026, valid_until=END)


def test_basic_pass_renews_only_after_its_rectification_is_verified():
    assert inspection_renews(result="basic", rectification_passed=True, report_year=2026, valid_until=END)
    assert not inspection_renews(result="basic", rectification_passed=False, report_year=2026, valid_until=END)
    assert not inspection_renews(result="basic", rectification_passed=None, report_year=2026, valid_until=END)


def test_a_lost_certificate_needs_a_loss_statement_and_a_damaged_one_is_returned():
    assert replacement_problems(cause="lost", loss_statement="", returned=False)
    assert (
        replacement_problems(cause="lost", loss_statement="本会不慎遗失登记证书正本，声明作废。", returned=False) == []
    )
    assert replacement_problems(cause="damaged", loss_statement="", returned=False)
    assert replacement_problems(cause="damaged", loss_statement="", returned=True) == []
    assert replacement_problems(cause="stolen", loss_statement="x" * 20, returned=True)


def test_void_reason_names_the_cause():
    assert "遗失" in void_reason("lost") and "损毁" in void_reason("damaged")


def test_only_the_organization_may_ask_without_grounds_and_proof():
    assert archive_request_problems(requester_kind="organization", grounds="", case_reference="", has_proof=False) == []
    problems = archive_request_problems(requester_kind="lawyer", grounds="", case_reference="", has_proof=False)
    assert len(problems) == 3
    assert (
        archive_request_problems(
            requester_kind="lawyer",
            grounds="代理合同纠纷案件，需调取登记档案。",
            case_reference="(2026)沪0112民初1号",
            has_proof=True,
        )
        == []
    )
    # Another authority has no case number, but still grounds and proof.
    assert (
        archive_request_problems(
            requester_kind="authority", grounds="依职责核查该组织的登记情况。", case_reference="", has_proof=True
        )
        == []
    )


def test_download_expires_the_set_days_after_the_grant():
    granted = datetime.datetime(2026, 5, 1, 9, 30, tzinfo=datetime.UTC)
    assert download_expires_at(granted, 7) == datetime.datetime(2026, 5, 8, 9, 30, tzinfo=datetime.UTC)


def test_decision_numbers_and_paragraphs():
    number = service_document_number(authority_name="上海市闵行区民政局", kind="certificate", year=2026, pk=12)
    assert number == "闵行区民社证字〔2026〕第000012号"
    issued = certificate_decision_paragraphs(
        kind_label="证书补领",
        reference="ZS-2026-000012",
        issued=True,
        number="31011220260001",
        copy_label="正本",
        reason="",
        remedies="",
    )
    assert "31011220260001" in issued[0] and "作废" in issued[1]
    refused = certificate_decision_paragraphs(
        kind_label="证书换发",
        reference="ZS-2026-000013",
        issued=False,
        number="",
        copy_label="",
        reason="组织已被撤销登记",
        remedies="如不服本决定……",
    )
    assert "不予办理" in refused[0] and "撤销登记" in refused[1] and refused[2].startswith("如不服")
    granted = archive_decision_paragraphs(
        reference="DA-2026-000001",
        organization_name="某协会",
        granted=True,
        titles=["证书", "章程"],
        expires_text="2026年5月8日",
        reason="",
    )
    assert granted[1] == "1. 证书" and granted[2] == "2. 章程" and "2026年5月8日" in granted[3]
