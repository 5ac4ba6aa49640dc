"""The officers' workflow site is wired and closed to the public."""

import pytest
from django.contrib.auth.models import Permission

from registry.choices import OfficerRole
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/workflow/", follow=True)
    assert response.redirect_chain and "/accounts/login/" in response.redirect_chain[-1][0]


def test_officer_sees_own_assignments(client, minhang):
    officer = OfficerFactory(
        username="mh_officer", roles=[OfficerRole.WINDOW], roles__jurisdiction=minhang, view_register=True
    )
    client.force_login(officer)
    response = client.get("/workflow/", follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "上海市闵行区民政局" in body and "受理窗口" in body


def test_applicant_without_permission_is_refused(client):
    client.force_login(UserFactory(username="someone"))
    assert client.get("/workflow/", follow=True).status_code == 403


def test_officer_is_warned_when_next_years_holidays_are_missing(client, minhang):
    from django.utils import timezone

    from registry.models import CalendarYear

    officer = UserFactory(username="mh_officer2", is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(officer)
    next_year = timezone.localdate().year + 1
    CalendarYear.objects.filter(year=next_year).delete()
    assert f"{next_year}年的法定节假日安排尚未录入" in client.get("/workflow/", follow=True).content.decode()
    CalendarYear.objects.create(year=next_year, source="国办发明电")
    assert "法定节假日安排尚未录入" not in client.get("/workflow/", follow=True).content.decode()


def test_an_officer_assigned_through_the_service_can_open_the_workspace(client, minhang):
    from registry.services.officers import officer_assign

    officer = UserFactory(username="new_window", is_staff=True)
    client.force_login(officer)
    assert client.get("/workflow/work/").status_code == 403
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.WINDOW)
    officer = type(officer).objects.get(pk=officer.pk)  # fresh permission cache
    client.force_login(officer)
    assert client.get("/workflow/work/").status_code == 200
