"""Standardization evaluation (规范化建设评估) walked through HTTP by the organization, officers and evaluators."""

import datetime
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from registry.choices import OfficerRole
from registry.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    Evaluator,
    GradeChange,
    IndicatorScore,
    IndicatorTable,
    Objection,
    OfficerAssignment,
    RoundStatus,
)
from registry.rules.display import local_date
from registry.services.certificates import issue_grade_certificate, issue_registration_certificates
from registry.services.register import grades_take_effect
from tests.factories import UserFactory
from tests.workflows.conftest import make_officer
from workflows.flows.evaluation.services import evaluation_notice_close
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


YESTERDAY = local_today() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff(minhang, songjiang):
    return {
        "manager": make_officer("mh_evaluation", minhang, OfficerRole.EVALUATOR),
        "committee": make_officer("mh_committee", minhang, OfficerRole.APPROVER),
        "songjiang": make_officer("sj_evaluation", songjiang, OfficerRole.EVALUATOR, OfficerRole.APPROVER),
    }


def make_evaluator(username, *, agency="上海社会组织评估事务所"):
    return Evaluator.objects.create(user=UserFactory(username=username, first_name=username), agency=agency)


@pytest.fixture
def experts(db):
    return [make_evaluator("expert_wang"), make_evaluator("expert_li"), make_evaluator("expert_zhao")]


@pytest.fixture
def organization(make_org, applicant):
    org = make_org(name="上海市闵行区社区公益服务协会", founded_on=datetime.date(2019, 4, 1))
    assign_perm("registry.manage_organization", applicant, org)
    return org


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_round(officer) -> EvaluationRound:
    tables = [IndicatorTable.objects.get(org_type=t, version=1).pk for t in ("1", "2", "3")]
    response = login(officer).post(
        "/workflow/work/evaluation/rounds/",
        {
            "jurisdiction": OfficerAssignment.objects.filter(user=officer).first().jurisdiction_id,
            "year": local_today().year,
            "title": f"{local_today().year}年度闵行区社会组织评估",
            "apply_from": (local_today() - datetime.timedelta(days=10)).isoformat(),
            "apply_until": (local_today() + datetime.timedelta(days=20)).isoformat(),
            "tables": tables,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return EvaluationRound.objects.get()


def apply_with_self_assessment(applicant, evaluation_round, organization) -> EvaluationApplication:
    client = login(applicant)
    response = client.post("/portal/evaluation/apply/", {"round": evaluation_round.pk, "organization": organization.pk})
    assert response.status_code == 302
    application = EvaluationApplication.objects.get(round=evaluation_round, organization=organization)
    url = f"/portal/evaluation/{application.pk}/"
    points = {
        f"points_{s.indicator_id}": s.indicator.max_points for s in application.scores.select_related("indicator")
    }
    client.post(
        url, {"action": "save", "summary": "本会章程健全，理事会按期换届，财务制度完善，服务社区居民。", **points}
    )
    client.post(url, {"action": "submit"})
    application.refresh_from_db()
    assert application.status == EvaluationStatus.SUBMITTED, [str(m) for m in client.get(url).context["messages"]]
    return application


def task_of(application, **extra) -> Task:
    return Task.objects.get(
        process__bureauprocess__evaluation=application,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
        **extra,
    )


def act(user, application, data):
    client = login(user)
    task = task_of(application)
    args = [task.process_id, task.pk]
    assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    return client.post(task.flow_task.reverse("execute", args=args), data)


def team_sheet(application, share: Decimal) -> dict:
    """Every indicator scored at `share` of its maximum (in half points), with a comment where points are lost."""
    data = {}
    for score in application.scores.select_related("indicator"):
        maximum = score.indicator.max_points
        points = (Decimal(maximum) * share * 2).to_integral_value(ROUND_DOWN) / 2
        data[f"points_{score.indicator_id}"] = str(points)
        data[f"note_{score.indicator_id}"] = "" if points == maximum else "制度执行记录不完整"
    return data


def score(leader, application, share=Decimal("0.85")):
    client = login(leader)
    data = {
        **team_sheet(application, share),
        "site_visit_on": local_today().isoformat(),
        "site_visit_note": "查阅会议记录、财务凭证，走访服务对象五名。",
        "team_summary": "内部治理规范，服务成效明显，档案管理有待加强。",
    }
    client.post(f"/portal/evaluating/{application.pk}/", {**data, "action": "save"})
    return client.post(f"/portal/evaluating/{application.pk}/", {**data, "action": "submit"}, follow=True)


def through_committee(applicant, staff, experts, evaluation_round, organization, share=Decimal("0.85")):
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    assert (
        act(staff["manager"], application, {"eligible": "1", "note": "登记满两年，近两年年检合格。"}).status_code == 302
    )
    team = {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk, "site_visit_on": ""}
    assert act(staff["manager"], application, team).status_code == 302
    score(experts[0].user, application, share)
    application.refresh_from_db()
    assert application.status == EvaluationStatus.COMMITTEE
    response = act(staff["committee"], application, {"grade": application.proposed_grade, "reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    return application


def publish(staff, evaluation_round):
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(apply_until=YESTERDAY)
    login(staff["manager"]).post(f"/workflow/work/evaluation/rounds/{evaluation_round.pk}/", {"action": "publish"})
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.NOTICE


def let_notice_run_out(evaluation_round):
    """The seven working days have passed."""
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(
        notice_starts_on=local_today() - datetime.timedelta(days=12), notice_ends_on=YESTERDAY
    )


def test_a_round_from_application_to_grade_certificate(
    applicant, staff, experts, organization, django_capture_on_commit_callbacks
):
    evaluation_round = open_round(staff["manager"])
    assert IndicatorTable.objects.get(org_type="1", version=1).locked

    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    assert application.self_total == Decimal("1000")
    assert task_of(application).flow_task.name == "eligibility"

    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})
    application.refresh_from_db()
    assert application.status == EvaluationStatus.SCORING

    # A member who is not the leader may save but not submit.
    response = score(experts[1].user, application)
    application.refresh_from_db()
    assert application.status == EvaluationStatus.SCORING
    assert "只有评估组组长可以提交评分。" in response.content.decode()

    score(experts[0].user, application)
    application.refresh_from_db()
    assert application.status == EvaluationStatus.COMMITTEE
    assert Decimal("800") <= application.team_total < Decimal("900")
    assert application.team_total == sum(
        IndicatorScore.objects.filter(application=application).values_list("team_points", flat=True)
    )
    assert application.proposed_grade == "4A"

    act(staff["committee"], application, {"grade": "4A", "reason": ""})
    application.refresh_from_db()
    assert application.status == EvaluationStatus.PROPOSED and application.committee_grade == "4A"

    # The notice waits for the application window to close.
    round_url = f"/workflow/work/evaluation/rounds/{evaluation_round.pk}/"
    response = login(staff["manager"]).post(round_url, {"action": "publish"}, follow=True)
    assert "后方可公示" in response.content.decode()
    publish(staff, evaluation_round)
    assert evaluation_round.notice_starts_on == local_today()
    assert (evaluation_round.notice_ends_on - local_today()).days >= 9  # seven working days span a weekend at least

    # Announcing before the notice has run is refused.
    response = login(staff["committee"]).post(round_url, {"action": "announce"}, follow=True)
    assert "期满后方可公告" in response.content.decode()

    let_notice_run_out(evaluation_round)
    with django_capture_on_commit_callbacks(execute=True):
        login(staff["committee"]).post(round_url, {"action": "announce"})
    application.refresh_from_db()
    organization.refresh_from_db()
    assert application.status == EvaluationStatus.AWARDED
    # Revised 办法 (rounds from 1 March 2026): in force from 1 January after the announcement to 31 December of
    # the fifth year; until then the register shows the grade in force (none here).
    assert evaluation_round.rules == "2026"
    assert organization.grade == "" and application.grade_expires_on == datetime.date(local_today().year + 5, 12, 31)
    assert GradeChange.objects.get(organization=organization).pending
    assert grades_take_effect(today=datetime.date(local_today().year, 12, 31)) == 0
    assert grades_take_effect(today=datetime.date(local_today().year + 1, 1, 1)) == 1
    organization.refresh_from_db()
    assert organization.grade == "4A"
    assert organization.grade_expires_on == datetime.date(local_today().year + 5, 12, 31)
    certificate = Certificate.objects.get(organization=organization, kind=CertificateKind.GRADE)
    assert certificate.status == CertificateStatus.VALID and certificate.valid_until == organization.grade_expires_on
    assert certificate.snapshot["grade"] == "4A"
    assert GradeChange.objects.get(organization=organization).to_grade == "4A"
    assert BureauProcess.objects.get(evaluation=application).status == PROCESS.DONE
    assert any("评估结果公告" in m.subject for m in mail.outbox)
    page = Client().get(f"/organizations/{organization.uscc}/").content.decode()
    assert "评估等级记录" in page and "4A" in page


def test_public_notice_page_shows_the_proposed_grades_period_and_objection_form(
    applicant, staff, experts, organization, make_org
):
    evaluation_round = open_round(staff["manager"])
    # While applications are being evaluated nothing is public.
    assert Client().get(f"/notices/evaluation/{evaluation_round.pk}/").status_code == 404
    application = through_committee(applicant, staff, experts, evaluation_round, organization)
    publish(staff, evaluation_round)

    page = Client().get(f"/notices/evaluation/{evaluation_round.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{evaluation_round.title}结果公示" in html
    assert organization.name in html and organization.uscc in html and application.committee_grade in html
    assert "公示期为 7 个工作日" in html
    assert evaluation_round.notice_ends_on.strftime("%Y") in html
    assert "提出异议" in html and 'name="phone"' in html
    assert "拟定等级" in html
    listing = Client().get("/notices/evaluation/").content.decode()
    assert evaluation_round.title in listing

    let_notice_run_out(evaluation_round)
    html = Client().get(f"/notices/evaluation/{evaluation_round.pk}/").content.decode()
    assert "公示期已结束，不再受理异议" in html and 'name="phone"' not in html


def test_an_objection_upheld_by_the_evaluation_committee_changes_the_grade(
    applicant, staff, experts, organization, django_capture_on_commit_callbacks
):
    evaluation_round = open_round(staff["manager"])
    application = through_committee(applicant, staff, experts, evaluation_round, organization)
    assert application.committee_grade == "4A"
    publish(staff, evaluation_round)

    # Anyone may object during the notice, with contact details; without them nothing is filed.
    url = f"/notices/evaluation/{evaluation_round.pk}/"
    public = Client(REMOTE_ADDR="203.0.113.9")
    response = public.post(url, {"application": application.pk, "name": "", "phone": "1", "content": "不实"})
    assert response.status_code == 400 and Objection.objects.count() == 0
    response = public.post(
        url,
        {
            "application": application.pk,
            "name": "陈明",
            "phone": "13900001111",
            "email": "chen@example.org",
            "content": "该会2025年度未召开会员大会，评估材料中的会议纪要系事后补写。",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.filed_from == "203.0.113.9" and objection.phone == "13900001111"

    # After the notice, the objected grade goes to review instead of waiting for the announcement.
    let_notice_run_out(evaluation_round)
    call_command("evaluation_notices_close", verbosity=0)
    application.refresh_from_db()
    assert application.status == EvaluationStatus.REVIEW
    assert task_of(application).flow_task.name == "review"

    # Review may not change a grade while dismissing every objection.
    key = str(objection.pk)
    response = act(
        staff["committee"],
        application,
        {f"upheld_{key}": "0", f"reply_{key}": "经核实，会议纪要真实。", "grade": "3A", "reason": "降级"},
    )
    assert response.status_code == 200 and "没有成立的异议时，不能改变拟定等级。" in response.content.decode()
    response = login(staff["committee"]).post(
        task_of(application).flow_task.reverse(
            "execute", args=[task_of(application).process_id, task_of(application).pk]
        ),
        {
            f"upheld_{key}": "1",
            f"reply_{key}": "经核实，会员大会未按章程召开，异议成立。",
            "grade": "3A",
            "reason": "内部治理部分扣减相应分值，等级由4A调整为3A。",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    objection.refresh_from_db()
    assert application.status == EvaluationStatus.CONCLUDED and application.final_grade == "3A"
    assert objection.status == "upheld" and objection.decided_by == staff["committee"]

    with django_capture_on_commit_callbacks(execute=True):
        login(staff["committee"]).post(
            f"/workflow/work/evaluation/rounds/{evaluation_round.pk}/", {"action": "announce"}
        )
    grades_take_effect(today=datetime.date(local_today().year + 1, 1, 1))
    organization.refresh_from_db()
    assert organization.grade == "3A"
    assert Certificate.objects.get(organization=organization, kind=CertificateKind.GRADE).snapshot["grade"] == "3A"
    html = Client().get(url).content.decode()
    assert "结果公告" in html and "3A" in html


def test_objections_are_rate_limited_per_address(settings, applicant, staff, experts, organization):
    settings.REGISTRY = {**settings.REGISTRY, "OBJECTIONS_PER_HOUR": 2}
    evaluation_round = open_round(staff["manager"])
    application = through_committee(applicant, staff, experts, evaluation_round, organization)
    publish(staff, evaluation_round)
    url = f"/notices/evaluation/{evaluation_round.pk}/"
    data = {
        "application": application.pk,
        "name": "陈明",
        "phone": "13900001111",
        "content": "评估材料与实际情况不符，请复核。",
    }
    public = Client(REMOTE_ADDR="198.51.100.7")
    assert [public.post(url, data).status_code for _ in range(3)] == [302, 302, 429]
    assert Objection.objects.count() == 2
    assert Client(REMOTE_ADDR="198.51.100.8").post(url, data).status_code == 302


def test_an_ineligible_organization_is_refused_with_the_reason(applicant, staff, make_org):
    young = make_org(name="上海市闵行区新成立公益协会", founded_on=local_today() - datetime.timedelta(days=400))
    assign_perm("registry.manage_organization", applicant, young)
    evaluation_round = open_round(staff["manager"])
    client = login(applicant)
    listing = client.get("/portal/evaluation/").content.decode()
    assert "暂不符合申请条件" in listing and "取得登记证书满 2 年的社会组织方可申请评估" in listing

    response = client.post(
        "/portal/evaluation/apply/", {"round": evaluation_round.pk, "organization": young.pk}, follow=True
    )
    html = response.content.decode()
    assert "不符合本轮评估的申请条件" in html
    assert f"取得登记证书满 2 年的社会组织方可申请评估（登记日期：{local_date(young.founded_on)}）" in html
    assert not EvaluationApplication.objects.exists()


def test_officers_refuse_an_application_with_a_reason_the_organization_sees(
    applicant, staff, organization, django_capture_on_commit_callbacks
):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    response = act(staff["manager"], application, {"eligible": "0", "note": ""})
    assert response.status_code == 200  # a refusal without a reason is not accepted
    with django_capture_on_commit_callbacks(execute=True):
        task = task_of(application)
        login(staff["manager"]).post(
            task.flow_task.reverse("execute", args=[task.process_id, task.pk]),
            {"eligible": "0", "note": "2024年受到警告的行政处罚，处罚期内不得申请评估。"},
        )
    application.refresh_from_db()
    assert application.status == EvaluationStatus.REFUSED
    assert BureauProcess.objects.get(evaluation=application).status == PROCESS.DONE
    page = login(applicant).get(f"/portal/evaluation/{application.pk}/").content.decode()
    assert "受到警告的行政处罚" in page
    assert any("受到警告的行政处罚" in m.body for m in mail.outbox)


def test_an_evaluator_sees_only_assigned_organizations(applicant, staff, experts, organization, make_org):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})

    outsider = login(experts[2].user)
    assert organization.name not in outsider.get("/portal/evaluating/").content.decode()
    assert outsider.get(f"/portal/evaluating/{application.pk}/").status_code == 404
    assert (
        outsider.post(
            f"/portal/evaluating/{application.pk}/", {**team_sheet(application, Decimal(1)), "action": "save"}
        ).status_code
        == 404
    )
    assert not IndicatorScore.objects.filter(application=application, team_points__isnull=False).exists()
    # Evaluators are not officers: the officers' workspace is closed to them.
    assert outsider.get("/workflow/work/").status_code in (302, 403)

    member = login(experts[1].user)
    assert organization.name in member.get("/portal/evaluating/").content.decode()
    assert member.get(f"/portal/evaluating/{application.pk}/").status_code == 200


def test_scores_above_an_indicators_maximum_are_refused_and_nothing_is_saved(applicant, staff, experts, organization):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})
    sheet = team_sheet(application, Decimal(1))
    first = application.scores.select_related("indicator").first()
    sheet[f"points_{first.indicator_id}"] = str(first.indicator.max_points + 1)
    response = login(experts[0].user).post(
        f"/portal/evaluating/{application.pk}/", {**sheet, "action": "save"}, follow=True
    )
    assert f"超过该项满分 {first.indicator.max_points} 分" in response.content.decode()
    assert not IndicatorScore.objects.filter(application=application, team_points__isnull=False).exists()


def test_the_committee_records_a_reason_to_depart_from_the_score(applicant, staff, experts, organization):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})
    score(experts[0].user, application)
    response = act(staff["committee"], application, {"grade": "5A", "reason": ""})
    assert "须写明调整理由" in response.content.decode()
    application.refresh_from_db()
    assert application.status == EvaluationStatus.COMMITTEE


def test_another_bureau_cannot_see_or_work_the_round(applicant, staff, organization):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    songjiang = login(staff["songjiang"])
    assert songjiang.get(f"/workflow/work/evaluation/rounds/{evaluation_round.pk}/").status_code == 404
    task = task_of(application)
    songjiang.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    task.refresh_from_db()
    assert task.owner is None


def test_only_the_bureaus_officers_or_the_daily_command_close_a_notice(applicant, staff, experts, organization):
    evaluation_round = open_round(staff["manager"])
    application = through_committee(applicant, staff, experts, evaluation_round, organization)
    publish(staff, evaluation_round)
    let_notice_run_out(evaluation_round)
    with pytest.raises(PermissionDenied):
        evaluation_notice_close(evaluation_round=evaluation_round, by=staff["songjiang"])
    application.refresh_from_db()
    assert application.status == EvaluationStatus.NOTICE
    assert evaluation_notice_close(evaluation_round=evaluation_round, by=None) == 1


def test_grades_lapse_at_expiry(make_org, staff):
    organization = make_org(grade="3A", grade_expires_on=YESTERDAY)
    issue_registration_certificates(organization=organization)
    issue_grade_certificate(organization=organization, issued_on=YESTERDAY.replace(year=YESTERDAY.year - 5))
    current = make_org(grade="4A", grade_expires_on=local_today())

    call_command("evaluation_grades_lapse", verbosity=0)
    organization.refresh_from_db()
    current.refresh_from_db()
    assert organization.grade == "" and organization.grade_expires_on is None
    assert current.grade == "4A"  # valid through its last day
    change = GradeChange.objects.get(organization=organization)
    assert change.kind == "lapsed" and change.from_grade == "3A"
    statuses = dict(Certificate.objects.filter(organization=organization).values_list("kind", "status"))
    assert statuses == {
        CertificateKind.GRADE: CertificateStatus.REVOKED,
        CertificateKind.REGISTRATION: CertificateStatus.VALID,
    }
    call_command("evaluation_grades_lapse", verbosity=0)
    assert GradeChange.objects.filter(organization=organization).count() == 1


def test_a_grade_is_lowered_then_withdrawn_by_recorded_decisions(make_org, staff):
    organization = make_org(
        grade="4A", grade_expires_on=local_today().replace(year=local_today().year + 3), last_inspection_result="failed"
    )
    issue_grade_certificate(organization=organization)
    url = f"/workflow/work/evaluation/grades/{organization.pk}/"
    assert organization.name in login(staff["manager"]).get("/workflow/work/evaluation/rounds/").content.decode()

    # The evaluation officer may see but not decide; the section head decides.
    response = login(staff["manager"]).post(
        url, {"to_grade": "2A", "basis": "failed_inspection", "reason": "2025年度年检不合格"}
    )
    assert "没有在该登记管理机关办理此事项的权限" in response.content.decode()
    response = login(staff["committee"]).post(
        url, {"to_grade": "2A", "basis": "failed_inspection", "reason": "2025年度年检不合格"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.grade == "2A"
    grade_certificates = Certificate.objects.filter(organization=organization, kind=CertificateKind.GRADE)
    assert grade_certificates.get(status=CertificateStatus.VALID).snapshot["grade"] == "2A"

    response = login(staff["committee"]).post(
        url, {"to_grade": "", "basis": "false_materials", "reason": "评估材料造假"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.grade == "" and not grade_certificates.filter(status=CertificateStatus.VALID).exists()
    kinds = list(GradeChange.objects.filter(organization=organization).order_by("id").values_list("kind", flat=True))
    assert kinds == ["lowered", "withdrawn"]
    assert "评估中提供虚假材料：评估材料造假" in Client().get(f"/organizations/{organization.uscc}/").content.decode()
    assert login(staff["songjiang"]).get(url).status_code == 404


def test_tracking_and_verification_evaluations_are_recorded_and_may_lower_the_grade(make_org, staff):
    """社会组织评估管理办法 (2026): 跟踪评估 and 核查评估 of graded organizations; the section head records them."""
    organization = make_org(grade="4A", grade_expires_on=local_today().replace(year=local_today().year + 3))
    issue_grade_certificate(organization=organization)
    url = f"/workflow/work/evaluation/grades/{organization.pk}/"
    response = login(staff["committee"]).post(
        url, {"to_grade": "4A", "basis": "tracking", "reason": "跟踪评估：各项指标保持良好"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.grade == "4A" and not GradeChange.objects.filter(organization=organization).exists()
    response = login(staff["committee"]).post(
        url, {"to_grade": "4A", "basis": "failed_inspection", "reason": "年检不合格"}
    )
    assert "新等级须低于现有等级" in response.content.decode()  # keeping is the outcome of a review only
    response = login(staff["committee"]).post(
        url, {"to_grade": "3A", "basis": "verification", "reason": "核查发现理事会未按期换届"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.grade == "3A"
    change = GradeChange.objects.get(organization=organization)
    assert (change.kind, change.reason) == ("lowered", "核查评估结论：核查发现理事会未按期换届")
    page = login(staff["committee"]).get(url).content.decode()
    assert page.count('class="grade-review"') == 2 and "跟踪评估：各项指标保持良好" in page


def test_an_organization_revoked_during_the_notice_gets_no_grade(applicant, staff, experts, organization):
    from registry.models import Organization

    evaluation_round = open_round(staff["manager"])
    application = through_committee(applicant, staff, experts, evaluation_round, organization)
    publish(staff, evaluation_round)
    Organization.objects.filter(pk=organization.pk).update(status="revoked")
    let_notice_run_out(evaluation_round)
    login(staff["committee"]).post(f"/workflow/work/evaluation/rounds/{evaluation_round.pk}/", {"action": "announce"})
    application.refresh_from_db()
    organization.refresh_from_db()
    assert application.status == EvaluationStatus.NO_GRADE
    assert organization.grade == "" and not Certificate.objects.filter(kind=CertificateKind.GRADE).exists()


@pytest.mark.parametrize("bad", ["NaN", "abc", "Infinity"])
def test_a_score_that_is_not_a_number_is_refused(applicant, staff, experts, organization, bad):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})
    sheet = team_sheet(application, Decimal(1))
    first = application.scores.first()
    sheet[f"points_{first.indicator_id}"] = bad
    response = login(experts[0].user).post(
        f"/portal/evaluating/{application.pk}/", {**sheet, "action": "save"}, follow=True
    )
    assert f"得分“{bad}”不是有效的数字。" in response.content.decode()
    assert not IndicatorScore.objects.filter(application=application, team_points__isnull=False).exists()


def test_an_impossible_site_visit_date_is_refused(applicant, staff, experts, organization):
    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    act(staff["manager"], application, {"evaluators": [experts[0].pk, experts[1].pk], "leader": experts[0].pk})
    data = {**team_sheet(application, Decimal(1)), "site_visit_on": "2026-02-30", "action": "save"}
    response = login(experts[0].user).post(f"/portal/evaluating/{application.pk}/", data, follow=True)
    assert "实地考察日期格式不正确。" in response.content.decode()
    application.refresh_from_db()
    assert application.site_visit_on is None


def test_malformed_application_ids_are_not_found(applicant, staff, organization):
    evaluation_round = open_round(staff["manager"])
    client = login(applicant)
    assert client.post("/portal/evaluation/apply/", {"round": "x", "organization": organization.pk}).status_code == 404
    assert (
        client.post("/portal/evaluation/apply/", {"round": evaluation_round.pk, "organization": ""}).status_code == 404
    )
    assert not EvaluationApplication.objects.exists()


def test_officers_cannot_accept_an_applicant_listed_as_dishonest_since_it_applied(applicant, staff, organization):
    from registry.models import Organization

    evaluation_round = open_round(staff["manager"])
    application = apply_with_self_assessment(applicant, evaluation_round, organization)
    Organization.objects.filter(pk=organization.pk).update(on_dishonest_list=True)
    response = act(staff["manager"], application, {"eligible": "1", "note": "符合条件。"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "不能受理：该组织目前不符合申请条件。" in html and "已列入严重违法失信名单，不得申请评估。" in html
    application.refresh_from_db()
    assert application.status == EvaluationStatus.SUBMITTED


def test_a_grade_outside_the_scale_is_refused(make_org, staff):
    from django.core.exceptions import ValidationError

    from registry.services.register import grade_change

    organization = make_org(grade="4A", grade_expires_on=local_today().replace(year=local_today().year + 3))
    with pytest.raises(ValidationError, match="评估等级“6A”无效。"):
        grade_change(organization=organization, by=staff["committee"], to_grade="6A", basis="other", reason="无")
    organization.refresh_from_db()
    assert organization.grade == "4A" and not GradeChange.objects.exists()


def test_re_evaluation_is_allowed_while_a_grade_is_valid(applicant, staff, organization):
    from registry.selectors import eligibility_of

    Organization = type(organization)
    Organization.objects.filter(pk=organization.pk).update(
        grade="3A", grade_expires_on=datetime.date(local_today().year + 3, 12, 31)
    )
    organization.refresh_from_db()
    evaluation_round = open_round(staff["manager"])
    assert eligibility_of(organization=organization, evaluation_round=evaluation_round, on=local_today()) == []


def test_a_light_penalty_no_longer_excludes_under_the_revised_rules(applicant, staff, organization):
    from registry.rules.credit import CreditReason
    from registry.selectors import eligibility_of
    from registry.services.credit import credit_list_add

    credit_list_add(organization=organization, reason_code=CreditReason.SMALL_PENALTY, reason="警告", on=local_today())
    type(organization).objects.filter(pk=organization.pk).update(last_inspection_result="failed")
    organization.refresh_from_db()
    evaluation_round = open_round(staff["manager"])
    assert eligibility_of(organization=organization, evaluation_round=evaluation_round, on=local_today()) == []
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(rules="2010")  # opened before 1 March 2026
    evaluation_round.refresh_from_db()
    problems = eligibility_of(organization=organization, evaluation_round=evaluation_round, on=local_today())
    assert "已列入活动异常名录，移出后方可申请评估。" in problems
    assert "最近一次年检结论为不合格，不得申请评估。" in problems
