"""Site-wide headers: a Content-Security-Policy with no inline script or style, a Permissions-Policy,
and `Cache-Control: private, no-store` on every page rendered for a logged-in member."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from forum.models import Comment
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.fixture
def reading():
    """A private group with a moderator, a member and discussion in every state the page shows."""
    source = make_source()
    moderator, member = make_user("mod"), make_user("member")
    group = make_group(source, members=[member], moderators=[moderator])
    first = make_comment(group, member, passage=source.passages.first())
    make_comment(group, moderator, parent=first, body="A reply with [a link](https://example.org).")
    make_comment(group, member, passage=source.passages.first(), status=Comment.Status.PENDING)
    return group, source, moderator, member


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_sends_a_policy_without_inline_script_or_style(client):
    directives = csp_directives(client.get(reverse("sources:list")))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_every_page_sends_a_permissions_policy(client):
    policy = client.get(reverse("sources:list"))["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_a_public_page_for_a_visitor_may_be_cached(client):
    assert "no-store" not in client.get(reverse("sources:list")).get("Cache-Control", "")


def member_pages(group, source):
    return [
        reverse("forum:home"),
        reverse("forum:profile"),
        reverse("forum:group", args=[group.slug]),
        reverse("forum:reading", args=[group.slug, source.slug]),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("sources:list"),
    ]


def test_every_page_rendered_for_a_member_is_private_and_not_stored(client, reading):
    group, source, _, member = reading
    client.force_login(member)
    for address in member_pages(group, source):
        response = client.get(address)
        assert response.status_code == 200, address
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, address
        assert "public" not in directives


def test_the_admin_is_private_and_not_stored(admin_client):
    directives = {d.strip() for d in admin_client.get("/admin/")["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def assert_no_inline_code(response, address):
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (address, INLINE_SCRIPT.search(html))
    assert not INLINE_STYLE.search(html), (address, INLINE_STYLE.search(html))
    assert not EVENT_HANDLER.search(html), (address, EVENT_HANDLER.search(html))


def test_members_and_moderators_pages_hold_no_inline_script_or_style(client, reading):
    group, source, moderator, member = reading
    for user in (member, moderator):
        client.force_login(user)
        for address in member_pages(group, source):
            assert_no_inline_code(client.get(address), address)


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password", "sources:list"])
def test_visitors_pages_hold_no_inline_script_or_style(client, name):
    assert_no_inline_code(client.get(reverse(name)), name)


def test_the_admins_pages_hold_no_inline_script_or_style(admin_client, reading):
    group, source, moderator, member = reading
    comment = Comment.objects.filter(group=group).first()
    addresses = [
        "/admin/",
        "/admin/forum/comment/",
        f"/admin/forum/comment/{comment.pk}/change/",
        "/admin/forum/readinggroup/",
        f"/admin/forum/readinggroup/{group.pk}/change/",
        "/admin/forum/readinggroup/add/",
        "/admin/forum/membership/",
        "/admin/forum/flag/",
        "/admin/forum/moderationaction/",
        "/admin/sources/source/",
        f"/admin/sources/source/{source.pk}/change/",
        "/admin/auth/user/",
        f"/admin/auth/user/{member.pk}/change/",
        "/admin/auth/user/add/",
        "/admin/sites/site/",
    ]
    for address in addresses:
        response = admin_client.get(address)
        assert response.status_code == 200, address
        assert_no_inline_code(response, address)


def test_a_hostile_comment_cannot_add_inline_code_to_the_page(client, reading):
    group, source, _, member = reading
    make_comment(group, member, body='<p style="color:red" onclick="x()">hi</p><script>alert(1)</script>')
    client.force_login(member)
    address = reverse("forum:reading", args=[group.slug, source.slug])
    assert_no_inline_code(client.get(address), address)


REPO = Path(__file__).resolve().parent.parent


def project_templates():
    """templates/ and every app's templates/ (top-level folders only: .venv is not ours)."""
    folders = [REPO / "templates"] + [
        child / "templates" for child in REPO.iterdir() if child.is_dir() and not child.name.startswith(".")
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.glob("**/*.html"))


def test_no_template_of_ours_holds_inline_script_style_or_handlers():
    """The policy refuses them in the browser; this names the file before anyone opens the page."""
    offenders = []
    for path in project_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            if match := pattern.search(text):
                offenders.append(f"{path.relative_to(REPO)}: {match.group(0)[:60]}")
    assert project_templates()
    assert offenders == []
