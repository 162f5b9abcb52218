"""What notifies whom, and never about a comment the recipient cannot see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import acts
from forum.models import Comment, GroupReading
from notify.models import Kind, Notification
from tests.factories import answer, make_comment, make_group, make_source, make_user, set_answer_first

from .notify_helpers import kinds_for, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return make_source()


@pytest.fixture
def people():
    return {name: make_user(name) for name in ("ana", "ben", "cy", "dee")}


@pytest.fixture
def group(source, people):
    return make_group(source, members=[people["ana"], people["ben"], people["cy"]], moderators=[people["dee"]])


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_reply_notifies_the_author_of_the_comment_it_answers(capture, group, people):
    first = post(capture, people["ana"], group, "Where does the famine start?")
    reply = post(capture, people["ben"], group, "In 1932.", parent=first)
    assert kinds_for(people["ana"]) == {(Kind.REPLY, reply.pk)}
    assert kinds_for(people["ben"]) == set()


def test_a_reply_deeper_in_a_thread_notifies_its_starter_too(capture, group, people):
    first = post(capture, people["ana"], group)
    second = post(capture, people["ben"], group, parent=first)
    third = post(capture, people["cy"], group, parent=second)
    assert (Kind.THREAD, third.pk) in kinds_for(people["ana"])
    assert (Kind.REPLY, third.pk) in kinds_for(people["ben"])


def test_a_member_named_twice_hears_once_as_the_reply(capture, group, people):
    first = post(capture, people["ana"], group)
    reply = post(capture, people["ben"], group, "@ana see above", parent=first)
    assert kinds_for(people["ana"]) == {(Kind.REPLY, reply.pk)}


def test_replying_to_oneself_notifies_nobody(capture, group, people):
    first = post(capture, people["ana"], group)
    post(capture, people["ana"], group, "And another thing.", parent=first)
    assert Notification.objects.count() == 0


def test_a_mention_of_a_member_notifies_them(capture, group, people):
    comment = post(capture, people["ana"], group, "What do you think, @cy?")
    assert kinds_for(people["cy"]) == {(Kind.MENTION, comment.pk)}


def test_a_mention_of_someone_outside_the_group_notifies_nobody(capture, group, people):
    outsider = make_user("eve")
    make_group(make_source(), members=[outsider])
    post(capture, people["ana"], group, "Hello @eve and @nobody-at-all")
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


def test_an_edit_that_adds_a_mention_notifies_only_the_new_name(capture, client, group, people):
    comment = post(capture, people["ana"], group, "Hi @ben")
    client.force_login(people["ana"])
    with capture(execute=True):
        client.post(f"/groups/{group.slug}/comments/{comment.pk}/edit/", {"body": "Hi @ben and @cy"})
    assert Notification.objects.filter(comment=comment, kind=Kind.MENTION).count() == 2
    assert kinds_for(people["cy"]) == {(Kind.MENTION, comment.pk)}


def test_a_held_comment_notifies_the_moderators_not_the_author_it_answers(capture, group, people):
    first = post(capture, people["ana"], group)
    group.blocked_words = "kolkhoz"
    group.save()
    held = post(capture, people["ben"], group, "The kolkhoz again", parent=first)
    assert held.status == Comment.Status.PENDING
    assert kinds_for(people["ana"]) == set()
    assert kinds_for(people["dee"]) == {(Kind.HELD, held.pk)}


def test_approving_a_held_reply_tells_its_author_and_then_the_one_it_answers(capture, group, people):
    first = post(capture, people["ana"], group)
    group.blocked_words = "kolkhoz"
    group.save()
    held = post(capture, people["ben"], group, "The kolkhoz again", parent=first)
    with capture(execute=True):
        acts.approve(held, people["dee"], "fine after all")
    note = Notification.objects.get(recipient=people["ben"])
    assert (note.kind, note.status, note.reason, note.actor) == (
        Kind.MODERATION,
        "approved",
        "fine after all",
        people["dee"],
    )
    assert kinds_for(people["ana"]) == {(Kind.REPLY, held.pk)}


@pytest.mark.parametrize("act, status", [(acts.hide, "hidden"), (acts.remove, "removed")])
def test_hiding_or_removing_tells_the_author_with_the_reason(capture, group, people, act, status):
    comment = post(capture, people["ana"], group)
    with capture(execute=True):
        act(comment, people["dee"], "off topic")
    note = Notification.objects.get(recipient=people["ana"])
    assert (note.kind, note.status, note.reason) == (Kind.MODERATION, status, "off topic")


def test_a_flag_notifies_the_groups_moderators_once_per_comment(capture, group, people):
    comment = post(capture, people["ana"], group)
    with capture(execute=True):
        acts.flag(comment, people["ben"], "spam")
        acts.flag(comment, people["cy"], "abuse")
    assert kinds_for(people["dee"]) == {(Kind.FLAG, comment.pk)}
    assert Notification.objects.get(recipient=people["dee"]).reason == "Spam"


def test_a_new_reading_on_the_list_notifies_every_member(group, people):
    GroupReading.objects.create(group=group, source=make_source(), position=5)
    assert Notification.objects.filter(kind=Kind.READING).count() == 4


# Privacy: never a notification about a comment the recipient cannot see.


def test_no_notification_reaches_a_member_of_another_group(capture, source, people):
    ours = make_group(source, members=[people["ana"], people["ben"]])
    make_group(source, members=[people["cy"]])
    post(capture, people["ana"], ours, "Ask @cy about it")
    assert kinds_for(people["cy"]) == set()


def test_no_notification_about_a_pending_comment_reaches_anyone_but_moderators(capture, group, people):
    group.premoderate_first_comment = True
    group.save()
    first = make_comment(group, people["ana"], body="old")
    held = post(capture, people["ben"], group, "@cy look", parent=first)
    assert held.status == Comment.Status.PENDING
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"dee"}


def test_no_notification_about_a_comment_hidden_before_the_signal_arrives(
    django_capture_on_commit_callbacks, group, people
):
    first = post(django_capture_on_commit_callbacks, people["ana"], group)
    reply = make_comment(group, people["ben"], parent=first, status=Comment.Status.HIDDEN)
    from notify import notices

    notices.comment_published(reply)
    assert kinds_for(people["ana"]) == set()


def test_a_removed_comment_notifies_nobody_when_restored_twice(capture, group, people):
    first = post(capture, people["ana"], group)
    reply = post(capture, people["ben"], group, parent=first)
    with capture(execute=True):
        acts.remove(reply, people["dee"], "spam")
        acts.restore(reply, people["dee"], "not spam")
    assert Notification.objects.filter(recipient=people["ana"], kind=Kind.REPLY).count() == 1


def test_no_notification_about_an_answer_behind_answer_first(capture, group, source, people):
    """A student who has not answered the question hears nothing of classmates' answers or the
    replies under them (teaching's gate, applied through forum's visibility rule)."""
    set_answer_first(group, source)
    prompt = source.passages.first().prompts.first()
    first_answer = answer(group, people["ana"], prompt, "My answer.")
    reply = post(capture, people["dee"], group, "Good point, @ben should see this", parent=first_answer)
    assert kinds_for(people["ben"]) == set()  # mentioned, but has not answered: gated
    assert kinds_for(people["ana"]) == {(Kind.REPLY, reply.pk)}  # an author is never gated


def test_answering_opens_the_gate_for_later_notifications(capture, group, source, people):
    set_answer_first(group, source)
    prompt = source.passages.first().prompts.first()
    first_answer = answer(group, people["ana"], prompt, "My answer.")
    answer(group, people["ben"], prompt, "Mine too.")
    reply = post(capture, people["dee"], group, "Agreed, @ben", parent=first_answer)
    assert kinds_for(people["ben"]) == {(Kind.MENTION, reply.pk)}


# Cost: bounded queries, whatever the number of people in the thread.


def reply_queries(capture, group, n_participants):
    starter = make_user()
    group.join(starter)
    first = make_comment(group, starter)
    last = first
    for _ in range(n_participants):
        member = make_user()
        group.join(member)
        last = make_comment(group, member, parent=first)
    replier = make_user()
    group.join(replier)
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

    starter = make_user()
    group.join(starter)
    first = make_comment(group, starter)
    last = first
    for _ in range(n_participants):
        member = make_user()
        group.join(member)
        last = make_comment(group, member, parent=first)
    replier = make_user()
    group.join(replier)
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


def test_private_feedback_notifies_only_the_comments_author(capture, group, people):
    """Teaching's feedback_given signal (skipped until the teaching app sends it)."""
    qa = pytest.importorskip("teaching.qa")
    pytest.importorskip("teaching.signals")
    comment = post(capture, people["ana"], group, "My reading of it.")
    with capture(execute=True):
        qa.give_feedback(comment, people["dee"], "Good, now quote the passage.")
    note = Notification.objects.get(kind=Kind.FEEDBACK)
    assert (note.recipient, note.actor, note.reason) == (people["ana"], people["dee"], "Good, now quote the passage.")
