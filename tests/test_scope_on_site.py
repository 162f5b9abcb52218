"""What the desk and the site show of a comment to someone who may not see it: the admin's
"view on site" shortcut, comment permalinks, superusers' controls, and a demoted moderator."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from forum import acts
from forum.conf import MODERATORS_GROUP
from forum.models import Comment, Membership, ModerationAction
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(make_source(), slug="ours")


@pytest.fixture
def other_group():
    return make_group(make_source(), slug="secret-seminar")


def view_on_site(obj):
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


# The admin's "view on site" shortcut (item 5).


def test_view_on_site_of_another_groups_comment_is_a_404(client, group, other_group):
    client.force_login(make_moderator(group))
    theirs = make_comment(other_group, make_member(other_group).user)
    response = client.get(view_on_site(theirs))
    assert response.status_code == 404
    assert "secret-seminar" not in response.get("Location", "")


def test_view_on_site_of_another_groups_group_is_a_404(client, group, other_group):
    client.force_login(make_moderator(group))
    assert client.get(view_on_site(other_group)).status_code == 404


def test_view_on_site_of_ones_own_groups_comment_redirects_to_it(client, group):
    client.force_login(make_moderator(group))
    ours = make_comment(group, make_member(group).user)
    response = client.get(view_on_site(ours))
    assert response.status_code == 302
    assert f"/groups/ours/comments/{ours.pk}/" in response["Location"]


def test_view_on_site_of_an_unknown_object_or_type_is_a_404(client, group):
    client.force_login(make_moderator(group))
    ours = make_comment(group, make_member(group).user)
    content_type = ContentType.objects.get_for_model(ours).pk
    assert client.get(reverse("admin:view_on_site", args=[content_type, 10**9])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[10**6, ours.pk])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[content_type, "not-a-number"])).status_code == 404


def test_view_on_site_needs_staff(client, group):
    ours = make_comment(group, make_member(group).user)
    client.force_login(make_member(group).user)
    response = client.get(view_on_site(ours))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_superuser_may_view_any_groups_comment_on_site(client, other_group):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    theirs = make_comment(other_group, make_member(other_group).user)
    assert client.get(view_on_site(theirs)).status_code == 302


# Permalinks of comments the visitor cannot see (item 6).


def permalink(comment):
    return reverse("forum:comment", args=[comment.group.slug, comment.pk])


@pytest.mark.parametrize(
    "state",
    [{"status": "removed"}, {"status": "pending"}, {"status": "hidden"}, {"is_deleted": True}],
    ids=["removed", "pending", "hidden", "deleted"],
)
def test_permalink_of_a_comment_the_member_cannot_see_is_a_404(client, group, state):
    comment = make_comment(group, make_member(group).user, **state)
    client.force_login(make_member(group).user)
    response = client.get(permalink(comment))
    assert response.status_code == 404
    assert "open=" not in response.get("Location", "")


def test_permalink_of_ones_own_pending_comment_still_leads_to_it(client, group):
    author = make_member(group).user
    comment = make_comment(group, author, status="pending")
    client.force_login(author)
    response = client.get(permalink(comment))
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{comment.pk}")


def test_permalink_of_a_hidden_comment_leads_its_moderator_to_it(client, group):
    comment = make_comment(group, make_member(group).user, status="hidden")
    client.force_login(make_moderator(group))
    assert client.get(permalink(comment)).status_code == 302


# Superusers and the site's moderation controls (item 7): shown exactly where they work.


def moderate(client, comment, act):
    return client.post(reverse("forum:moderate", args=[comment.pk]), {"act": act})


def test_a_superuser_who_is_a_student_here_sees_no_controls_and_cannot_moderate(client, group):
    boss = make_user(is_staff=True, is_superuser=True)
    make_member(group, boss)
    comment = make_comment(group, make_member(group).user)
    client.force_login(boss)
    html = client.get(reverse("forum:reading", args=[group.slug, group.sources.first().slug])).content.decode()
    assert "comment-moderate" not in html
    assert moderate(client, comment, "hide").status_code == 404
    assert Comment.objects.get(pk=comment.pk).status == "approved"
    assert not ModerationAction.objects.exists()


def test_a_superuser_who_moderates_the_group_sees_controls_that_work(client, group):
    boss = make_user(is_staff=True, is_superuser=True)
    Membership.objects.create(user=boss, group=group, role=Membership.Role.MODERATOR)
    comment = make_comment(group, make_member(group).user, status="pending")
    client.force_login(boss)
    html = client.get(reverse("forum:reading", args=[group.slug, group.sources.first().slug])).content.decode()
    assert 'name="act" value="approve"' in html
    assert moderate(client, comment, "approve").status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == "approved"


# A moderator demoted from, or removed from, their last group leaves the desk (item 8).


def test_a_moderator_made_student_in_their_last_group_loses_staff_status(group):
    moderator = make_moderator(group)
    acts.set_role(Membership.objects.get(user=moderator), make_user(), Membership.Role.STUDENT)
    moderator.refresh_from_db()
    assert not moderator.is_staff
    assert not moderator.groups.filter(name=MODERATORS_GROUP).exists()


def test_a_moderator_who_still_moderates_another_group_keeps_staff_status(group, other_group):
    moderator = make_moderator(group)
    Membership.objects.create(user=moderator, group=other_group, role=Membership.Role.MODERATOR)
    acts.set_role(Membership.objects.get(user=moderator, group=group), make_user(), Membership.Role.STUDENT)
    moderator.refresh_from_db()
    assert moderator.is_staff


def test_a_moderator_removed_from_their_last_group_loses_staff_status(group):
    moderator = make_moderator(group)
    Membership.objects.get(user=moderator).delete()
    moderator.refresh_from_db()
    assert not moderator.is_staff
    assert not moderator.groups.filter(name=MODERATORS_GROUP).exists()


def test_a_demoted_superuser_stays_staff(group):
    boss = make_user(is_staff=True, is_superuser=True)
    boss.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    Membership.objects.create(user=boss, group=group, role=Membership.Role.MODERATOR)
    acts.set_role(Membership.objects.get(user=boss), make_user(), Membership.Role.STUDENT)
    boss.refresh_from_db()
    assert boss.is_staff


def test_a_student_removed_from_a_group_keeps_their_staff_status(group):
    """Staff status given for another reason (an instructor who edits readings) is not a moderator's to lose."""
    instructor = make_user(is_staff=True)
    make_member(group, instructor).delete()
    instructor.refresh_from_db()
    assert instructor.is_staff
