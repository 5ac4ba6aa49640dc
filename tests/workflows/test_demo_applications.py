"""The demo puts applications at several steps, so each demo officer finds work in the inbox."""

import pytest
from django.core.management import call_command

from registry.models import RegistrationApplication
from workflows.selectors import officer_tasks

pytestmark = pytest.mark.django_db


def test_demo_applications_fill_the_inboxes_once(django_user_model):
    call_command("seed_demo", orgs=20, seed=7)
    call_command("seed_demo_applications")
    call_command("seed_demo_applications")  # a second run changes nothing
    applicant = django_user_model.objects.get(username="applicant")
    statuses = sorted(RegistrationApplication.objects.filter(applicant=applicant).values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "draft", "submitted"]
    for username, step in (("mh_window", "accept"), ("mh_reviewer", "review"), ("mh_approver", "approve")):
        tasks = list(officer_tasks(django_user_model.objects.get(username=username)))
        assert [t.flow_task.name for t in tasks] == [step], username
    assert list(officer_tasks(django_user_model.objects.get(username="sj_window"))) == []
