"""Elections, extensions, reminders, officer filings and departure audits through their services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import HistoryAction, OfficerRole, OrgType
from registry.models import (
    DepartureAudit,
    Election,
    ExtensionStatus,
    FilingStatus,
    OfficerFiling,
    OrganizationOfficer,
    Rectification,
    SupervisionSource,
)
from registry.selectors import current_term, overdue_elections, serving_officers
from registry.services.elections import (
    election_file,
    election_rectification_order,
    election_remind,
    election_submit,
    extension_apply,
    extension_decide,
)
from registry.services.officer_filings import departure_audit_file, officer_filing_decide, officer_filing_submit
from tests.factories import UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


@pytest.fixture
def people(minhang, songjiang):
    return {
        "window": make_officer("el_window", minhang, OfficerRole.WINDOW),
        "approver": make_officer("el_approver", minhang, OfficerRole.APPROVER),
        "inspector": make_officer("el_inspector", minhang, OfficerRole.INSPECTOR),
        "songjiang_window": make_officer("el_sj_window", songjiang, OfficerRole.WINDOW),
    }


@pytest.fixture
def association(make_org):
    organization = make_org(name="上海市闵行区合唱协会")
    organization.representative = UserFactory(username="choir_rep")
    assign_perm("registry.manage_organization", organization.representative, organization)
    return organization


def submit(organization, *, elected_on, term_years=5, **extra):
    kwargs = {
        "organization": organization,
        "by": organization.representative,
        "elected_on": elected_on,
        "voting_body": "assembly",
        "term_years": term_years,
        "officers_elected": "会长张伟；秘书长王芳",
        "minutes": upload("minutes.pdf", pdf_bytes("minutes")),
        **extra,
    }
    return election_submit(**kwargs)


def filed_election(organization, window, *, elected_on, term_years=5):
    return election_file(
        election=submit(organization, elected_on=elected_on, term_years=term_years), by=window, filed=True
    )


def test_an_election_is_filed_and_becomes_the_current_term(association, people):
    election = submit(association, elected_on=datetime.date(2024, 3, 10), term_years=4)
    assert election.status == FilingStatus.SUBMITTED and election.due_on > local_today()
    assert current_term(association).election is None
    election_file(election=election, by=people["window"], filed=True)
    term = current_term(association)
    assert term.election == election and term.ends_on == datetime.date(2028, 3, 9)
    assert association.history.filter(action=HistoryAction.ELECTION_FILED).count() == 1


def test_bad_input_creates_nothing_and_stores_no_file(association, settings):
    with pytest.raises(ValidationError) as refused:
        submit(association, elected_on=local_today(), term_years=6, minutes=upload("minutes.png", png_bytes()))
    assert "每届任期应为1至5年" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError, match="PDF"):
        submit(association, elected_on=local_today(), minutes=upload("minutes.png", png_bytes()))
    assert not Election.objects.exists()
    # A refusal after the upload was stored (another filing is open) removes the stored file again.
    submit(association, elected_on=local_today())
    with pytest.raises(ValidationError, match="已有一份换届备案在办理中"):
        submit(association, elected_on=local_today())
    assert Election.objects.count() == 1
    assert len([path for path in (settings.MEDIA_ROOT / "elections").rglob("*") if path.is_file()]) == 1


def test_a_change_of_legal_representative_at_the_election_needs_the_audit(association):
    with pytest.raises(ValidationError) as refused:
        submit(association, elected_on=local_today(), legal_rep_changes=True)
    assert "换届前财务审计" in " ".join(refused.value.messages)
    election = submit(
        association,
        elected_on=local_today(),
        legal_rep_changes=True,
        audit_report=upload("audit.pdf", pdf_bytes("audit")),
        auditor="上海立信会计师事务所",
        audit_on=local_today() - datetime.timedelta(days=10),
    )
    assert election.audit_stored_name and election.auditor == "上海立信会计师事务所"


def test_a_foundation_always_needs_the_audit(make_org):
    foundation = make_org(name="上海市春晖助学基金会", org_type=OrgType.FOUNDATION, registered_funds=2_000_000)
    foundation.representative = UserFactory(username="fund_rep")
    assign_perm("registry.manage_organization", foundation.representative, foundation)
    with pytest.raises(ValidationError, match="换届前财务审计"):
        submit(foundation, elected_on=local_today())


def test_the_window_of_another_bureau_cannot_file_it(association, people):
    election = submit(association, elected_on=local_today())
    with pytest.raises(PermissionDenied):
        election_file(election=election, by=people["songjiang_window"], filed=True)
    with pytest.raises(PermissionDenied):
        submit(association, elected_on=local_today(), by=people["window"])


def test_a_return_needs_reasons_and_leaves_the_term_as_it_was(association, people):
    election = submit(association, elected_on=local_today())
    with pytest.raises(ValidationError, match="理由"):
        election_file(election=election, by=people["window"], filed=False, reason="")
    election_file(election=election, by=people["window"], filed=False, reason="选举结果未加盖公章")
    assert Election.objects.get().status == FilingStatus.RETURNED and current_term(association).election is None


def test_the_overdue_list_finds_an_ended_term_and_drops_it_once_an_election_is_filed(association, people, make_org):
    filed_election(association, people["window"], elected_on=datetime.date(2020, 6, 1), term_years=5)
    current = make_org(name="上海市闵行区书画协会")
    current.representative = association.representative
    assign_perm("registry.manage_organization", association.representative, current)
    filed_election(current, people["window"], elected_on=local_today() - datetime.timedelta(days=30))

    rows = overdue_elections(today=local_today())
    assert [row.organization for row in rows] == [association]
    assert (
        rows[0].term_ends_on == datetime.date(2025, 5, 31)
        and rows[0].days_overdue == (local_today() - rows[0].term_ends_on).days
    )

    filed_election(association, people["window"], elected_on=local_today())
    assert overdue_elections(today=local_today()) == []


def test_an_approved_extension_keeps_the_organization_off_the_list_until_its_date(association, people):
    end = local_today() - datetime.timedelta(days=10)
    filed_election(
        association,
        people["window"],
        elected_on=end + datetime.timedelta(days=1) - datetime.timedelta(days=365 * 3 + 1),
        term_years=3,
    )
    end = current_term(association).ends_on
    with pytest.raises(ValidationError, match="最长不超过1年"):
        extension_apply(
            organization=association,
            by=association.representative,
            new_date=end + datetime.timedelta(days=400),
            reason="会员分布各地，需推迟",
        )
    extension = extension_apply(
        organization=association,
        by=association.representative,
        new_date=end + datetime.timedelta(days=90),
        reason="会员分布各地，需推迟",
    )
    assert [row.organization for row in overdue_elections(today=local_today())] == [association]
    with pytest.raises(PermissionDenied):
        extension_decide(extension=extension, by=people["window"], approved=True, reason="情况属实")
    extension_decide(extension=extension, by=people["approver"], approved=True, reason="情况属实")
    assert extension.__class__.objects.get().status == ExtensionStatus.APPROVED
    assert overdue_elections(today=local_today()) == []
    assert [r.organization for r in overdue_elections(today=end + datetime.timedelta(days=91))] == [association]


def test_rectification_is_ordered_only_after_a_reminder_and_its_grace_period(association, people, settings):
    filed_election(association, people["window"], elected_on=datetime.date(2019, 1, 1), term_years=5)
    with pytest.raises(ValidationError, match="先向该组织发出换届提醒"):
        election_rectification_order(organization=association, by=people["inspector"])
    with pytest.raises(PermissionDenied):
        election_remind(organization=association, by=people["window"], text="请尽快换届")
    sent_on = local_today() - datetime.timedelta(days=10)
    election_remind(
        organization=association, by=people["inspector"], text="本届任期已届满，请于30日内换届。", today=sent_on
    )
    with pytest.raises(ValidationError, match="30日"):
        election_rectification_order(organization=association, by=people["inspector"])
    settings.REGISTRY = {**settings.REGISTRY, "ELECTION_REMINDER_GRACE_DAYS": 10}
    rectification = election_rectification_order(organization=association, by=people["inspector"])
    assert rectification.source == SupervisionSource.ELECTION and rectification.organization == association
    assert overdue_elections(today=local_today())[0].reminder.rectification == rectification
    with pytest.raises(ValidationError, match="已就本次"):
        election_rectification_order(organization=association, by=people["inspector"])
    assert Rectification.objects.count() == 1


def test_a_reminder_is_refused_for_an_organization_not_overdue(association, people):
    filed_election(association, people["window"], elected_on=local_today())
    with pytest.raises(ValidationError, match="没有逾期未换届"):
        election_remind(organization=association, by=people["inspector"], text="请尽快换届")


# --- 负责人备案 ---------------------------------------------------------------------------------------------


@pytest.fixture
def officers(association):
    chair = OrganizationOfficer.objects.create(
        organization=association, position="会长", name="张伟", id_number=association.legal_rep_id_number
    )
    sg = OrganizationOfficer.objects.create(
        organization=association, position="秘书长", name="王芳", id_number="110101199003070011"
    )
    return chair, sg


def appoint(position, name, id_number, years=5):
    return {
        "position": position,
        "name": name,
        "id_number": id_number,
        "term_ends_on": local_today().replace(year=local_today().year + years) - datetime.timedelta(days=1),
    }


def test_an_officer_filing_replaces_the_secretary_general_and_keeps_history(association, officers, people):
    chair, sg = officers
    filing = officer_filing_submit(
        organization=association,
        by=association.representative,
        leaving_ids=[sg.pk],
        appointments=[
            appoint("secretary_general", "李娜", "110105198501010039"),
            appoint("supervisor", "赵强", "110105198001010016"),
        ],
    )
    assert list(serving_officers(association).values_list("name", flat=True)) == ["张伟", "王芳"]
    officer_filing_decide(filing=filing, by=people["window"], filed=True)
    serving = {o.name: o for o in serving_officers(association)}
    assert set(serving) == {"张伟", "李娜", "赵强"} and serving["李娜"].position == "秘书长"
    assert serving["赵强"].term_starts_on == local_today() and serving["赵强"].position == "监事"
    sg.refresh_from_db()
    assert sg.left_on == local_today()  # kept with the day they left
    assert association.history.get(action=HistoryAction.OFFICERS_FILED).reason.startswith("免职秘书长 王芳")


def test_a_wrong_id_number_refuses_the_filing_and_changes_nothing(association, officers):
    with pytest.raises(ValidationError) as refused:
        officer_filing_submit(
            organization=association,
            by=association.representative,
            leaving_ids=[],
            appointments=[appoint("vice_chair", "李娜", "110105198501010031")],
        )
    assert "第1位新任负责人身份证号码：身份证号码校验码错误。" in refused.value.messages
    assert not OfficerFiling.objects.exists()


def test_a_second_chair_or_removing_the_legal_representative_is_refused(association, officers):
    chair, _sg = officers
    with pytest.raises(ValidationError, match="只能有一人"):
        officer_filing_submit(
            organization=association,
            by=association.representative,
            leaving_ids=[],
            appointments=[appoint("chair", "李娜", "110105198501010039")],
        )
    with pytest.raises(ValidationError, match="须办理变更登记"):
        officer_filing_submit(
            organization=association, by=association.representative, leaving_ids=[chair.pk], appointments=[]
        )
    assert not OfficerFiling.objects.exists()


def test_the_window_of_another_bureau_cannot_file_officers(association, officers, people):
    filing = officer_filing_submit(
        organization=association,
        by=association.representative,
        leaving_ids=[],
        appointments=[appoint("vice_chair", "李娜", "110105198501010039")],
    )
    with pytest.raises(PermissionDenied):
        officer_filing_decide(filing=filing, by=people["songjiang_window"], filed=True)
    officer_filing_decide(filing=filing, by=people["window"], filed=False, reason="缺少任职决议")
    assert OfficerFiling.objects.get().status == FilingStatus.RETURNED
    assert serving_officers(association).count() == 2


def test_the_departure_audit_is_filed_for_the_current_legal_representative(association):
    with pytest.raises(ValidationError) as refused:
        departure_audit_file(
            organization=association,
            by=association.representative,
            auditor="",
            period_from=local_today(),
            period_to=local_today() - datetime.timedelta(days=1),
            report=None,
        )
    assert len(refused.value.messages) == 3 and not DepartureAudit.objects.exists()
    audit = departure_audit_file(
        organization=association,
        by=association.representative,
        auditor="上海立信会计师事务所",
        period_from=datetime.date(2021, 1, 1),
        period_to=local_today(),
        report=upload("audit.pdf", pdf_bytes("audit")),
    )
    assert audit.legal_rep_name == "张伟" and audit.legal_rep_id_number == association.legal_rep_id_number


def test_the_window_is_told_when_a_new_chair_already_represents_another_association(association, make_org, people):
    from registry.selectors import chair_legal_rep_notes

    make_org(name="上海市闵行区象棋协会", legal_rep_name="李娜", legal_rep_id_number="110105198501010039")
    filing = officer_filing_submit(
        organization=association,
        by=association.representative,
        leaving_ids=[],
        appointments=[appoint("chair", "李娜", "110105198501010039")],
    )
    assert chair_legal_rep_notes(filing) == [
        "李娜已担任其他社会团体的法定代表人，不得同时担任两个社会团体的法定代表人。"
    ]
