"""Accounts through allauth: signup with a display name, login by username or email, rate limits."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from forum.models import Profile
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-123"


def signup(client, **overrides):
    data = {
        "username": "reader",
        "email": "reader@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Ada Reader",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_saves_the_display_name(client):
    response = signup(client)
    assert response.status_code == 302
    assert Profile.objects.get(user__username="reader").display_name == "Ada Reader"


def test_signup_without_a_display_name_is_refused_with_a_message(client):
    response = signup(client, display_name="   ")
    assert "Choose a display name" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signup_with_an_over_long_display_name_is_refused(client):
    response = signup(client, display_name="x" * 61)
    assert "at most 60 characters" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_the_display_name_inputs_maxlength_is_the_configured_limit(client):
    from forum import conf

    limit = conf.get("DISPLAY_NAME_MAX_LENGTH")
    assert limit == 60
    assert f'maxlength="{limit}"' in client.get(reverse("account_signup")).content.decode()
    client.force_login(make_user())
    assert f'maxlength="{limit}"' in client.get(reverse("forum:profile")).content.decode()


def test_display_name_loses_control_characters_and_newlines(client):
    signup(client, display_name="Ada\u202e\x00\n  Reader")
    assert Profile.objects.get().display_name == "Ada Reader"


def test_every_user_gets_a_profile():
    user = get_user_model().objects.create_user("plain")
    assert Profile.objects.filter(user=user).exists()


def test_login_by_username(client):
    make_user("ada")
    response = client.post(reverse("account_login"), {"login": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_login_by_email(client):
    make_user("ada")
    response = client.post(reverse("account_login"), {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_repeated_failed_logins_are_rate_limited(client):
    make_user("ada")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "ada", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "ada", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()


def test_logout(client):
    client.force_login(make_user())
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client):
    make_user("ada")
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    assert len(mail.outbox) == 1
    assert "ada@example.org" in mail.outbox[0].to


def test_password_change(client):
    user = make_user("ada")
    client.force_login(user)
    new = "another-long-password-456"
    client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_email_management_page_opens(client):
    client.force_login(make_user())
    assert client.get(reverse("account_email")).status_code == 200


def test_display_name_can_be_changed_later(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("forum:profile"), {"display_name": "New Name"})
    assert response.status_code == 302
    assert Profile.objects.get(user=user).display_name == "New Name"
