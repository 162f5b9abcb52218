"""Shared fixtures for the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite the test database is a file, not memory: a live server's threads then each get their
    own connection and really write at once (an in-memory database would share one connection)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the cache table too: the cache (rate limits, throttles) lives in the DB."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """Every test starts with Django's ContentType cache empty. Transactional tests (the live
    server's) flush the tables and ContentType ids change, and a cache warmed by an earlier test
    would make query counts, or ids, depend on the order tests run in."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests create many users and would spend minutes hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    # whitenoise warns once per test client that STATIC_ROOT was never collected; tests serve
    # static files through the finders, so the warning is noise.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Runs a block's on-commit callbacks (forum's signals): `with capture(execute=True): ...`.
    The tests' transaction never commits by itself."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def source():
    """A reading with three passages (a question on the first), unless the module names its own."""
    from tests.factories import make_source

    return make_source()


# Alice and Bob, members of one group reading `source`: the cast of the comment, reading-page and
# notification tests. A module that needs other people adds named fixtures of its own.
@pytest.fixture
def alice():
    from tests.factories import make_user

    return make_user("alice", "Alice")


@pytest.fixture
def bob():
    from tests.factories import make_user

    return make_user("bob", "Bob")


@pytest.fixture
def group(source, alice, bob):
    from tests.factories import make_group

    return make_group(source, members=[alice, bob])


@pytest.fixture
def moderator(group):
    """A moderator of the module's group, with the desk's permissions (a module may name its own)."""
    from tests.factories import make_moderator

    return make_moderator(group)


@pytest.fixture
def desk(client, moderator):
    """The test client, logged in as `moderator`: the desk as they see it."""
    client.force_login(moderator)
    return client


@pytest.fixture
def mona(group):
    """Mona, the instructor of the module's group: its moderator, with desk access (the teaching tests)."""
    from tests.factories import make_instructor

    return make_instructor(group, "mona", "Mona")
