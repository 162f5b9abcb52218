"""What notifies whom, and never about a comment the recipient cannot see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import acts
from forum.models import Comment, GroupReading
from notify.models import Kind, Notification
from tests.factories import answer, make_comment, make_group, make_moderator, make_source, make_user, set_answer_first

from .notify_helpers import kinds_for, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol():
    return make_user("carol", "Carol")


@pytest.fixture
def moderator():
    return make_user("morgan", "Morgan")


@pytest.fixture
def group(group, carol, moderator):
    """Alice and Bob's group (tests/conftest.py), with Carol as a third student and Morgan moderating."""
    group.join(carol)
    make_moderator(group, moderator)
    return group


def test_a_reply_notifies_the_author_of_the_comment_it_answers(capture, group, alice, bob):
    first = post(capture, alice, group, "Where does the famine start?")
    reply = post(capture, bob, group, "In 1932.", parent=first)
    assert kinds_for(alice) == {(Kind.REPLY, reply.pk)}
    assert kinds_for(bob) == set()


def test_a_reply_deeper_in_a_thread_notifies_its_starter_too(capture, group, alice, bob, carol):
    first = post(capture, alice, group)
    second = post(capture, bob, group, parent=first)
    third = post(capture, carol, group, parent=second)
    assert (Kind.THREAD, third.pk) in kinds_for(alice)
    assert (Kind.REPLY, third.pk) in kinds_for(bob)


def test_a_member_named_twice_hears_once_as_the_reply(capture, group, alice, bob):
    first = post(capture, alice, group)
    reply = post(capture, bob, group, "@alice see above", parent=first)
    assert kinds_for(alice) == {(Kind.REPLY, reply.pk)}


def test_replying_to_oneself_notifies_nobody(capture, group, alice):
    first = post(capture, alice, group)
    post(capture, alice, group, "And another thing.", parent=first)
    assert Notification.objects.count() == 0


def test_a_mention_of_a_member_notifies_them(capture, group, alice, carol):
    comment = post(capture, alice, group, "What do you think, @carol?")
    assert kinds_for(carol) == {(Kind.MENTION, comment.pk)}


def test_a_mention_of_someone_outside_the_group_notifies_nobody(capture, group, alice):
    outsider = make_user("eve")
    make_group(make_source(), members=[outsider])
    post(capture, alice, group, "Hello @eve and @nobody-at-all")
    assert Notification.objects.count() == 0


def test_fifty_mentions_notify_the_first_ten_members_and_nobody_else(capture, group, source):
    members = [make_user(f"m{i:02d}") for i in range(50)]
    for member in members:
        group.join(member)
    writer = make_user("writer")
    group.join(writer)
    comment = post(capture, writer, group, " ".join(f"@{member.username}" for member in members))
    notified = set(Notification.objects.filter(comment=comment).values_list("recipient__username", flat=True))
    assert notified == {f"m{i:02d}" for i in range(10)}


def test_an_edit_that_adds_a_mention_notifies_only_the_new_name(capture, client, group, alice, bob, carol):
    comment = post(capture, alice, group, "Hi @bob")
    client.force_login(alice)
    with capture(execute=True):
        client.post(f"/groups/{group.slug}/comments/{comment.pk}/edit/", {"body": "Hi @bob and @carol"})
    assert Notification.objects.filter(comment=comment, kind=Kind.MENTION).count() == 2
    assert kinds_for(carol) == {(Kind.MENTION, comment.pk)}


def held_reply(capture, group, author, replier):
    """`replier` answers `author`'s comment with a blocked word: the reply is held."""
    first = post(capture, author, group)
    group.blocked_words = "kolkhoz"
    group.save()
    return post(capture, replier, group, "The kolkhoz again", parent=first)


def test_a_held_comment_notifies_the_moderators_not_the_author_it_answers(capture, group, alice, bob, moderator):
    held = held_reply(capture, group, alice, bob)
    assert held.status == Comment.Status.PENDING
    assert kinds_for(alice) == set()
    assert kinds_for(moderator) == {(Kind.HELD, held.pk)}


def test_approving_a_held_reply_tells_its_author_and_then_the_one_it_answers(capture, group, alice, bob, moderator):
    held = held_reply(capture, group, alice, bob)
    with capture(execute=True):
        acts.approve(held, moderator, "fine after all")
    note = Notification.objects.get(recipient=bob)
    assert (note.kind, note.status, note.reason, note.actor) == (
        Kind.MODERATION,
        "approved",
        "fine after all",
        moderator,
    )
    assert kinds_for(alice) == {(Kind.REPLY, held.pk)}


@pytest.mark.parametrize("act, status", [(acts.hide, "hidden"), (acts.remove, "removed")])
def test_hiding_or_removing_tells_the_author_with_the_reason(capture, group, alice, moderator, act, status):
    comment = post(capture, alice, group)
    with capture(execute=True):
        act(comment, moderator, "off topic")
    note = Notification.objects.get(recipient=alice)
    assert (note.kind, note.status, note.reason) == (Kind.MODERATION, status, "off topic")


def test_a_flag_notifies_the_groups_moderators_once_per_comment(capture, group, alice, bob, carol, moderator):
    comment = post(capture, alice, group)
    with capture(execute=True):
        acts.flag(comment, bob, "spam")
        acts.flag(comment, carol, "abuse")
    assert kinds_for(moderator) == {(Kind.FLAG, comment.pk)}
    assert Notification.objects.get(recipient=moderator).reason == "Spam"


def test_a_new_reading_on_the_list_notifies_every_member(
    group,
):
    GroupReading.objects.create(group=group, source=make_source(), position=5)
    assert Notification.objects.filter(kind=Kind.READING).count() == 4


# Privacy: never a notification about a comment the recipient cannot see.


def test_no_notification_reaches_a_member_of_another_group(capture, source, alice, bob, carol):
    ours = make_group(source, members=[alice, bob])
    make_group(source, members=[carol])
    post(capture, alice, ours, "Ask @carol about it")
    assert kinds_for(carol) == set()


def test_no_notification_about_a_pending_comment_reaches_anyone_but_moderators(
    capture, group, alice, bob, carol, moderator
):
    group.premoderate_first_comment = True
    group.save()
    first = make_comment(group, alice, body="old")
    held = post(capture, bob, group, "@carol look", parent=first)
    assert held.status == Comment.Status.PENDING
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {moderator.username}


def test_no_notification_about_a_comment_hidden_before_the_signal_arrives(
    django_capture_on_commit_callbacks, group, alice, bob
):
    first = post(django_capture_on_commit_callbacks, alice, group)
    reply = make_comment(group, bob, parent=first, status=Comment.Status.HIDDEN)
    from notify import notices

    notices.comment_published(reply)
    assert kinds_for(alice) == set()


def test_a_removed_comment_notifies_nobody_when_restored_twice(capture, group, alice, bob, moderator):
    first = post(capture, alice, group)
    reply = post(capture, bob, group, parent=first)
    with capture(execute=True):
        acts.remove(reply, moderator, "spam")
        acts.restore(reply, moderator, "not spam")
    assert Notification.objects.filter(recipient=alice, kind=Kind.REPLY).count() == 1


def test_no_notification_about_an_answer_behind_answer_first(capture, group, source, alice, bob, moderator):
    """A student who has not answered the question hears nothing of classmates' answers or the
    replies under them (teaching's gate, applied through forum's visibility rule)."""
    set_answer_first(group, source)
    prompt = source.passages.first().prompts.first()
    first_answer = answer(group, alice, prompt, "My answer.")
    reply = post(capture, moderator, group, "Good point, @bob should see this", parent=first_answer)
    assert kinds_for(bob) == set()  # mentioned, but has not answered: gated
    assert kinds_for(alice) == {(Kind.REPLY, reply.pk)}  # an author is never gated


def test_answering_opens_the_gate_for_later_notifications(capture, group, source, alice, bob, moderator):
    set_answer_first(group, source)
    prompt = source.passages.first().prompts.first()
    first_answer = answer(group, alice, prompt, "My answer.")
    answer(group, bob, prompt, "Mine too.")
    reply = post(capture, moderator, group, "Agreed, @bob", parent=first_answer)
    assert kinds_for(bob) == {(Kind.MENTION, reply.pk)}


# Cost: bounded queries, whatever the number of people in the thread.


def thread_of(group, n_participants):
    """A thread started by a new member and answered by `n_participants` others, and one more
    member about to reply: (starter, the last reply, the replier)."""
    starter = make_user()
    group.join(starter)
    first = last = make_comment(group, starter)
    for _ in range(n_participants):
        member = make_user()
        group.join(member)
        last = make_comment(group, member, parent=first)
    replier = make_user()
    group.join(replier)
    return starter, last, replier


def reply_queries(capture, group, n_participants):
    _, last, replier = thread_of(group, n_participants)
    from notify import notices

    reply = make_comment(group, replier, parent=last, body="@" + last.author.username)
    reply = Comment.objects.select_related("author", "group").get(pk=reply.pk)
    with CaptureQueriesContext(connection) as queries:
        notices.comment_published(reply)
    return len(queries), Notification.objects.filter(comment=reply).count()


def test_a_reply_in_a_thread_of_200_costs_the_same_queries_as_in_a_thread_of_2(capture, group):
    small, small_notes = reply_queries(capture, group, 2)
    large, large_notes = reply_queries(capture, group, 200)
    assert small == large <= 6
    assert small_notes == large_notes == 2


def posting_queries(capture, group, n_participants):
    """Queries of one POST that replies (with a mention) in a thread of n participants, the
    notifications written on commit included."""
    from django.test import Client

    starter, last, replier = thread_of(group, n_participants)
    client = Client()
    client.force_login(replier)
    client.get("/")  # the session and the user are loaded the same way each time
    url = f"/groups/{group.slug}/readings/{group.sources.first().slug}/comment/"
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        response = client.post(url, {"body": f"@{starter.username} agreed", "parent": last.pk})
    assert response.status_code == 302
    return len(queries)


def test_posting_a_reply_costs_the_same_queries_in_a_thread_of_2_and_of_200(capture, group):
    assert posting_queries(capture, group, 2) == posting_queries(capture, group, 200)


def test_private_feedback_notifies_only_the_comments_author(capture, group, alice, moderator):
    """Teaching's feedback_given signal (skipped until the teaching app sends it)."""
    qa = pytest.importorskip("teaching.qa")
    pytest.importorskip("teaching.signals")
    comment = post(capture, alice, group, "My reading of it.")
    with capture(execute=True):
        qa.give_feedback(comment, moderator, "Good, now quote the passage.")
    note = Notification.objects.get(kind=Kind.FEEDBACK)
    assert (note.recipient, note.actor, note.reason) == (alice, moderator, "Good, now quote the passage.")
