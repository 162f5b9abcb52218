"""Every allauth page the site uses renders in the site's own frame and words (the flows are tested elsewhere)."""

import pytest
from allauth.account.forms import LoginForm, default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.template.base import Origin
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-123"


def member(username="reader", password=PASSWORD):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def assert_in_site_frame(response):
    html = response.content.decode()
    names = [t.name for t in response.templates]
    assert "base.html" in names
    assert "allauth/layouts/base.html" in names
    assert '<a class="skip-link" href="#main">' in html
    assert "css/site.css" in html
    return html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        (reverse("account_login"), "<h1>Log in</h1>"),
        (reverse("account_signup"), "<h1>Sign up</h1>"),
        (reverse("account_reset_password"), "<h1>Reset your password</h1>"),
        (reverse("account_reset_password_done"), "<h1>Check your email</h1>"),
        (reverse("account_reset_password_from_key", args=["1", "bad-key"]), "<h1>This link no longer works</h1>"),
        (reverse("account_reset_password_from_key_done"), "<h1>Password changed</h1>"),
        (reverse("account_confirm_email", args=["bad-key"]), "<h1>Confirm your email address</h1>"),
        (reverse("account_email_verification_sent"), "<h1>Verify your email address</h1>"),
        (reverse("account_inactive"), "<h1>This account is inactive</h1>"),
    ],
)
def test_visitor_account_page_uses_the_site_look(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert heading in assert_in_site_frame(response)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        (reverse("account_email"), "<h1>Email addresses</h1>"),
        (reverse("account_change_password"), "<h1>Change password</h1>"),
        (reverse("account_logout"), "<h1>Log out</h1>"),
    ],
)
def test_member_account_page_uses_the_site_look(client, url, heading):
    client.force_login(member())
    response = client.get(url)
    assert response.status_code == 200
    assert heading in assert_in_site_frame(response)


def test_set_password_page_for_an_account_without_one(client):
    user = member()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.get(reverse("account_set_password"))
    assert "<h1>Set a password</h1>" in assert_in_site_frame(response)


def test_account_navigation_marks_the_current_page(client):
    client.force_login(member())
    html = client.get(reverse("account_email")).content.decode()
    assert f'<a href="{reverse("account_email")}" aria-current="page">Email addresses</a>' in html


def test_email_page_lists_the_members_addresses_with_their_state(client):
    client.force_login(member())
    html = client.get(reverse("account_email")).content.decode()
    assert "reader@example.org" in html
    assert '<span class="badge primary">Primary</span>' in html
    assert '<span class="badge verified">Verified</span>' in html


def test_failed_login_shows_the_error_in_the_form(client):
    member()
    response = client.post(reverse("account_login"), {"login": "reader", "password": "wrong"})
    html = assert_in_site_frame(response)
    assert '<ul class="errorlist nonfield">' in html
    assert "not correct" in html


def test_signup_error_sits_with_its_field_and_keeps_the_typing(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "username": "newreader"})
    html = assert_in_site_frame(response)
    email_field = html[html.index('<label for="id_email">') : html.index('<label for="id_username">')]
    assert 'class="errorlist' in email_field
    assert 'value="newreader"' in html


def test_too_many_password_resets_get_the_sites_429_page(client):
    member()
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    response = client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in response.content.decode()


def test_allauth_elements_use_the_sites_markup(rf):
    template = Template(
        "{% load allauth %}"
        '{% element form method="post" tags="entrance" %}'
        "{% slot body %}{% element fields form=form %}{% endelement %}{% endslot %}"
        '{% slot actions %}{% element button type="submit" tags="danger,delete" %}Remove{% endelement %}{% endslot %}'
        "{% endelement %}"
        '{% element badge tags="success,verified" %}Verified{% endelement %}'
        "{% element alert %}{% slot message %}Careful{% endslot %}{% endelement %}",
        origin=Origin("elements", template_name="elements.html"),  # allauth reads the including template's name
    )
    html = template.render(Context({"form": LoginForm(request=rf.get("/"))}))
    assert '<form method="post" class="account-form entrance">' in html
    assert '<div class="actions"><button class="danger delete" type="submit">Remove</button>' in html
    assert '<div class="field">' in html
    assert '<span class="badge success verified">Verified</span>' in html
    assert '<p class="alert" role="status">Careful</p>' in html


def test_form_sent_without_its_csrf_token_gets_the_sites_expired_page():
    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert "<h1>This form has expired</h1>" in response.content.decode()


def test_a_valid_reset_link_shows_the_new_password_form(client):
    user = member()
    key = default_token_generator.make_token(user)
    url = reverse("account_reset_password_from_key", args=[user_pk_to_url_str(user), key])
    response = client.get(url, follow=True)
    html = assert_in_site_frame(response)
    assert "<h1>Choose a new password</h1>" in html
    assert 'name="password1"' in html
