"""Decoupling (脱钩) through the services: the association submits evidence per item, an officer of its bureau
verifies or returns each one, and the association is decoupled only when the fifth is verified."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import DirectCategory, OfficerRole, OrgType
from registry.models import Decoupling, DecouplingEvent, DecouplingEvidence, DecouplingItem
from registry.rules.decoupling import ItemStatus, Separation, Stage
from registry.selectors.decoupling import decoupling_charts, decoupling_progress, public_decoupling
from registry.services.decoupling import (
    decoupling_item_reopen,
    decoupling_item_return,
    decoupling_item_submit,
    decoupling_item_verify,
    evidence_path,
)
from registry.services.officers import officer_assign
from tests.factories import UserFactory
from tests.workflows.conftest import pdf_bytes, upload

DESCRIPTION = "已按要求完成，附相关文件和决议。"


def industry(make_org, **kwargs):
    kwargs.setdefault("org_type", OrgType.SOCIAL_ASSOCIATION)
    return make_org(direct_category=DirectCategory.INDUSTRY, **kwargs)


@pytest.fixture
def people(db, minhang, songjiang, make_org):
    inspector = UserFactory(username="mh-dc", is_staff=True)
    officer_assign(user=inspector, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    approver = UserFactory(username="mh-dc-head", is_staff=True)
    officer_assign(user=approver, jurisdiction=minhang, role=OfficerRole.APPROVER)
    window = UserFactory(username="mh-dc-window", is_staff=True)
    officer_assign(user=window, jurisdiction=minhang, role=OfficerRole.WINDOW)
    other = UserFactory(username="sj-dc", is_staff=True)
    officer_assign(user=other, jurisdiction=songjiang, role=OfficerRole.INSPECTOR)
    association = industry(make_org, name="上海市闵行区餐饮行业协会")
    representative = UserFactory(username="dc-rep")
    assign_perm("registry.manage_organization", representative, association)
    return {
        "inspector": inspector,
        "approver": approver,
        "window": window,
        "other": other,
        "association": association,
        "rep": representative,
    }


def submit(people, separation, **kwargs):
    kwargs.setdefault("uploads", [upload("proof.pdf", pdf_bytes("proof"))])
    kwargs.setdefault("description", DESCRIPTION)
    return decoupling_item_submit(organization=people["association"], separation=separation, by=people["rep"], **kwargs)


def test_submitting_stores_the_evidence_outside_the_web_root_and_records_the_action(people, private_files, settings):
    item = submit(people, Separation.INSTITUTION)
    assert item.status == ItemStatus.SUBMITTED and item.submitted_by == people["rep"]
    evidence = DecouplingEvidence.objects.get(item=item)
    path = evidence_path(evidence.stored_name)
    assert path.read_bytes().startswith(b"%PDF-") and str(settings.MEDIA_ROOT) in str(path)
    assert evidence.original_name == "proof.pdf" and evidence.stored_name != "proof.pdf"
    assert list(item.events.values_list("action", flat=True)) == ["submit"]
    assert Decoupling.objects.get().items.count() == 5


def test_a_bad_submission_changes_nothing(people, private_files):
    with pytest.raises(ValidationError, match="证明材料"):
        submit(people, Separation.ASSETS, uploads=[])
    with pytest.raises(ValidationError):
        submit(people, Separation.ASSETS, uploads=[upload("x.pdf", b"<html><script>alert(1)</script>")])
    with pytest.raises(ValidationError, match="至少10个字"):
        submit(people, Separation.ASSETS, description="已完成")
    assert not DecouplingEvidence.objects.exists() and not DecouplingEvent.objects.exists()
    folder = evidence_path("abcd").parent.parent
    assert not folder.exists() or not any(path.is_file() for path in folder.rglob("*"))


def test_only_the_representative_submits_and_only_for_an_industry_association(people, make_org, private_files):
    with pytest.raises(PermissionDenied):
        decoupling_item_submit(
            organization=people["association"], separation="assets", description=DESCRIPTION, by=people["inspector"]
        )
    charity = make_org(name="上海市闵行区慈善帮扶协会")
    assign_perm("registry.manage_organization", people["rep"], charity)
    with pytest.raises(ValidationError, match="行业协会商会"):
        decoupling_item_submit(
            organization=charity,
            separation="assets",
            description=DESCRIPTION,
            by=people["rep"],
            uploads=[upload("p.pdf", pdf_bytes())],
        )


def test_verifying_item_by_item_decouples_only_at_the_fifth(people, private_files):
    items = [submit(people, separation) for separation in Separation]
    for count, item in enumerate(items, start=1):
        decoupling_item_verify(item=item, by=people["inspector"])
        record = Decoupling.objects.get()
        if count < 5:
            assert record.decoupled_on is None
            assert public_decoupling(people["association"])["verified"] == count
        else:
            assert record.decoupled_on == timezone.localdate()
    verified = DecouplingItem.objects.get(separation=Separation.ASSETS)
    assert verified.verified_by == people["inspector"] and verified.verified_on == timezone.localdate()


def test_a_returned_item_is_resubmitted_with_its_earlier_documents_kept(people, private_files):
    item = submit(people, Separation.PERSONNEL)
    with pytest.raises(ValidationError, match="理由"):
        decoupling_item_return(item=item, reason="", by=people["inspector"])
    returned = decoupling_item_return(item=item, reason="缺少领导干部兼职清理文件。", by=people["inspector"])
    assert returned.status == ItemStatus.RETURNED and returned.return_reason == "缺少领导干部兼职清理文件。"
    again = submit(people, Separation.PERSONNEL, description="已补充兼职清理文件和任免决定。", uploads=[])
    assert again.status == ItemStatus.SUBMITTED and again.files.count() == 1
    assert list(again.events.values_list("action", flat=True)) == ["submit", "return", "submit"]


def test_a_verified_item_cannot_be_changed_without_a_recorded_reopening(people, private_files):
    items = [submit(people, separation) for separation in Separation]
    for item in items:
        decoupling_item_verify(item=item, by=people["inspector"])
    with pytest.raises(ValidationError, match="重新开启"):
        submit(people, Separation.ASSETS, description="想修改已核实的材料说明。")
    with pytest.raises(ValidationError):
        decoupling_item_verify(item=items[2], by=people["approver"])  # already verified: nobody wins twice
    with pytest.raises(ValidationError, match="理由"):
        decoupling_item_reopen(item=items[2], reason="", by=people["approver"])
    reopened = decoupling_item_reopen(item=items[2], reason="发现财务账户仍由主管单位代管。", by=people["approver"])
    assert reopened.status == ItemStatus.RETURNED and reopened.verified_on is None
    assert Decoupling.objects.get().decoupled_on is None
    assert reopened.events.last().action == "reopen" and reopened.events.last().note == "发现财务账户仍由主管单位代管。"
    submit(people, Separation.ASSETS, description="已开立独立账户，附开户许可。")


def test_only_supervision_officers_of_the_bureau_review(people, private_files):
    item = submit(people, Separation.FUNCTIONS)
    for outsider in (people["window"], people["other"], people["rep"]):
        with pytest.raises(PermissionDenied):
            decoupling_item_verify(item=item, by=outsider)
    assert DecouplingItem.objects.get(pk=item.pk).status == ItemStatus.SUBMITTED


def test_the_progress_list_counts_verified_items_and_filters_by_stage(people, make_org, minhang, private_files):
    untouched = industry(make_org, name="上海市闵行区物流行业协会")
    items = [submit(people, separation) for separation in Separation]
    for item in items[:3]:
        decoupling_item_verify(item=item, by=people["inspector"])
    rows = {row.pk: row for row in decoupling_progress([minhang])}
    assert rows[people["association"].pk].verified == 3 and rows[people["association"].pk].stage == Stage.IN_PROGRESS
    assert rows[untouched.pk].verified == 0 and rows[untouched.pk].stage == Stage.NOT_STARTED
    assert [r.pk for r in decoupling_progress([minhang], show="not_started")] == [untouched.pk]
    assert [r.pk for r in decoupling_progress([minhang], show="pending")] == [people["association"].pk]
    assert decoupling_progress([minhang], show="decoupled") == []
    for item in items[3:]:
        decoupling_item_verify(item=item, by=people["inspector"])
    assert [r.pk for r in decoupling_progress([minhang], show="decoupled")] == [people["association"].pk]


def test_decoupling_charts_match_counts_of_the_register(people, make_org, minhang, songjiang, private_files):
    year = timezone.localdate().year
    industry(make_org, name="上海市闵行区物流行业协会")
    industry(make_org, name="上海市松江区物流行业协会", jurisdiction=songjiang)
    make_org(name="上海市闵行区助老服务协会")  # not an industry association
    items = [submit(people, separation) for separation in Separation]
    for item in items:
        decoupling_item_verify(item=item, by=people["inspector"])
    charts = {chart.key: chart for chart in decoupling_charts(type(minhang).objects.filter(pk=minhang.pk), year)}
    expected_total = sum(
        1
        for o in type(people["association"]).objects.filter(jurisdiction=minhang)
        if o.direct_category == "industry" and o.org_type == "1"
    )
    decoupled = Decoupling.objects.filter(decoupled_on__year__lte=year, organization__jurisdiction=minhang).count()
    assert charts["decoupling_by_bureau"].rows == (
        (minhang.name, expected_total, decoupled, expected_total - decoupled),
    )
    assert expected_total == 2 and decoupled == 1
    by_separation = dict((row[0], row[1]) for row in charts["decoupling_by_separation"].rows)
    assert (
        by_separation["资产财务分离"] == DecouplingItem.objects.filter(separation="assets", status="verified").count()
    )
    # The year before anything was verified: nothing decoupled yet.
    earlier = decoupling_charts(type(minhang).objects.filter(pk=minhang.pk), year - 1)[0]
    assert all(row[2] == 0 for row in earlier.rows)


@pytest.mark.django_db(transaction=True)
def test_two_officers_verifying_the_last_two_items_at_once_decouple_the_association(
    minhang, songjiang, make_org, private_files
):
    inspector = UserFactory(username="mh-dc-a", is_staff=True)
    officer_assign(user=inspector, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    approver = UserFactory(username="mh-dc-b", is_staff=True)
    officer_assign(user=approver, jurisdiction=minhang, role=OfficerRole.APPROVER)
    association = industry(make_org, name="上海市闵行区软件行业协会")
    rep = UserFactory(username="dc-rep-2")
    assign_perm("registry.manage_organization", rep, association)
    items = [
        decoupling_item_submit(
            organization=association,
            separation=s,
            description=DESCRIPTION,
            by=rep,
            uploads=[upload("p.pdf", pdf_bytes())],
        )
        for s in Separation
    ]
    for item in items[:3]:
        decoupling_item_verify(item=item, by=inspector)
    errors, barrier = [], threading.Barrier(2)

    def verify(item, by):
        try:
            barrier.wait(5)
            decoupling_item_verify(item=item, by=by)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=verify, args=(items[3], inspector)),
        threading.Thread(target=verify, args=(items[4], approver)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert Decoupling.objects.get(organization=association).decoupled_on == timezone.localdate()

    # Two officers on one item: one verifies, the other is refused.
    other = industry(make_org, name="上海市闵行区物流行业协会")
    assign_perm("registry.manage_organization", rep, other)
    item = decoupling_item_submit(
        organization=other, separation="assets", description=DESCRIPTION, by=rep, uploads=[upload("p.pdf", pdf_bytes())]
    )
    errors.clear()
    barrier.reset()
    threads = [threading.Thread(target=verify, args=(item, by)) for by in (inspector, approver)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert DecouplingEvent.objects.filter(item=item, action="verify").count() == 1
