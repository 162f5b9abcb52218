"""Behind a proxy, allauth's per-address limits count each client, not the proxy.

Without it, five failed logins by anyone lock every member out (all requests come from the
proxy's address). The per-account limit must still hold whatever addresses the guesses come from.
"""

import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def log_in(client, login, password, address):
    # What nginx sends: X-Forwarded-For carries the client; the socket's address is the proxy's.
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR="10.0.0.2",
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def fail_five_times_from(client, address):
    for n in range(5):
        assert TOO_MANY not in log_in(client, f"nobody-{n}", "wrong", address).content.decode()


def test_one_clients_failed_logins_do_not_lock_out_another(behind_one_proxy, client):
    make_user("ada")
    fail_five_times_from(client, "203.0.113.7")
    assert TOO_MANY in log_in(client, "nobody-6", "wrong", "203.0.113.7").content.decode()
    response = log_in(client, "ada", PASSWORD, "198.51.100.4")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_per_account_limit_holds_across_addresses(behind_one_proxy, client):
    make_user("ada")
    for n in range(5):
        log_in(client, "ada", "wrong", f"203.0.113.{n + 1}")
    response = log_in(client, "ada", PASSWORD, "198.51.100.4")
    assert "_auth_user_id" not in client.session
    assert TOO_MANY in response.content.decode()


def test_the_address_the_client_wrote_first_is_not_trusted(behind_one_proxy, client):
    # A guesser who sends their own X-Forwarded-For gets it prepended to; the proxy's entry counts.
    make_user("ada")
    for n in range(5):
        log_in(client, f"nobody-{n}", "wrong", f"192.0.2.{n}, 203.0.113.7")
    assert TOO_MANY in log_in(client, "nobody-6", "wrong", "192.0.2.99, 203.0.113.7").content.decode()


def test_a_client_ip_header_set_by_the_proxy_can_be_trusted_instead(settings, client):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    make_user("ada")
    for n in range(5):
        client.post(reverse("account_login"), {"login": f"nobody-{n}", "password": "x"}, HTTP_X_REAL_IP="203.0.113.7")
    response = client.post(reverse("account_login"), {"login": "ada", "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.1")
    assert response.status_code == 302


def test_without_proxy_settings_the_socket_address_counts(client):
    # The default (no proxy, `make run`): a forged X-Forwarded-For buys a guesser nothing.
    make_user("ada")
    for n in range(5):
        log_in(client, f"nobody-{n}", "wrong", f"203.0.113.{n + 1}")
    assert TOO_MANY in log_in(client, "nobody-6", "wrong", "198.51.100.4").content.decode()


READ_SETTINGS = """
import django, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
django.setup()
from allauth import app_settings
print(app_settings.TRUSTED_PROXY_COUNT, app_settings.TRUSTED_CLIENT_IP_HEADER)
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0 None"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "2 None"),
        ({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0 X-Real-IP"),
    ],
)
def test_proxy_settings_come_from_the_environment(env, expected):
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr
