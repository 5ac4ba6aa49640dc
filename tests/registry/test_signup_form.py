"""The sign-up page: the password rules come first, and every problem is shown at once."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

from registry.rules.idcards import id_number_errors

pytestmark = pytest.mark.django_db


def test_the_password_rules_are_stated_before_anything_is_sent(client):
    page = client.get("/accounts/signup/").content.decode()
    with translation.override("zh-hans"):
        rules = password_validation.password_validators_help_texts()
    assert rules and all(rule in page for rule in rules)
    assert page.index(rules[0]) < page.index('name="password_again"')


def test_every_problem_is_shown_at_once(client):
    response = client.post(
        "/accounts/signup/",
        {
            "mobile": "2381234567",
            "email": "",
            "real_name": "",
            "id_number": "110101199003074478",
            "password": "123",
            "password_again": "124",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "手机号码应为11位数字，以1开头。" in page
    assert "两次输入的密码不一致。" in page
    with translation.override("zh-hans"):
        id_errors = id_number_errors("110101199003074478")
        with pytest.raises(ValidationError) as weak:
            password_validation.validate_password("123")
    assert id_errors and all(error in page for error in id_errors)
    assert all(message in page for message in weak.value.messages)
