"""Posting, replying, editing and deleting comments, and every way a POST can be wrong."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from forum.models import Comment
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return make_source(passages=3)


@pytest.fixture
def passage(source):
    return source.passages.first()


@pytest.fixture
def post_url(group, source):
    return reverse("forum:comment_new", args=[group.slug, source.slug])


@pytest.fixture
def as_alice(client, alice, group):
    """The test client, logged in as Alice, a member of the group."""
    client.force_login(alice)
    return client


def post(client, post_url, **data):
    return client.post(post_url, data)


def test_posting_on_a_passage_saves_and_redirects_to_the_comment(as_alice, post_url, alice, passage):
    response = post(as_alice, post_url, body="A *thought*", passage=passage.pk)
    comment = Comment.objects.get()
    assert (comment.passage, comment.author, comment.status) == (passage, alice, "approved")
    assert comment.body_html == "<p>A <em>thought</em></p>"
    assert response.status_code == 302
    assert response["Location"].endswith(f"?open={passage.pk}#c-{comment.pk}")


def test_posting_on_the_whole_source_has_no_passage(as_alice, post_url):
    post(as_alice, post_url, body="On the whole")
    assert Comment.objects.get().passage is None


def test_answering_a_prompt_sets_prompt_and_passage(as_alice, post_url, passage):
    prompt = passage.prompts.first()
    post(as_alice, post_url, body="My answer", prompt=prompt.pk)
    comment = Comment.objects.get()
    assert (comment.prompt, comment.passage) == (prompt, passage)


def test_reply_takes_its_parents_place(as_alice, post_url, bob, group, passage):
    top = make_comment(group, bob, passage=passage)
    post(as_alice, post_url, body="Reply", parent=top.pk)
    reply = Comment.objects.exclude(pk=top.pk).get()
    assert (reply.parent, reply.in_reply_to, reply.passage, reply.depth) == (top, top, passage, 1)


@override_settings(MARGINALIA_MAX_DEPTH=3)
def test_reply_to_a_comment_at_the_depth_limit_is_placed_at_the_limit(as_alice, post_url, bob, group, passage):
    chain = [make_comment(group, bob, passage=passage)]
    for _ in range(2):
        chain.append(make_comment(group, bob, parent=chain[-1]))
    assert chain[-1].depth == 2
    post(as_alice, post_url, body="Deep reply", parent=chain[-1].pk)
    reply = Comment.objects.get(body="Deep reply")
    assert (reply.parent, reply.in_reply_to, reply.depth) == (chain[1], chain[-1], 2)


@override_settings(MARGINALIA_MAX_DEPTH=2)
def test_reply_at_the_limit_shows_in_reply_to(as_alice, alice, bob, group, passage, source):
    top = make_comment(group, bob, passage=passage)
    middle = make_comment(group, bob, parent=top)
    make_comment(group, alice, parent=middle)
    url = reverse("forum:reading", args=[group.slug, source.slug])
    html = as_alice.get(url).content.decode()
    assert f'in reply to <a href="#c-{middle.pk}">Bob</a>' in html


@pytest.mark.parametrize("body", ["", "   ", "\n\t \n", "\x00\x01"])
def test_blank_body_comes_back_with_a_message(as_alice, post_url, passage, body):
    response = post(as_alice, post_url, body=body, passage=passage.pk)
    assert response.status_code == 400
    assert "the comment is empty" in response.content.decode()
    assert not Comment.objects.exists()


def test_over_long_body_comes_back_with_the_text_kept(as_alice, post_url, passage):
    body = "word " * 1001
    response = post(as_alice, post_url, body=body, passage=passage.pk)
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 5,000 characters long; this one has 5,005" in html
    assert body.strip() in html
    assert not Comment.objects.exists()


def test_body_at_the_limit_is_accepted(as_alice, post_url):
    post(as_alice, post_url, body="x" * 5000)
    assert Comment.objects.count() == 1


def test_passage_of_another_source_is_refused(as_alice, post_url):
    foreign = make_source().passages.first()
    response = post(as_alice, post_url, body="Hello", passage=foreign.pk)
    assert response.status_code == 400
    assert "That passage is not part of this reading." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", str(2**70)])
def test_malformed_ids_are_refused(as_alice, post_url, value):
    response = post(as_alice, post_url, body="Hello", parent=value)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_prompt_of_another_passage_is_refused(as_alice, post_url, passage, source):
    prompt = passage.prompts.first()
    other_passage = source.passages.last()
    response = post(as_alice, post_url, body="Hello", passage=other_passage.pk, prompt=prompt.pk)
    assert "That reading question belongs to another passage." in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_across_groups_is_refused(as_alice, post_url, alice, bob, passage, source):
    other_group = make_group(source, members=[alice, bob])
    foreign = make_comment(other_group, bob, passage=passage)
    response = post(as_alice, post_url, body="Hello", parent=foreign.pk)
    assert response.status_code == 400
    assert "not here any more" in response.content.decode()
    assert Comment.objects.count() == 1


def test_reply_across_passages_is_refused(as_alice, post_url, bob, group, passage, source):
    top = make_comment(group, bob, passage=passage)
    response = post(as_alice, post_url, body="Hello", parent=top.pk, passage=source.passages.last().pk)
    assert "A reply goes in the same place as the comment it answers." in response.content.decode()
    assert Comment.objects.count() == 1


def test_reply_to_a_deleted_comment_is_refused(as_alice, post_url, bob, group, passage):
    top = make_comment(group, bob, passage=passage)
    top.soft_delete()
    response = post(as_alice, post_url, body="Hello", parent=top.pk)
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_non_member_cannot_post(post_url, client):
    client.force_login(make_user())
    response = client.post(post_url, {"body": "Hello"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_anonymous_post_is_sent_to_log_in(post_url, client):
    client.logout()
    response = client.post(post_url, {"body": "Hello"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_post_without_csrf_token_is_refused(alice, post_url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(post_url, {"body": "Hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_form_page_shows_the_comment_being_answered(as_alice, bob, group, passage, post_url):
    top = make_comment(group, bob, passage=passage, body="Original words")
    html = as_alice.get(post_url, {"parent": top.pk}).content.decode()
    assert "Reply to Bob" in html
    assert "Original words" in html
    assert f'name="parent" value="{top.pk}"' in html


def test_muted_member_cannot_post_and_is_told_why(as_alice, post_url, alice, group):
    group.memberships.filter(user=alice).update(is_muted=True, mute_reason="spam")
    response = post(as_alice, post_url, body="Hello")
    assert "you can read but not post" in response.content.decode()
    assert "Hello" in response.content.decode()
    assert not Comment.objects.exists()


# Editing and deleting


def edit_url(comment):
    return reverse("forum:comment_edit", args=[comment.group.slug, comment.pk])


def delete_url(comment):
    return reverse("forum:comment_delete", args=[comment.group.slug, comment.pk])


def test_author_edits_and_the_comment_is_marked_edited(as_alice, alice, group, passage, source):
    comment = make_comment(group, alice, passage=passage, body="Frist")
    response = as_alice.post(edit_url(comment), {"body": "**First**"})
    comment.refresh_from_db()
    assert response.status_code == 302
    assert (comment.body_html, comment.edited is not None) == ("<p><strong>First</strong></p>", True)
    url = reverse("forum:reading", args=[group.slug, source.slug])
    assert 'class="comment-edited"' in as_alice.get(url).content.decode()


def test_edit_with_a_blank_body_keeps_the_old_text(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage, body="Keep me")
    response = as_alice.post(edit_url(comment), {"body": "  "})
    comment.refresh_from_db()
    assert response.status_code == 400
    assert (comment.body, comment.edited) == ("Keep me", None)


def test_editing_links_into_an_approved_comment_sends_it_back_for_review(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage, body="Harmless")
    links = " ".join(f"https://example.com/spam{i}" for i in range(3))
    response = as_alice.post(edit_url(comment), {"body": f"Buy now {links}"}, follow=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.actions.get().reason == "edited: held: 3 links"
    assert "Your edit is awaiting moderation" in response.content.decode()


def test_an_ordinary_edit_stays_approved_and_logs_nothing(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage, body="Frist")
    as_alice.post(edit_url(comment), {"body": "First, with one link https://example.org"})
    comment.refresh_from_db()
    assert (comment.status, comment.actions.count()) == (Comment.Status.APPROVED, 0)


def test_editing_someone_elses_comment_is_refused(as_alice, bob, group, passage):
    comment = make_comment(group, bob, passage=passage, body="Bob's")
    response = as_alice.post(edit_url(comment), {"body": "Hijacked"})
    comment.refresh_from_db()
    assert response.status_code == 404
    assert comment.body == "Bob's"


def test_muted_member_cannot_edit(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage, body="Before")
    group.memberships.filter(user=alice).update(is_muted=True, muted_until=timezone.now() + timedelta(days=1))
    response = as_alice.post(edit_url(comment), {"body": "After"})
    comment.refresh_from_db()
    assert "muted you" in response.content.decode()
    assert comment.body == "Before"


def test_author_deletes_their_comment(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage)
    response = as_alice.post(delete_url(comment))
    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.is_deleted


def test_deleting_someone_elses_comment_is_refused(as_alice, bob, group, passage):
    comment = make_comment(group, bob, passage=passage)
    response = as_alice.post(delete_url(comment))
    comment.refresh_from_db()
    assert response.status_code == 404
    assert not comment.is_deleted


def test_get_on_delete_is_method_not_allowed(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage)
    response = as_alice.get(delete_url(comment))
    comment.refresh_from_db()
    assert response.status_code == 405
    assert not comment.is_deleted


def test_put_on_the_comment_url_is_method_not_allowed(as_alice, post_url):
    response = as_alice.put(post_url, "body=Hello")
    assert response.status_code == 405
    assert not Comment.objects.exists()


def test_muted_member_cannot_delete(as_alice, alice, group, passage):
    comment = make_comment(group, alice, passage=passage)
    group.memberships.filter(user=alice).update(is_muted=True)
    as_alice.post(delete_url(comment))
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_refused_verdict_keeps_the_text_and_shows_the_reason(as_alice, post_url, monkeypatch):
    from forum import moderation

    monkeypatch.setattr(moderation, "review", lambda *a, **k: moderation.Verdict("refuse", "Slow down."))
    response = post(as_alice, post_url, body="Fast words")
    html = response.content.decode()
    assert ("Slow down." in html, "Fast words" in html) == (True, True)
    assert not Comment.objects.exists()


def test_held_verdict_saves_pending_and_logs_the_hold(as_alice, post_url, monkeypatch):
    from forum import moderation

    monkeypatch.setattr(moderation, "review", lambda *a, **k: moderation.Verdict("hold", "held: 3 links"))
    post(as_alice, post_url, body="Links")
    comment = Comment.objects.get()
    assert comment.status == "pending"
    assert comment.actions.get().reason == "held: 3 links"
