"""Decoupling rules (《行业协会商会与行政机关脱钩总体方案》, 中办发〔2015〕39号), without a database."""

import datetime

from registry.rules.decoupling import (
    SEPARATION_ARTICLES,
    ItemStatus,
    Separation,
    Stage,
    decoupled_on,
    is_decoupled,
    is_decoupling_subject,
    reopen_refusal,
    review_refusal,
    stage_of,
    submission_errors,
    submission_refusal,
    verified_count,
)

ALL_VERIFIED = {s: ItemStatus.VERIFIED for s in Separation.values}


def test_the_five_separations_of_part_three_each_cite_their_article():
    assert [s.label for s in Separation] == [
        "机构分离",
        "职能分离",
        "资产财务分离",
        "人员管理分离",
        "党建外事等事项分离",
    ]
    for number, separation in zip("一二三四五", Separation, strict=True):
        assert str(SEPARATION_ARTICLES[separation]).startswith(f"《总体方案》三（{number}）")


def test_only_industry_associations_are_subjects_of_part_two():
    assert is_decoupling_subject(org_type="1", direct_category="industry")
    assert not is_decoupling_subject(org_type="1", direct_category="charity")
    assert not is_decoupling_subject(org_type="2", direct_category="industry")
    assert not is_decoupling_subject(org_type="1", direct_category="")


def test_decoupled_only_when_all_five_are_verified():
    assert is_decoupled(ALL_VERIFIED) and verified_count(ALL_VERIFIED) == 5
    for separation in Separation.values:
        for other in (ItemStatus.SUBMITTED, ItemStatus.RETURNED, ItemStatus.NOT_STARTED):
            four = ALL_VERIFIED | {separation: other}
            assert not is_decoupled(four) and verified_count(four) == 4
        missing = {k: v for k, v in ALL_VERIFIED.items() if k != separation}
        assert not is_decoupled(missing)


def test_stage_follows_the_items():
    assert stage_of({}) == Stage.NOT_STARTED
    assert stage_of({s: ItemStatus.NOT_STARTED for s in Separation.values}) == Stage.NOT_STARTED
    assert stage_of({Separation.ASSETS: ItemStatus.SUBMITTED}) == Stage.IN_PROGRESS
    assert stage_of({Separation.ASSETS: ItemStatus.RETURNED}) == Stage.IN_PROGRESS
    assert stage_of(ALL_VERIFIED | {Separation.ASSETS: ItemStatus.SUBMITTED}) == Stage.IN_PROGRESS
    assert stage_of(ALL_VERIFIED) == Stage.DECOUPLED


def test_decoupled_on_is_the_day_the_last_item_was_verified():
    days = [datetime.date(2026, 3, d) for d in (1, 9, 4, 2, 5)]
    assert decoupled_on(days) == datetime.date(2026, 3, 9)
    assert decoupled_on(days[:4]) is None
    assert decoupled_on([*days[:4], None]) is None


def test_the_association_submits_an_item_not_started_or_returned_only():
    assert submission_refusal(ItemStatus.NOT_STARTED) is None
    assert submission_refusal(ItemStatus.RETURNED) is None
    assert "正在核实" in submission_refusal(ItemStatus.SUBMITTED)
    assert "重新开启" in submission_refusal(ItemStatus.VERIFIED)


def test_officers_review_submitted_items_only():
    assert review_refusal(ItemStatus.SUBMITTED) is None
    for status in (ItemStatus.VERIFIED, ItemStatus.RETURNED, ItemStatus.NOT_STARTED):
        assert str(ItemStatus(status).label) in review_refusal(status)


def test_a_verified_item_is_reopened_only_with_a_reason():
    assert reopen_refusal(ItemStatus.VERIFIED, "财务账户仍未独立") is None
    assert "理由" in reopen_refusal(ItemStatus.VERIFIED, "  ")
    assert reopen_refusal(ItemStatus.SUBMITTED, "财务账户仍未独立") is not None


def test_a_submission_needs_a_description_and_a_document():
    assert submission_errors(description="已取消与区经委的主管关系", evidence_count=1) == []
    assert len(submission_errors(description="已完成", evidence_count=0)) == 2
    assert submission_errors(description="已取消与区经委的主管关系", evidence_count=0) == [
        "请上传至少一份证明材料（PDF或图片）。"
    ]
