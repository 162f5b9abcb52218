"""SQLite under concurrent writers: WAL, a busy timeout, IMMEDIATE transactions, a 503 past the lock."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from forum import acts
from forum.models import Flag
from tests.factories import PASSWORD, make_comment, make_group, make_source, make_user

CONNECTION_OPTIONS = """
import django, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
django.setup()
from django.db import connection
cursor = connection.cursor()
print(cursor.execute('PRAGMA journal_mode').fetchone()[0])
print(cursor.execute('PRAGMA busy_timeout').fetchone()[0])
print(connection.transaction_mode)
"""


def test_sqlite_file_database_uses_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", CONNECTION_OPTIONS], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_busy_timeout_can_be_set_from_the_environment(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}", "SQLITE_TIMEOUT": "3", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", CONNECTION_OPTIONS], env=env, capture_output=True, text=True)
    assert result.stdout.split()[1] == "3000"


@pytest.fixture
def flagging(client, db):
    group = make_group(make_source())
    author, member = make_user(), make_user()
    group.memberships.create(user=author)
    group.memberships.create(user=member)
    client.force_login(member)
    return client, make_comment(group, author)


def test_a_lock_that_outlasts_the_timeout_is_a_503_busy_page_and_stores_nothing(flagging, monkeypatch):
    client, comment = flagging

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(acts, "flag", locked)
    response = client.post(reverse("forum:flag", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"try again" in response.content
    assert b"Nothing was saved" in response.content
    assert not Flag.objects.exists()


def test_other_database_errors_are_not_dressed_up_as_busy(flagging, monkeypatch):
    client, comment = flagging

    def broken(*args, **kwargs):
        raise OperationalError("no such table: forum_flag")

    monkeypatch.setattr(acts, "flag", broken)
    client.raise_request_exception = True
    with pytest.raises(OperationalError, match="no such table"):
        client.post(reverse("forum:flag", args=[comment.pk]), {"reason": "spam"})


HELD_LOCK = """
import django, os, sqlite3, sys
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command('migrate', verbosity=0)
call_command('createcachetable', verbosity=0)
sys.path.insert(0, os.getcwd())
from tests.factories import PASSWORD, make_comment, make_group, make_source, make_user
from forum.models import Flag
group = make_group(make_source())
author, member = make_user(), make_user()
group.memberships.create(user=author)
group.memberships.create(user=member)
comment = make_comment(group, author)
client = Client()
client.force_login(member)
other_writer = sqlite3.connect(sys.argv[1], isolation_level=None)
other_writer.execute('BEGIN IMMEDIATE')  # another worker's long write holds the lock
response = client.post(f'/comments/{comment.pk}/flag/', {'reason': 'spam'})
other_writer.execute('ROLLBACK')
print(response.status_code, response['Retry-After'], Flag.objects.count())
"""


def test_a_real_lock_held_past_the_timeout_is_a_503_and_the_flag_is_not_half_stored(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "SQLITE_TIMEOUT": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", HELD_LOCK, str(database)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["503", "5", "0"]


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [("database is locked", 503, b"try again"), ("disk I/O error", 500, b"Something went wrong")],
)
def test_a_lock_met_outside_the_view_is_a_503_too_and_other_errors_keep_the_500_page(
    client, db, monkeypatch, error, status, says
):
    # Logging in saves the session on the way out, in SessionMiddleware, past any view.
    from django.contrib.sessions.backends.db import SessionStore

    user = make_user()

    def failing(*args, **kwargs):
        raise OperationalError(error)

    monkeypatch.setattr(SessionStore, "save", failing)
    client.raise_request_exception = False
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == status
    assert says in response.content
