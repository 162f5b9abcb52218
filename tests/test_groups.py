"""Reading groups: invite links, the group page, the member's home page with "N new"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Membership, ReadingVisit
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


def test_invite_link_makes_a_logged_in_user_a_member_and_lands_in_the_group(client):
    group = make_group(make_source())
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("forum:join", args=[group.invite_code]))
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert Membership.objects.filter(user=user, group=group, role="student").exists()


def test_invite_link_twice_does_not_duplicate_the_membership(client):
    group = make_group(make_source())
    user = make_user()
    client.force_login(user)
    client.get(reverse("forum:join", args=[group.invite_code]))
    client.get(reverse("forum:join", args=[group.invite_code]))
    assert Membership.objects.filter(user=user, group=group).count() == 1


def test_invite_link_asks_anonymous_visitors_to_log_in_or_sign_up_first(client):
    group = make_group(make_source(), name="Tuesday seminar")
    path = reverse("forum:join", args=[group.invite_code])
    response = client.get(path)
    html = response.content.decode()
    assert "Tuesday seminar" in html
    assert f"/accounts/login/?next={path}" in html
    assert f"/accounts/signup/?next={path}" in html
    assert not Membership.objects.exists()


def test_signing_up_through_the_invite_lands_in_the_group(client):
    group = make_group(make_source())
    path = reverse("forum:join", args=[group.invite_code])
    response = client.post(
        f"{reverse('account_signup')}?next={path}",
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "password1": "a-long-enough-password-123",
            "password2": "a-long-enough-password-123",
            "display_name": "New Bie",
            "next": path,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert Membership.objects.filter(user__username="newbie", group=group).exists()


def test_bad_invite_code_says_so_with_404(client):
    client.force_login(make_user())
    response = client.get(reverse("forum:join", args=["not-a-code"]))
    assert response.status_code == 404
    assert "This invite link is not valid" in response.content.decode()


def test_rotated_invite_code_no_longer_works(client):
    group = make_group(make_source())
    old = group.invite_code
    group.rotate_invite_code()
    client.force_login(make_user())
    response = client.get(reverse("forum:join", args=[old]))
    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_group_page_lists_the_readings_with_due_dates(client):
    source = make_source()
    user = make_user()
    group = make_group(source, members=[user])
    group.readings.update(due=timezone.datetime(2026, 3, 5).date())
    client.force_login(user)
    html = client.get(group.get_absolute_url()).content.decode()
    assert source.title in html
    assert "due Thu 5 Mar 2026" in html


def test_group_page_is_404_for_non_members(client):
    group = make_group(make_source())
    client.force_login(make_user())
    assert client.get(group.get_absolute_url()).status_code == 404


def test_group_page_is_404_for_anonymous(client):
    group = make_group(make_source())
    assert client.get(group.get_absolute_url()).status_code == 404


def test_invite_link_is_shown_to_moderators_only(client):
    student, moderator = make_user(), make_user()
    group = make_group(make_source(), members=[student], moderators=[moderator])
    client.force_login(student)
    assert group.invite_code not in client.get(group.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert group.invite_code in client.get(group.get_absolute_url()).content.decode()


@pytest.fixture
def member_with_readings(client):
    sources = [make_source() for _ in range(2)]
    me, other = make_user(), make_user()
    group = make_group(*sources, members=[me, other])
    client.force_login(me)
    return {"sources": sources, "me": me, "other": other, "group": group}


def test_home_counts_new_comments_since_the_last_visit(client, member_with_readings):
    data = member_with_readings
    source = data["sources"][0]
    make_comment(data["group"], data["other"], source=source, created=timezone.now() - timedelta(hours=2))
    ReadingVisit.objects.record(data["me"], data["group"], source, now=timezone.now() - timedelta(hours=1))
    for _ in range(3):
        make_comment(data["group"], data["other"], source=source)
    html = client.get(reverse("forum:home")).content.decode()
    assert '<span class="new-count">3 new</span>' in html


def test_home_does_not_count_my_own_or_invisible_comments(client, member_with_readings):
    data = member_with_readings
    source = data["sources"][0]
    make_comment(data["group"], data["me"], source=source)
    make_comment(data["group"], data["other"], source=source, status="pending")
    make_comment(data["group"], data["other"], source=source, status="removed")
    make_comment(data["group"], data["other"], source=source, is_deleted=True)
    html = client.get(reverse("forum:home")).content.decode()
    assert "new</span>" not in html


def test_opening_a_reading_resets_its_new_count(client, member_with_readings):
    data = member_with_readings
    source = data["sources"][0]
    make_comment(data["group"], data["other"], source=source)
    client.get(reverse("forum:reading", args=[data["group"].slug, source.slug]))
    html = client.get(reverse("forum:home")).content.decode()
    assert "new</span>" not in html


@pytest.mark.parametrize("groups", [1, 5])
def test_home_query_count_is_constant(client, django_assert_num_queries, groups):
    me = make_user()
    for _ in range(groups):
        sources = [make_source(passages=1) for _ in range(3)]
        group = make_group(*sources, members=[me])
        for source in sources:
            make_comment(group, make_user(), source=source)
    client.force_login(me)
    # session, user, readings with new counts, memberships, the user's display name, the bell
    with django_assert_num_queries(6):
        response = client.get(reverse("forum:home"))
    assert response.content.decode().count("1 new") == groups * 3
