"""Agencies' keys and webhook subscriptions in the admin: the key shown once, only its hash kept; revoke; pause."""

import hashlib
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from registry.models import ApiKey, WebhookSubscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(client, administrator):
    response = client.post(
        reverse("admin:registry_apikey_add"),
        {"name": "主体信息共享", "agency": "市场监管局", "per_minute": 30},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    text = re.search(r"rk_\w+_[\w-]+", " ".join(shown(response))).group(0)
    assert text.startswith(f"rk_{key.prefix}_") and key.created_by == administrator
    secret = text.split("_", 2)[2]
    assert key.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get(reverse("admin:registry_apikey_change", args=[key.pk])).content.decode()
    assert client.get("/api/changes/", {"wait": 0}, headers={"Authorization": f"Bearer {text}"}).status_code == 200


def test_an_id_number_scope_without_an_accountable_account_is_refused_in_the_form(client, administrator):
    response = client.post(
        reverse("admin:registry_apikey_add"),
        {"name": "核验", "agency": "公安局", "per_minute": 30, "agency_fields": ["legal_rep_id_number"]},
    )
    assert response.status_code == 200 and "须指定责任账号" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_revoking_a_key_in_the_admin_refuses_it_and_stops_its_subscriptions(client, administrator, settings):
    settings.REGISTRY = {**settings.REGISTRY, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}
    client.post(reverse("admin:registry_apikey_add"), {"name": "推送", "agency": "统计局", "per_minute": 30})
    key = ApiKey.objects.get()
    response = client.post(
        reverse("admin:registry_webhooksubscription_add"),
        {"api_key": key.pk, "url": "http://127.0.0.1:9/hook", "kinds": ["changed", "revoked"]},
        follow=True,
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.kinds == ["changed", "revoked"] and subscription.active
    assert any(subscription.secret in message for message in shown(response))
    client.post(
        reverse("admin:registry_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    key.refresh_from_db()
    subscription.refresh_from_db()
    assert key.revoked_at is not None and not subscription.active


def test_a_private_receiver_is_refused_in_the_form(client, administrator, settings):
    settings.REGISTRY = {**settings.REGISTRY, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": False}
    client.post(reverse("admin:registry_apikey_add"), {"name": "推送", "agency": "统计局", "per_minute": 30})
    response = client.post(
        reverse("admin:registry_webhooksubscription_add"),
        {"api_key": ApiKey.objects.get().pk, "url": "http://192.168.1.10/hook"},
    )
    assert "内网" in response.content.decode() and not WebhookSubscription.objects.exists()


def test_officers_do_not_see_keys(client):
    officer = UserFactory(username="mh_officer", is_staff=True)
    client.force_login(officer)
    response = client.get(reverse("admin:registry_apikey_changelist"))
    assert response.status_code == 302


def test_administrators_read_the_change_stream_in_the_admin(client, administrator, make_org):
    from registry.choices import HistoryAction
    from registry.services.register import organization_update

    org = make_org()
    organization_update(
        organization=org, by=administrator, reason="变更", action=HistoryAction.CHANGED, domicile="新址"
    )
    page = client.get(reverse("admin:registry_changeevent_changelist"))
    assert page.status_code == 200 and org.uscc in page.content.decode()
    assert client.get(reverse("admin:registry_changeevent_add")).status_code == 403
