"""Settings read from the environment."""

import subprocess
import sys

import pytest

from config.env import ImproperlyConfiguredEnv, database_from_url, env_bool


def test_no_database_url_means_sqlite():
    assert database_from_url("", sqlite_path="/tmp/x.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/tmp/x.sqlite3",
    }


def test_postgres_url_is_parsed():
    db = database_from_url("postgres://reg%40user:p%3Ass@db.local:5433/registry?sslmode=require", sqlite_path="x")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "reg@user",
        "p:ss",
        "db.local",
        "5433",
        "registry",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfiguredEnv, match="not supported"):
        database_from_url("mysql://x@y/z", sqlite_path="x")


def test_bool_flags(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv):
        env_bool("X_FLAG")


def test_production_refuses_to_start_without_a_shared_cache():
    """Without REDIS_URL every worker would count rate limits on its own (three workers: three times the limit)."""
    code = "import config.settings as s; print(s.CACHES['default']['BACKEND'])"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "production-test-key-0123456789abcdef-0123456789abcdef",
    }
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "REDIS_URL" in refused.stderr
    started = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0 and started.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
