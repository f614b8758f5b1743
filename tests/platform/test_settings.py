import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dxnavi.env import env_bool, env_choice, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_parses_and_rejects(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", default=True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")


def test_env_int_rejects_garbage(monkeypatch):
    monkeypatch.setenv("X_INT", "12")
    assert env_int("X_INT", 3) == 12
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 3)


def test_env_str_required_missing(monkeypatch):
    monkeypatch.delenv("X_REQ", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env_str("X_REQ", required=True)


def test_env_list_and_choice(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST") == ["a.example", "b.example"]
    monkeypatch.setenv("X_CHOICE", "other")
    with pytest.raises(ImproperlyConfigured):
        env_choice("X_CHOICE", ("a", "b"), "a")


def _manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DXNAVI_", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_check_deploy_clean_under_production_profile():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DXNAVI_PROFILE="production",
        DXNAVI_SECRET_KEY="k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        DXNAVI_ALLOWED_HOSTS="dxnavi.example.jp",
    )
    assert result.returncode == 0, result.stderr
    # security.W005/W021: HSTS includeSubDomains/preload are opt-in (tests/platform/test_production_profile.py).
    assert "System check identified no issues (2 silenced)." in result.stdout


def test_production_profile_refuses_missing_secret_key():
    result = _manage("check", DXNAVI_PROFILE="production")
    assert result.returncode != 0
    assert "DXNAVI_SECRET_KEY" in result.stderr


def test_production_profile_refuses_debug():
    result = _manage("check", DXNAVI_PROFILE="production", DXNAVI_DEBUG="1", DXNAVI_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DXNAVI_DEBUG" in result.stderr


def test_default_database_is_sqlite():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])")
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
    )
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"
