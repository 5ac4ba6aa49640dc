"""Shared fixtures: jurisdictions from the seed migration, users, a real Elasticsearch index."""

import os
import uuid

import pytest

from tests.factories import OrganizationFactory, UserFactory

# The longest tests (a browser driving a whole process, the page sweep, migrations run back and forth) go out to
# the workers first within their group, so that the run does not end with one worker still busy on one of them
# while the other idles. This runs before pytest-django's own ordering, which then groups the tests (those in a
# transaction first, then those that empty the database) and keeps this order within each group.
LONG_FIRST = ("tests/workflows/test_browser", "tests/workflows/test_every_url", "migration")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not any(part in item.nodeid for part in LONG_FIRST))


@pytest.fixture(scope="session", autouse=True)
def worker_index_prefix():
    """Each pytest-xdist worker reads and writes Elasticsearch indexes of its own (its test database is its own too)."""
    from django.conf import settings as django_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        django_settings.ELASTICSEARCH_INDEX_PREFIX = f"{django_settings.ELASTICSEARCH_INDEX_PREFIX}_{worker}"
    return django_settings.ELASTICSEARCH_INDEX_PREFIX


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Simplified Chinese), whatever an earlier request chose."""
    from django.conf import settings as django_settings
    from django.utils import translation

    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests hash with MD5: the production hasher is slow by design and dominated the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def staff_second_factor_off(settings):
    """Staff act without the TOTP step, except in the tests of the second factor and of every URL."""
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture(scope="session", autouse=True)
def signing_keys(tmp_path_factory):
    """A real SoftHSM2 token with one key and certificate per bureau, in this worker's own directory.

    Set up before any test or fixture can issue a certificate (module fixtures included). The bureaus are the
    seed migration's, so no database is needed. Each pytest-xdist worker is a process of its own with its own
    temporary directory, so tokens never clash.
    """
    import importlib

    from django.conf import settings as django_settings

    from registry import signing

    seed = importlib.import_module("registry.migrations.0002_jurisdictions")
    bureaus = [(seed.SHANGHAI[0], seed.SHANGHAI[3])] + [(code, f"上海市{name}民政局") for code, name in seed.DISTRICTS]
    directory = tmp_path_factory.mktemp("signing")
    django_settings.SIGNING_DIR = directory
    django_settings.SIGNING = {
        **django_settings.SIGNING,
        "BACKEND": "pkcs11",
        "CERT_DIR": directory / "certs",
        "CA_CERT": directory / "ca.pem",
        "PKCS12_DIR": directory / "pkcs12",
        "TSA_URL": "",
    }
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(directory / "softhsm2.conf")
    signing.setup_demo_keys(bureaus)
    yield bureaus
    signing.forget_signers()
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploads, certificate and open-data files of a test go to its own directory, never into the demo's var/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.CERTIFICATE_ROOT = tmp_path / "certificates"
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"


@pytest.fixture
def minhang(db):
    from registry.models import Jurisdiction

    return Jurisdiction.objects.get(code="310112")


@pytest.fixture
def shanghai(db):
    from registry.models import Jurisdiction

    return Jurisdiction.objects.get(code="310000")


@pytest.fixture
def songjiang(db):
    from registry.models import Jurisdiction

    return Jurisdiction.objects.get(code="310117")


@pytest.fixture
def officer(db, minhang):
    """A registration officer (the acceptance window) of the Minhang bureau, where the tests' organizations are."""
    from registry.choices import OfficerRole
    from registry.services.officers import officer_assign

    user = UserFactory(username="officer", is_staff=True)
    officer_assign(user=user, jurisdiction=minhang, role=OfficerRole.WINDOW)
    return user


@pytest.fixture
def make_org(db, minhang):
    def make(**kwargs):
        kwargs.setdefault("jurisdiction", minhang)
        return OrganizationFactory(**kwargs)

    return make


# The reference data the migrations load (bureaus, the official calendar, document requirements, indicator
# tables) is copied once per test database. A transactional test (browser, concurrency) empties every table
# when it ends; the next one puts this data back. Content types and model permissions come back on their
# own: the emptying is followed by Django's post-migrate step.
SEED_SCHEMA = "test_reference_data"


@pytest.fixture(scope="session")
def reference_data_copy(django_db_setup, django_db_blocker):
    """The registry's models whose tables hold rows right after migrating, and a copy of those rows.

    On PostgreSQL the copy is a schema of its own (one `INSERT … SELECT` per table puts it back); on other
    databases it is serialized.
    """
    from django.apps import apps
    from django.core import serializers
    from django.db import connection

    with django_db_blocker.unblock():
        models = [
            model
            for model in apps.get_app_config("registry").get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and model._default_manager.exists()
        ]
        assert any(model._meta.db_table == "registry_jurisdiction" for model in models), models
        if connection.vendor != "postgresql":
            return models, serializers.serialize("json", [row for m in models for row in m._default_manager.all()])
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SEED_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SEED_SCHEMA}")
            for model in models:
                table = model._meta.db_table
                cursor.execute(f'CREATE TABLE {SEED_SCHEMA}."{table}" AS TABLE public."{table}"')
    return models, None


@pytest.fixture(autouse=True)
def reference_data_in_transactional_tests(request):
    """Before a transactional test, put back the reference data an earlier one's emptying removed."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    models, serialized = request.getfixturevalue("reference_data_copy")
    request.getfixturevalue("transactional_db")
    from django.core import serializers
    from django.db import connection, transaction

    with transaction.atomic():
        if serialized is not None:
            if not any(model._default_manager.exists() for model in models):
                for row in serializers.deserialize("json", serialized):
                    row.save()
            return
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for model in models:
                if not model._default_manager.exists():
                    table = model._meta.db_table
                    cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SEED_SCHEMA}."{table}"')


@pytest.fixture
def es_index(settings):
    """Point search at a fresh, uniquely named alias on the real node and drop it afterwards.

    There is no skip: without a node the test fails, so CI can never pass with search untested.
    """
    from registry.search.client import cluster_available, get_client

    settings.ELASTICSEARCH_INDEX_PREFIX = f"test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    settings.SEARCH_BACKEND = "elasticsearch"
    assert cluster_available(use_cache=False), f"Elasticsearch is not reachable at {settings.ELASTICSEARCH_URL}"
    yield settings.ELASTICSEARCH_INDEX_PREFIX
    client = get_client()
    # Deleting by wildcard is refused by default (action.destructive_requires_name): name each index.
    for name in client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}_*", ignore_unavailable=True):
        client.indices.delete(index=name)
