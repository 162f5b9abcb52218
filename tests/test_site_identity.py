"""The Site row carries the site's own name and address, from the environment, not example.com."""

import subprocess
import sys

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from siteinfo.sync import sync_site_from_settings
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


def test_the_site_row_after_migrate_has_the_default_name_and_address():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Marginalia", "127.0.0.1:8000")


def test_password_reset_mail_says_the_sites_name(client):
    make_user("ada")
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    [message] = mail.outbox
    assert "Marginalia" in message.subject
    assert "Hello from Marginalia" in message.body
    assert "example.com" not in message.subject + message.body


def test_the_environments_name_and_domain_reach_the_mail(settings, client):
    settings.SITE_NAME, settings.SITE_DOMAIN = "Reading Room", "reading.example.org"
    sync_site_from_settings()
    make_user("ada")
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    [message] = mail.outbox
    assert "[Reading Room]" in message.subject
    assert "Hello from Reading Room" in message.body


def test_migrate_brings_a_stale_row_in_line(settings):
    Site.objects.filter(pk=settings.SITE_ID).update(name="example.com", domain="example.com")
    settings.SITE_NAME, settings.SITE_DOMAIN = "Reading Room", "reading.example.org"
    call_command("migrate", verbosity=0)
    Site.objects.clear_cache()
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Reading Room", "reading.example.org")


def test_syncing_twice_changes_nothing(django_assert_num_queries):
    sync_site_from_settings()
    with django_assert_num_queries(1):
        sync_site_from_settings()


def test_the_admins_view_on_site_uses_the_sites_domain(admin_client, admin_user):
    group = make_group(make_source(), moderators=[admin_user])
    comment = make_comment(group, admin_user)
    content_type = ContentType.objects.get_for_model(comment)
    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, comment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:8000/groups/")


READ_SETTINGS = """
import django, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
django.setup()
from django.conf import settings
print(settings.SITE_NAME, '|', settings.SITE_DOMAIN)
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "Marginalia | 127.0.0.1:8000"),
        ({"SITE_NAME": "Reading Room", "SITE_DOMAIN": "reading.example.org"}, "Reading Room | reading.example.org"),
        (
            {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "reading.example.org,www"},
            "Marginalia | reading.example.org",
        ),
    ],
)
def test_site_settings_come_from_the_environment(env, expected):
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr
