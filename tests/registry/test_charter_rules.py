"""Charter approval rules as pure functions: the 30 days to apply, the dates, the model texts and the comparison."""

import datetime

import pytest

from registry.choices import OrgType
from registry.rules import charters as rules

CONSENT = datetime.date(2026, 3, 2)


def test_the_30_days_run_from_the_competent_units_consent():
    # 社会团体登记管理条例 第十八条, 民办非企业单位登记管理暂行条例 第十五条: 30 calendar days from the consent.
    for org_type in (OrgType.SOCIAL_ASSOCIATION, OrgType.SERVICE_AGENCY):
        start = rules.filing_window_start(
            org_type=org_type, has_competent_unit=True, consent_on=CONSENT, decided_on=datetime.date(2026, 2, 20)
        )
        assert start == CONSENT
        assert rules.filing_deadline(start) == datetime.date(2026, 4, 1)


def test_a_directly_registered_organization_counts_from_its_own_decision():
    start = rules.filing_window_start(
        org_type=OrgType.SOCIAL_ASSOCIATION, has_competent_unit=False, consent_on=None, decided_on=CONSENT
    )
    assert start == CONSENT


def test_foundations_have_no_period_to_apply():
    # 基金会管理条例 第十五条: approval is required, but no period is set.
    start = rules.filing_window_start(
        org_type=OrgType.FOUNDATION, has_competent_unit=True, consent_on=CONSENT, decided_on=CONSENT
    )
    assert start is None
    assert rules.filing_deadline(start) is None
    assert rules.is_late(start=start, applied_on=datetime.date(2030, 1, 1)) is False


@pytest.mark.parametrize(
    ("applied_on", "late"),
    [
        (datetime.date(2026, 3, 2), False),
        (datetime.date(2026, 4, 1), False),  # the 30th day: still in time (calendar days, weekends count)
        (datetime.date(2026, 4, 2), True),
    ],
)
def test_an_application_after_the_30th_day_is_late(applied_on, late):
    assert rules.is_late(start=CONSENT, applied_on=applied_on) is late


def test_dates_must_be_given_in_order_and_not_in_the_future():
    today = datetime.date(2026, 5, 1)
    kwargs = {"org_type": OrgType.SOCIAL_ASSOCIATION, "today": today}
    assert rules.date_errors(has_competent_unit=True, consent_on=None, decided_on=None, **kwargs) == [
        "请填写会员大会或理事会通过章程修改的日期。",
        "请填写业务主管单位同意章程修改的日期。",
    ]
    assert rules.date_errors(
        has_competent_unit=True, consent_on=datetime.date(2026, 4, 1), decided_on=datetime.date(2026, 4, 2), **kwargs
    ) == ["业务主管单位同意的日期不能早于决议日期。"]
    assert rules.date_errors(
        has_competent_unit=False, consent_on=None, decided_on=datetime.date(2026, 5, 2), **kwargs
    ) == ["决议日期不能晚于今天。"]
    assert rules.date_errors(has_competent_unit=False, consent_on=None, decided_on=today, **kwargs) == []


@pytest.mark.parametrize("org_type", list(OrgType))
def test_every_type_has_a_model_charter_with_the_ministrys_chapters(org_type):
    text = rules.model_charter_text(org_type)
    for chapter in ("总则", "业务范围", "组织机构", "章程的修改", "终止程序", "附则"):
        assert chapter in text, chapter
    assert "〔名称〕" in text
    members = {"1": "会员", "2": "举办者", "3": "理事会"}[org_type]
    assert members in text


def test_placeholders_are_filled_and_unknown_ones_stay_for_the_applicant():
    text = "〔名称〕章程。住所〔住所〕。宗旨〔宗旨〕。业务主管单位〔业务主管单位〕。"
    filled = rules.fill_placeholders(text, {"名称": "上海市闵行区读书会", "住所": "古美路1号", "业务主管单位": " "})
    assert filled == "上海市闵行区读书会章程。住所古美路1号。宗旨〔宗旨〕。业务主管单位〔业务主管单位〕。"


def test_texts_are_compared_line_by_line_as_plain_text():
    old = "第一条 名称\n第二条 宗旨\n第三条 住所\n"
    new = "第一条 名称\n第二条 新宗旨<script>\n第三条 住所\n第四条 附则\n"
    rows = rules.diff_rows(old, new)
    assert [row.change for row in rows] == ["same", "changed", "same", "added"]
    assert rows[1].old == "第二条 宗旨" and rows[1].new == "第二条 新宗旨<script>"  # escaped by the template
    assert (rows[3].old_number, rows[3].new_number) == (None, 4)
    assert rules.diff_summary(rows) == rules.DiffSummary(added=1, removed=0, changed=1)


def test_unchanged_lines_far_from_a_change_fold_into_one_gap():
    old = "".join(f"第{i}条\n" for i in range(1, 11))
    new = old.replace("第5条", "第5条（修改）")
    rows = rules.diff_rows(old, new, context=1)
    assert [row.change for row in rows] == ["gap", "same", "changed", "same", "gap"]


def test_removed_lines_and_identical_texts():
    rows = rules.diff_rows("甲\n乙\n", "甲\n")
    assert [row.change for row in rows] == ["same", "removed"]
    assert rules.diff_summary(rules.diff_rows("甲\n", "甲\n")).identical


def test_text_is_stored_with_unix_line_ends_and_no_trailing_spaces():
    assert rules.normalize_text("第一条  \r\n第二条\r\n\r\n") == "第一条\n第二条\n"
    assert rules.normalize_text("  \n") == ""


def test_written_decisions_follow_the_status():
    kinds = lambda status, accepted: [  # noqa: E731
        d.kind for d in rules.available_documents(status=status, accepted_on=accepted)
    ]
    day = datetime.date(2026, 3, 3)
    assert kinds("submitted", None) == []
    assert kinds("refused", None) == ["refusal"]
    assert kinds("accepted", day) == ["acceptance"]
    assert kinds("approved", day) == ["acceptance", "approval"]
    assert kinds("rejected", day) == ["acceptance", "rejection"]
    number = rules.document_number(authority_name="上海市闵行区民政局", kind="approval", year=2026, application_pk=7)
    assert number == "闵行区民社章准字〔2026〕第000007号"
