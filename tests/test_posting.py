"""forum.posting: one code path for a new comment and for an edit (render once, judge, save, hold)."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from forum import posting
from forum.forms import CommentForm
from forum.models import Comment, ModerationAction
from forum.signals import comment_edited, comment_posted
from tests.factories import make_comment, make_group, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make_user()


@pytest.fixture
def group(source, member):
    return make_group(source, members=[member])


def post(group, member, source, body="A first thought.", **place):
    return posting.post_comment(group=group, author=member, source=source, body=body, **place)


def test_an_accepted_post_is_saved_approved_with_its_html(group, member, source):
    result = post(group, member, source, "Read *this* closely.", passage=source.passages.first())
    assert not result.refused and not result.held
    comment = Comment.objects.get()
    assert comment == result.comment and comment.status == "approved"
    assert comment.body_html == "<p>Read <em>this</em> closely.</p>"


def test_the_body_is_rendered_once_and_the_links_are_counted_on_that_html(group, member, source):
    group.max_links = 1
    group.save()
    body = "See https://example.org and [this](https://example.com)."
    with mock.patch("forum.posting.render_comment", wraps=posting.render_comment) as render:
        with (
            mock.patch("forum.models.comments.render_comment") as model_render,
            mock.patch("forum.moderation.render_comment") as rules_render,
        ):
            result = post(group, member, source, body)
    assert render.call_count == 1
    assert model_render.call_count == 0 and rules_render.call_count == 0
    assert result.held and result.reason == "held: 2 links"
    assert Comment.objects.get().status == "pending"
    assert ModerationAction.objects.get().reason == "held: 2 links"


def test_a_refused_post_saves_nothing_and_says_why(group, member, source):
    post(group, member, source, "Twice.")
    result = post(group, member, source, "  twice. ")
    assert result.refused and result.comment is None
    assert "already posted this" in result.reason
    assert Comment.objects.count() == 1


def test_comment_posted_is_sent_by_the_service_once_committed(
    group, member, source, django_capture_on_commit_callbacks
):
    received = []
    comment_posted.connect(receiver := lambda sender, comment, **kw: received.append(comment), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = post(group, member, source)
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
        assert received == [result.comment]
    finally:
        comment_posted.disconnect(receiver)


def test_a_refused_post_sends_nothing(group, member, source, django_capture_on_commit_callbacks):
    post(group, member, source, "Once.")
    with django_capture_on_commit_callbacks() as callbacks:
        post(group, member, source, "Once.")
    assert callbacks == []


def test_a_reply_is_placed_under_its_parent(group, member, source):
    parent = make_comment(group, make_user(), passage=source.passages.first())
    result = post(group, member, source, "I agree.", parent=parent)
    assert (result.comment.parent, result.comment.passage, result.comment.root_id) == (
        parent,
        parent.passage,
        parent.pk,
    )


def test_the_comment_form_only_validates(group, member, source):
    """Validating posts nothing: the form has no save(), the view calls forum.posting."""
    form = CommentForm({"body": "Valid."}, user=member, membership=None, group=group, source=source)
    assert form.is_valid()
    assert not hasattr(form, "save")
    assert Comment.objects.count() == 0


def test_the_site_posts_through_the_service(group, member, source):
    client = Client()
    client.force_login(member)
    with mock.patch("forum.views.posting.post_comment", wraps=posting.post_comment) as service:
        client.post(reverse("forum:comment_new", args=[group.slug, source.slug]), {"body": "Through the form."})
    assert service.call_count == 1
    assert Comment.objects.get().body == "Through the form."


def test_saving_a_comment_renders_only_when_its_text_changed(group, member, source):
    comment = Comment.objects.get(pk=make_comment(group, member).pk)
    with mock.patch("forum.models.comments.render_comment", return_value="<p>re-rendered</p>") as render:
        comment.status = Comment.Status.HIDDEN
        comment.save()
        comment.soft_delete()
        assert render.call_count == 0
        comment.body = "New words."
        comment.save()
    assert render.call_count == 1
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>re-rendered</p>"


def test_an_edit_into_spam_goes_back_to_the_queue_and_is_announced(
    group, member, source, django_capture_on_commit_callbacks
):
    group.max_links = 0
    group.save()
    comment = make_comment(group, member)
    edited = []
    comment_edited.connect(receiver := lambda sender, comment, **kw: edited.append(comment), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = posting.edit_comment(comment, "Buy at https://example.org")
    finally:
        comment_edited.disconnect(receiver)
    assert result.held and edited == [comment]
    saved = Comment.objects.get(pk=comment.pk)
    assert saved.status == "pending" and saved.edited is not None
    assert 'href="https://example.org"' in saved.body_html
