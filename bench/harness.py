"""What the benchmark scripts share (bench/run.py, bench/xtd_compare.py): the production
environment, a fresh database, the site's readings, a signed-in client and the trivial view's
address. Django is imported only inside the functions that need it."""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:////tmp/marginalia-bench.sqlite3"
SHORT_COMMENTS = 200  # the comments of the short reading's discussion (discussion.build_short)
TRIVIAL_URL = "/bench/trivial/"  # bench/bench_urls.py


def production_environment(static_root):
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "ERROR",
        }
    )


def fresh_database(url):
    """Delete the SQLite file, or drop and create the PostgreSQL database (only one named *bench*)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        Path(parts.path).unlink(missing_ok=True)
        return
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"bench: refusing to drop database {name!r}: its name must contain 'bench'")
    import psycopg

    with psycopg.connect(url.replace(parts.path, "/postgres", 1), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def setup_site():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_readings", verbosity=0)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
