"""A person's name typed in the portal is checked by the form and by the service; markup never reaches a record."""

import pytest
from django.core.exceptions import ValidationError

from registry.choices import OrgType
from registry.services import application_drafts
from tests.workflows.conftest import fill_application

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(document.cookie)</script>"
REFUSED = "姓名只能由汉字、字母、间隔号“·”和空格组成，不能含有“&lt;&gt;(.)/”。"


def people(rep_name="张伟", officer_name="王芳"):
    return {
        "rep-legal_rep_name": rep_name,
        "rep-legal_rep_id_number": "11010519491231002X",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "30",
        "officers-0-position": "理事长",
        "officers-0-name": officer_name,
        "officers-0-id_number": "110101199003070011",
    }


@pytest.mark.parametrize("field", ["rep_name", "officer_name"])
def test_the_people_step_refuses_markup_in_a_name_and_saves_nothing(client, applicant, minhang, field):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    response = client.post(f"/portal/applications/{application.pk}/edit/people/", people(**{field: SCRIPT}))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    application.refresh_from_db()
    assert application.legal_rep_name == "张伟"
    assert sorted(application.officers.values_list("name", flat=True)) == ["张伟", "王芳"]


def test_the_services_refuse_markup_in_a_name_whoever_calls_them(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    with pytest.raises(ValidationError) as raised:
        application_drafts.application_update(application=application, by=applicant, legal_rep_name=SCRIPT)
    assert "legal_rep_name" in raised.value.message_dict
    officers = [{"position": "理事长", "name": SCRIPT, "id_number": "110101199003070011"}]
    with pytest.raises(ValidationError):
        application_drafts.officers_replace(application=application, by=applicant, officers=officers)
    application.refresh_from_db()
    assert application.legal_rep_name == "张伟"
    assert SCRIPT not in application.officers.values_list("name", flat=True)


def test_a_name_typed_with_another_dot_is_saved_as_on_the_identity_card(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    response = client.post(f"/portal/applications/{application.pk}/edit/people/", people(rep_name="阿依古丽・买买提"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.legal_rep_name == "阿依古丽·买买提"
