"""Moderation on the site: who sees each comment state, flagging, and moderators' inline controls."""

import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Comment, Flag, ModerationAction
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    # Public, so a visitor and another group's moderator can open the page and show what they do not see.
    return make_group(make_source(), slug="ours", is_private=False)


@pytest.fixture
def author(group):
    return make_member(group).user


@pytest.fixture
def member(group):
    return make_member(group).user


def page(group):
    return reverse("forum:reading", args=[group.slug, group.sources.first().slug])


def viewer_client(client, who, group, author, member, moderator):
    user = {
        "author": author,
        "member": member,
        "moderator": moderator,
        "other group's moderator": make_moderator(make_group(make_source(), slug="theirs")),
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)
    return client


VISIBLE = {
    "approved": {"author", "member", "moderator", "other group's moderator", "anonymous"},
    "pending": {"author", "moderator"},
    "hidden": {"author", "moderator"},
    "removed": set(),
}


@pytest.mark.parametrize("status", list(VISIBLE))
@pytest.mark.parametrize("who", ["author", "member", "moderator", "other group's moderator", "anonymous"])
def test_who_sees_a_comment_in_each_state(client, group, author, member, moderator, status, who):
    comment = make_comment(group, author, "Marginal note 7731", status=status)
    response = viewer_client(client, who, group, author, member, moderator).get(page(group))
    assert response.status_code == 200
    assert ("Marginal note 7731" in response.content.decode()) == (who in VISIBLE[status]), comment.status


def test_private_groups_page_is_a_404_for_another_groups_moderator(client, author):
    private = make_group(make_source(), slug="private")
    make_member(private, user=author)
    make_comment(private, author)
    client.force_login(make_moderator(make_group(make_source(), slug="theirs")))
    assert client.get(page(private)).status_code == 404


# Flagging from the page.


def flag(client, comment, follow=False, **data):
    return client.post(
        reverse("forum:flag", args=[comment.pk]),
        {"reason": "spam", "next": page(comment.group) + f"#{comment.anchor}", **data},
        follow=follow,
    )


def test_member_is_offered_a_flag_on_someone_elses_comment(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    html = client.get(page(group)).content.decode()
    flag = re.search(r'class="flag-link" href="([^"]+)"', html)[1]
    assert urljoin(page(group), flag) == reverse("forum:comment_flag", args=[group.slug, comment.pk])
    assert f'data-action-prefix="{reverse("forum:flag", args=[0]).removesuffix("0/flag/")}"' in html


def test_author_sees_no_flag_form_on_their_own_comment(client, group, author):
    comment = make_comment(group, author)
    client.force_login(author)
    assert f"/{comment.pk}/flag/" not in client.get(page(group)).content.decode()


def test_flagging_records_the_flag_and_returns_to_the_comment(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    response = flag(client, comment, reason="off-topic", note="About another reading.")
    assert response.status_code == 302
    assert response["Location"] == page(group) + f"#{comment.anchor}"
    assert Flag.objects.get().note == "About another reading."


def test_flagging_twice_says_so_and_keeps_one_flag(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    flag(client, comment)
    response = flag(client, comment, follow=True)
    assert "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1


def test_flagging_ones_own_comment_is_refused_with_a_message(client, group, author):
    comment = make_comment(group, author)
    client.force_login(author)
    response = flag(client, comment, follow=True)
    assert "cannot flag your own comment" in response.content.decode()
    assert not Flag.objects.exists()


def test_flag_with_a_bad_reason_saves_nothing(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    response = flag(client, comment, reason="<script>alert(1)</script>", follow=True)
    assert "Choose a reason" in response.content.decode()
    assert not Flag.objects.exists()


def test_flag_sends_an_offsite_next_back_to_the_comment_instead(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    response = flag(client, comment, next="https://evil.example/")
    assert response["Location"] == comment.get_absolute_url()


def test_flag_needs_post(client, group, author, member):
    client.force_login(member)
    assert client.get(reverse("forum:flag", args=[make_comment(group, author).pk])).status_code == 405


def test_flag_needs_a_login(client, group, author):
    response = flag(client, make_comment(group, author))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Flag.objects.exists()


def test_flagging_a_comment_the_member_cannot_see_is_a_404(client, group, author, member):
    comment = make_comment(group, author, status="pending")
    client.force_login(member)
    assert flag(client, comment).status_code == 404


def test_flagging_in_a_private_group_one_is_not_in_is_a_404(client, author):
    private = make_group(make_source(), slug="private")
    make_member(private, user=author)
    client.force_login(make_user())
    assert flag(client, make_comment(private, author)).status_code == 404


def test_flag_without_csrf_token_is_refused(group, author, member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert flag(strict, make_comment(group, author)).status_code == 403
    assert not Flag.objects.exists()


# Moderators' inline controls.


def moderate(client, comment, act, reason=""):
    return client.post(
        reverse("forum:moderate", args=[comment.pk]),
        {"act": act, "reason": reason, "next": page(comment.group) + f"#{comment.anchor}"},
    )


def test_moderator_sees_approve_and_hide_controls(client, group, author, moderator):
    comment = make_comment(group, author, status="pending")
    client.force_login(moderator)
    html = client.get(page(group)).content.decode()
    assert reverse("forum:moderate", args=[comment.pk]) in html
    assert 'value="approve"' in html and 'value="hide"' in html


def test_member_sees_no_moderation_controls(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    assert reverse("forum:moderate", args=[comment.pk]) not in client.get(page(group)).content.decode()


def test_moderator_hides_from_the_page_through_the_same_log(client, group, author, moderator):
    comment = make_comment(group, author)
    client.force_login(moderator)
    response = moderate(client, comment, "hide", "Spoilers.")
    assert response["Location"] == page(group) + f"#{comment.anchor}"
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.actor, entry.reason) == ("hide", moderator, "Spoilers.")
    assert Comment.objects.get(pk=comment.pk).status == "hidden"


def test_moderator_approves_a_held_comment_from_the_page(client, group, author, moderator):
    comment = make_comment(group, author, status="pending")
    client.force_login(moderator)
    moderate(client, comment, "approve")
    assert Comment.objects.get(pk=comment.pk).status == "approved"


def test_restore_on_a_hidden_comment_is_logged_as_restore(client, group, author, moderator):
    comment = make_comment(group, author, status="hidden")
    client.force_login(moderator)
    moderate(client, comment, "restore")
    assert ModerationAction.objects.get().action == "restore"


def test_an_act_the_table_does_not_offer_for_the_status_changes_nothing(client, group, author, moderator):
    comment = make_comment(group, author, status="hidden")
    client.force_login(moderator)
    response = moderate(client, comment, "approve")
    assert Comment.objects.get(pk=comment.pk).status == "hidden"
    assert "does not apply" in str(list(response.wsgi_request._messages))


def test_member_cannot_use_the_moderation_url(client, group, author, member):
    comment = make_comment(group, author)
    client.force_login(member)
    assert moderate(client, comment, "hide").status_code == 404
    assert Comment.objects.get(pk=comment.pk).status == "approved"


def test_another_groups_moderator_cannot_use_the_moderation_url(client, group, author):
    comment = make_comment(group, author)
    client.force_login(make_moderator(make_group(make_source(), slug="theirs")))
    assert moderate(client, comment, "hide").status_code == 404
    assert not ModerationAction.objects.exists()


def test_unknown_inline_act_changes_nothing(client, group, author, moderator):
    comment = make_comment(group, author)
    client.force_login(moderator)
    moderate(client, comment, "remove")
    assert Comment.objects.get(pk=comment.pk).status == "approved"


def test_moderation_controls_add_no_queries_per_comment(client, group, author, moderator):
    client.force_login(moderator)
    client.get(page(group))  # the reading's text is rendered once per version, on the first view
    counts = []
    for total in (3, 30):
        Comment.objects.all().delete()
        for i in range(total):
            make_comment(group, author, f"comment {i}", status=["approved", "pending", "hidden"][i % 3])
        with CaptureQueriesContext(connection) as queries:
            client.get(page(group))
        counts.append(len(queries))
    assert counts[0] == counts[1]
