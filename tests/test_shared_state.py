"""State that every app server must share lives in shared services, never in one process.

Each "app server" here is a separate Python process with its own Django and test client,
pointed at the same database (a SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL) and, in the Redis variant, the same Redis. What one process counts or stores
(allauth's failed-login counter, a session) the other must see.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple 42"

APP_SERVER = """
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client

command = sys.argv[1]
if command == "setup":
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    get_user_model().objects.create_user("alice", "alice@example.org", sys.argv[2])
elif command == "login":
    password, attempts = sys.argv[2], int(sys.argv[3])
    for _ in range(attempts):
        response = Client().post("/accounts/login/", {"login": "alice", "password": password})
        errors = list(response.context["form"].non_field_errors()) if response.status_code == 200 else []
        print(json.dumps({"status": response.status_code, "errors": errors,
                          "session": response.cookies["sessionid"].value if "sessionid" in response.cookies else ""}))
elif command == "get":
    client = Client()
    client.cookies["sessionid"] = sys.argv[3]
    print(json.dumps({"status": client.get(sys.argv[2]).status_code}))
"""


def run_app_server(env, *args):
    result = subprocess.run(
        [sys.executable, "-c", APP_SERVER, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def shared_database_url(tmp_path):
    """A database both processes reach: a fresh PostgreSQL database when the suite runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    config = dj_database_url.parse(url)
    name = f"marginalia_shared_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def free_loopback_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server); the Redis cache is not tested")
    import redis

    port = free_loopback_port()
    process = subprocess.Popen(
        [
            server,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:  # wait until the server accepts connections, bounded
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["database-cache", "redis-cache"])
def app_env(request, shared_database_url):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": shared_database_url}
    if request.param == "redis-cache":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    run_app_server(env, "setup", PASSWORD)
    return env


def test_failed_logins_in_one_process_lock_out_the_login_in_another(app_env):
    failures = run_app_server(app_env, "login", "wrong password", "5")
    wrong = ["The username and/or password you specified are not correct."]
    assert [attempt["errors"] for attempt in failures] == [wrong] * 5

    # A different process, with the right password: the five failures above still count.
    [sixth] = run_app_server(app_env, "login", PASSWORD, "1")
    assert sixth["status"] == 200
    assert sixth["errors"] == ["Too many failed login attempts. Try again later."]


def test_login_in_a_fresh_process_succeeds_without_earlier_failures(app_env):
    [attempt] = run_app_server(app_env, "login", PASSWORD, "1")
    assert attempt["status"] == 302
    assert attempt["errors"] == []


def test_session_started_in_one_process_is_valid_in_another(app_env):
    [login] = run_app_server(app_env, "login", PASSWORD, "1")
    [page] = run_app_server(app_env, "get", "/accounts/email/", login["session"])
    assert page["status"] == 200  # a redirect to the login page would mean the session was not found
