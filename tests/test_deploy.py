"""The production path: settings from the environment, `check --deploy`, gunicorn, whitenoise.

Each test starts a fresh interpreter with a clean environment, because settings are read once
at import and the test process itself runs with development settings.
"""

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "prod-test-7Hq2vXkP9mL4sT8wZ1cR6yB3nF5jD0aG-uE!eQ%oI"  # 50+ chars, varied


def production_env(tmp_path, **overrides):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "marginalia.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def django_snippet(code, env):
    prelude = "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_environment(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(tmp_path):
    """The clean result above means something: the same check does flag a development setup."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path, DEBUG="1"))
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on in deployment


def test_manage_py_refuses_to_start_without_secret_key_in_production(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_turn_on_secure_cookies_hsts_and_ssl_redirect(tmp_path):
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    result = django_snippet(code, production_env(tmp_path))
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


def test_production_settings_read_database_url(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://app:pw@db.internal:5432/marginalia")
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])"
    result = django_snippet(code, env)
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.internal", "marginalia"], result.stderr


def test_postgresql_connections_ask_for_jit_off_keeping_url_options(tmp_path):
    env = production_env(
        tmp_path, DATABASE_URL="postgres://app:pw@db.internal:5432/marginalia?options=-c%20work_mem%3D8MB"
    )
    result = django_snippet("from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'])", env)
    assert "'options': '-c work_mem=8MB -c jit=off'" in result.stdout, result.stderr


@pytest.mark.django_db
def test_jit_is_off_in_the_database_session():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting; this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_cache_uses_redis_when_redis_url_is_set(tmp_path):
    env = production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/1")
    result = django_snippet("from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])", env)
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


def test_cache_falls_back_to_database_table_without_redis(tmp_path):
    result = django_snippet(
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])", production_env(tmp_path)
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_whitenoise_serves_collected_static_with_far_future_cache(tmp_path):
    env = production_env(tmp_path)
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    code = (
        "from django.contrib.staticfiles.storage import staticfiles_storage\n"
        "from django.test import Client\n"
        "url = staticfiles_storage.url('css/site.css')\n"
        "r = Client().get(url, secure=True, HTTP_HOST='marginalia.example.org')\n"
        "print(url, r.status_code, r.headers.get('Cache-Control'))"
    )
    result = django_snippet(code, env)
    url, status, cache_control = result.stdout.split(maxsplit=2)
    assert status == "200", result.stderr
    assert url != "/static/css/site.css"  # hashed name from the manifest
    assert "immutable" in cache_control


def gunicorn_config(env):
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "--print-config"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    settings = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition("=")
        settings[key.strip()] = value.strip()
    return settings


def test_gunicorn_runs_two_workers_per_core_plus_one_by_default():
    config = gunicorn_config({"PATH": "/usr/bin:/bin"})
    assert config["workers"] == str(2 * multiprocessing.cpu_count() + 1)
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"


@pytest.mark.parametrize(
    ("env", "bind"),
    [({"GUNICORN_BIND": "127.0.0.1:8105"}, "['127.0.0.1:8105']"), ({"PORT": "9000"}, "['0.0.0.0:9000']")],
)
def test_gunicorn_bind_comes_from_environment(env, bind):
    assert gunicorn_config({"PATH": "/usr/bin:/bin", **env})["bind"] == bind


def test_gunicorn_worker_count_comes_from_web_concurrency():
    assert gunicorn_config({"PATH": "/usr/bin:/bin", "WEB_CONCURRENCY": "3"})["workers"] == "3"
