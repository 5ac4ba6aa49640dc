"""Each flow's processes come back as that flow's proxy, which names the domain object the process changes."""

import pytest
from viewflow.workflow.models import Task

from registry.choices import OrgType
from tests.workflows.conftest import fill_application
from workflows.inbox.selectors import flows
from workflows.models import BureauProcess, RegistrationProcess

pytestmark = pytest.mark.django_db


def test_every_flow_has_its_own_proxy_naming_a_link_of_the_process():
    proxies = [flow_class.process_class for flow_class in flows()]
    assert len(set(proxies)) == len(proxies)
    links = {field.name for field in BureauProcess._meta.get_fields() if field.is_relation}
    for proxy in proxies:
        assert proxy._meta.proxy and issubclass(proxy, BureauProcess)
        assert proxy.subject_field in links
        for path in proxy.inbox_related:
            assert path.split("__")[0] == proxy.subject_field


def test_a_submitted_application_is_the_subject_of_its_registration_process(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    task = Task.objects.select_related("process__bureauprocess").get(
        process__bureauprocess__application=application, status="NEW"
    )
    process = task.coerced_process
    assert type(process) is RegistrationProcess
    assert process.subject == application
    line = process.inbox_line()
    assert (line.reference, line.subject) == (application.reference, application.name)
    assert line.kind == application.get_kind_display()
    # A process read as the base class still finds its subject through its flow.
    assert BureauProcess.objects.get(pk=process.pk).subject == application
    assert not process.clock_stopped
