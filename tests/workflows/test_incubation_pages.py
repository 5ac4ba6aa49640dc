"""Officers' incubation pages: the bases of their district with occupancy and an Excel export, a base's forms
refusing bad input beside them, and the link between an incubatee and its registration application, shown on
the application's review page and graduating the incubatee when the organization is registered."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from registry.choices import OrgType
from registry.models import Admission, AdmissionEvent, AdmissionStatus, IncubationBase, IncubationManager
from registry.services.application_review import application_accept, application_approve
from registry.services.incubation import incubation_admit, incubation_link_application
from registry.services.register import organization_register
from tests.factories import IncubationBaseFactory, UserFactory
from tests.workflows.conftest import fill_application, open_task

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


def admit_team(base, by, name="古美一村编织队"):
    return incubation_admit(
        base=base,
        by=by,
        field="culture",
        admitted_on=local_today() - datetime.timedelta(days=30),
        planned_graduation_on=local_today() + datetime.timedelta(days=300),
        group_name=name,
        contact_name="王芳",
        contact_phone="13800001111",
    )


def test_the_bases_list_shows_occupancy_of_the_officers_district_and_exports_it(client, bureau, songjiang):
    park = IncubationBaseFactory(name="闵行区公益园", capacity=3)
    IncubationBaseFactory(name="松江区公益园", jurisdiction=songjiang)
    admit_team(park, bureau["reviewer"])
    client.force_login(bureau["reviewer"])
    page = client.get("/workflow/work/incubation/").content.decode()
    assert "闵行区公益园" in page and "松江区公益园" not in page
    response = client.get("/workflow/work/incubation/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "闵行区公益园" and rows[1][6:9] == (3, 1, 2)
    assert len(rows) == 2
    client.force_login(bureau["sj_window"])
    assert client.get(f"/workflow/work/incubation/{park.pk}/").status_code == 404


def test_a_full_base_refuses_admission_on_its_page_and_saves_nothing(client, bureau):
    park = IncubationBaseFactory(capacity=1)
    admit_team(park, bureau["window"])
    client.force_login(bureau["window"])
    response = client.post(
        f"/workflow/work/incubation/{park.pk}/",
        {
            "action": "admit",
            "admit-group_name": "古美二村舞蹈队",
            "admit-contact_name": "陈静",
            "admit-contact_phone": "13800002222",
            "admit-field": "culture",
            "admit-admitted_on": local_today().isoformat(),
            "admit-planned_graduation_on": (local_today() + datetime.timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "该孵化基地1个名额已满（在孵1个）" in response.content.decode()
    assert Admission.objects.filter(base=park).count() == 1


def test_the_bases_excel_lists_its_incubatees_services_and_figures(client, bureau):
    park = IncubationBaseFactory()
    admit_team(park, bureau["window"])
    client.force_login(bureau["window"])
    response = client.get(f"/workflow/work/incubation/{park.pk}/?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    incubatees = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert incubatees[1][0] == "古美一村编织队" and incubatees[1][5] == "在孵"
    figures = {row[0]: row[1] for row in workbook.worksheets[2].iter_rows(values_only=True)}
    assert figures["在孵"] == 1


def test_a_linked_application_shows_the_incubation_on_its_review_page_and_its_registration_graduates(
    client, applicant, bureau, minhang
):
    park = IncubationBaseFactory(name="闵行区公益园")
    admission = admit_team(park, bureau["reviewer"], name="阳光养老服务队")
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()

    # The base's officer links the application by the file number the group quotes, on the base's page.
    client.force_login(bureau["reviewer"])
    response = client.post(
        f"/workflow/work/incubation/{park.pk}/",
        {"action": "link", "link-admission": admission.pk, "link-reference": application.reference},
    )
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.registration_application == application

    # The window officer sees the incubation on the application's review page.
    task = open_task(application)
    window = bureau["window"]
    client.force_login(window)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert "孵化情况" in page and "闵行区公益园" in page and "阳光养老服务队" in page

    # Registration completes the graduation as registered, with the new organization.
    application_accept(application=application, by=window)
    application_approve(application=application, by=bureau["approver"])
    organization = organization_register(application=application, by=window)
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.GRADUATED
    assert (admission.outcome, admission.outcome_organization, admission.graduated_on) == (
        "registered",
        organization,
        local_today(),
    )


def test_an_application_of_another_bureau_or_a_wrong_number_is_not_linked(client, applicant, bureau, songjiang):
    park = IncubationBaseFactory()
    admission = admit_team(park, bureau["reviewer"])
    elsewhere = fill_application(client, applicant, songjiang, OrgType.SERVICE_AGENCY)
    with pytest.raises(ValidationError, match="不是向本孵化基地所在区登记管理机关提出的"):
        incubation_link_application(admission=admission, by=bureau["reviewer"], reference=elsewhere.reference)
    with pytest.raises(ValidationError, match="找不到申请编号"):
        incubation_link_application(admission=admission, by=bureau["reviewer"], reference="310112-2026-999999")
    admission.refresh_from_db()
    assert admission.registration_application is None


def test_applicants_are_refused_and_a_base_manager_sees_only_their_base(client, applicant, minhang):
    park, other = IncubationBaseFactory(), IncubationBaseFactory()
    manager = UserFactory(username="park_manager")
    IncubationManager.objects.create(user=manager, base=park)
    client.force_login(applicant)
    assert client.get("/workflow/work/incubation/").status_code == 403
    client.force_login(manager)
    assert client.get(f"/workflow/work/incubation/{park.pk}/").status_code == 200
    assert client.get(f"/workflow/work/incubation/{other.pk}/").status_code == 404


def test_an_officer_opens_a_base_from_the_list_and_cannot_cut_its_places_below_its_incubatees(client, bureau, minhang):
    client.force_login(bureau["window"])
    response = client.post(
        "/workflow/work/incubation/",
        {
            "base-jurisdiction": minhang.pk,
            "base-name": "古美路街道社会组织服务中心",
            "base-kind": "town_centre",
            "base-address": "上海市闵行区古美路1号",
            "base-capacity": "2",
        },
    )
    base = IncubationBase.objects.get(name="古美路街道社会组织服务中心")
    assert response.status_code == 302 and base.capacity == 2 and base.active
    admit_team(base, bureau["window"])
    admit_team(base, bureau["window"], name="古美二村舞蹈队")
    edit = {"action": "edit", "edit-name": base.name, "edit-kind": base.kind, "edit-address": base.address}
    response = client.post(f"/workflow/work/incubation/{base.pk}/", edit | {"edit-capacity": "1", "edit-active": "on"})
    assert "入驻名额不能少于在孵数量" in response.content.decode()
    base.refresh_from_db()
    assert base.capacity == 2
    response = client.post(f"/workflow/work/incubation/{base.pk}/", edit | {"edit-capacity": "5"})
    base.refresh_from_db()
    assert response.status_code == 302 and (base.capacity, base.active) == (5, False)


def test_a_link_and_the_registration_it_graduates_are_kept_in_the_admissions_history(
    client, applicant, bureau, minhang
):
    admission = admit_team(IncubationBaseFactory(), bureau["reviewer"], name="阳光养老服务队")
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    incubation_link_application(admission=admission, by=bureau["reviewer"], reference=application.reference)
    application_accept(application=application, by=bureau["window"])
    application_approve(application=application, by=bureau["approver"])
    organization = organization_register(application=application, by=bureau["window"])
    events = list(AdmissionEvent.objects.filter(admission=admission))
    assert [(e.action, e.by) for e in events] == [
        ("admitted", bureau["reviewer"]),
        ("linked", bureau["reviewer"]),
        ("graduated", None),
    ]
    assert events[1].note == application.reference
    assert events[2].note == f"registered {organization.uscc}"
    client.force_login(bureau["reviewer"])
    page = client.get(f"/workflow/work/incubation/{admission.base.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert history.index("出壳") < history.index(application.reference) < history.index("入驻")  # newest first
    assert f"登记成立 {organization.uscc}" in history and "系统（登记办结）" in history
