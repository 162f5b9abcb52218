"""Every reply knows its thread's first comment, however deep it sits."""

import pytest
from django.test import override_settings

from forum.signals import comment_posted
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@override_settings(MARGINALIA_MAX_DEPTH=2)
def test_replies_at_and_past_the_depth_limit_point_at_the_thread_root():
    source = make_source()
    alice, bob = make_user(), make_user()
    group = make_group(source, members=[alice, bob])
    first = make_comment(group, alice, passage=source.passages.first())
    reply = make_comment(group, bob, parent=first)
    deeper = make_comment(group, alice, parent=reply)  # placed beside `reply` at the limit
    assert first.root_id is None
    assert (reply.root_id, deeper.root_id) == (first.pk, first.pk)
    assert deeper.parent_id == first.pk and deeper.in_reply_to_id == reply.pk


def test_posting_through_the_site_sends_comment_posted_after_commit(client, django_capture_on_commit_callbacks):
    source = make_source()
    alice = make_user()
    group = make_group(source, members=[alice])
    received = []
    comment_posted.connect(lambda sender, comment, **kw: received.append(comment.body), weak=False, dispatch_uid="t")
    try:
        client.force_login(alice)
        url = f"/groups/{group.slug}/readings/{source.slug}/comment/"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(url, {"body": "Hello", "passage": source.passages.first().pk})
        assert received == []  # nothing before the transaction commits
        for callback in callbacks:
            callback()
        assert received == ["Hello"]
    finally:
        comment_posted.disconnect(dispatch_uid="t")
