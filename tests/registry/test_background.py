"""Background work: the message outbox sends each message once, the read-replica router, the eager default."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from registry.db_router import PublicReadReplicaRouter, replica_reads_allowed
from registry.models import OutboxMessage, TaskRun
from registry.services.messaging import message_send, send_to_contact, unsent_message_ids
from registry.tasks import send_unsent_messages


def test_without_a_broker_tasks_run_at_once_in_the_calling_process():
    assert django_settings.CELERY_BROKER_URL == ""
    assert django_settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.django_db
def test_a_message_is_written_to_the_outbox_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_to_contact(email="a@example.cn", mobile="", subject="主题", body="正文")
        message = OutboxMessage.objects.get()
        assert message.sent_at is None and mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.sent_at is not None
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert TaskRun.objects.filter(kind="message", key=str(message.pk)).exists()


@pytest.mark.django_db
def test_a_message_delivered_twice_is_sent_once():
    message = OutboxMessage.objects.create(email="b@example.cn", subject="主题", body="正文")
    assert message_send(message_id=message.pk) is True
    assert message_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_message_recorded_as_run_but_not_marked_sent_is_not_sent_again():
    message = OutboxMessage.objects.create(email="c@example.cn", subject="主题", body="正文")
    TaskRun.objects.create(kind="message", key=str(message.pk))
    assert message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is not None and mail.outbox == []


@pytest.mark.django_db
def test_a_failed_send_stays_in_the_outbox_with_its_error_and_the_sweep_sends_it_later(settings):
    settings.EMAIL_BACKEND = "tests.registry.test_background.BrokenBackend"
    message = OutboxMessage.objects.create(email="d@example.cn", subject="主题", body="正文")
    assert message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert "SMTP is down" in message.last_error
    assert not TaskRun.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert unsent_message_ids() == [message.pk]
    assert send_unsent_messages() == 1
    assert len(mail.outbox) == 1 and unsent_message_ids() == []


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_messages_to_their_own_task():
    OutboxMessage.objects.create(email="e@example.cn", subject="主题", body="正文")
    assert unsent_message_ids() == []


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def test_only_anonymous_reads_of_public_pages_may_use_the_replica():
    factory = RequestFactory()
    assert replica_reads_allowed(factory.get("/organizations/?q=协会"))
    assert replica_reads_allowed(factory.get("/api/organizations/"))
    assert not replica_reads_allowed(factory.post("/organizations/"))
    assert not replica_reads_allowed(factory.get("/portal/"))
    signed_in = factory.get("/organizations/")
    signed_in.COOKIES["sessionid"] = "x"
    assert not replica_reads_allowed(signed_in)


def test_the_router_writes_and_migrates_on_the_primary_only():
    router = PublicReadReplicaRouter()
    assert router.db_for_read(OutboxMessage) == "default"  # outside a public request
    assert router.db_for_write(OutboxMessage) == "default"
    assert router.allow_migrate("replica", "registry") is False
