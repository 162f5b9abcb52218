"""Members' questions with their marked answers, and a moderator's private feedback on a comment."""

import pytest
from django.urls import reverse

from teaching.models import CommentQuestion, Feedback
from teaching.signals import feedback_given
from tests.factories import make_comment, make_group, make_instructor, make_source, make_user, user_fixture

pytestmark = pytest.mark.django_db


# Asker asked on the first passage and Helper replied; Other is a member too; `mona` (conftest) moderates.


@pytest.fixture
def source():
    return make_source(passages=2)


asker = user_fixture("asker", "Asker")
helper = user_fixture("helper", "Helper")
other = user_fixture("other", "Other")


@pytest.fixture
def group(source, asker, helper, other):
    return make_group(source, members=[asker, helper, other])


@pytest.fixture
def passage(source):
    return source.passages.first()


@pytest.fixture
def asked(group, asker, passage):
    return make_comment(group, asker, passage=passage, body="Why is the ledger in French?")


@pytest.fixture
def reply(group, helper, asked):
    return make_comment(group, helper, parent=asked, body="Because the clerk was from Lyon.")


@pytest.fixture
def url(group, source, passage):
    return reverse("forum:reading", args=[group.slug, source.slug]) + f"?open={passage.pk}"


def post(client, user, group, comment, what, data=None):
    client.force_login(user)
    return client.post(reverse(f"teaching:{what}", args=[group.slug, comment.pk]), data or {})


def test_a_member_marks_their_comment_as_a_question_and_the_page_lists_it(client, group, asker, asked, url):
    assert post(client, asker, group, asked, "ask").status_code == 302
    assert CommentQuestion.objects.get().comment == asked
    html = client.get(url).content.decode()
    assert "1 open question from members" in html and "Open question" in html


def test_the_asker_marks_a_reply_as_the_answer(client, group, asker, asked, reply, url):
    post(client, asker, group, asked, "ask")
    assert "Mark as the answer" in client.get(url).content.decode()
    post(client, asker, group, reply, "mark_answer")
    question = CommentQuestion.objects.get()
    assert (question.answer, question.answered_by) == (reply, asker)
    html = client.get(url).content.decode()
    assert "open question" not in html and "Answer to" in html


def test_a_moderator_can_mark_the_answer_too(client, group, mona, asked, reply):
    CommentQuestion.objects.create(comment=asked)
    post(client, mona, group, reply, "mark_answer")
    assert CommentQuestion.objects.get().answer == reply


def test_nobody_else_marks_the_answer_to_someone_elses_question(client, group, other, asked, reply):
    CommentQuestion.objects.create(comment=asked)
    response = post(client, other, group, reply, "mark_answer")
    assert response.status_code == 302
    assert CommentQuestion.objects.get().answer is None
    assert "Only the member who asked" in client.get(response["Location"], follow=True).content.decode()


def test_only_the_author_marks_a_comment_as_a_question(client, group, other, asked):
    post(client, other, group, asked, "ask")
    assert not CommentQuestion.objects.exists()


def test_a_comment_outside_any_question_has_no_answer_to_mark(client, group, asker, reply):
    post(client, asker, group, reply, "mark_answer")
    assert not CommentQuestion.objects.exists()


@pytest.mark.parametrize("what", ["ask", "mark_answer", "feedback"])
def test_a_member_of_another_group_gets_404_and_nothing_is_saved(client, source, group, asked, reply, what):
    outsider = make_user("outsider")
    theirs = make_group(source, members=[outsider])
    make_instructor(theirs, "otto").groups.clear()
    if what == "mark_answer":
        CommentQuestion.objects.create(comment=asked)
    assert post(client, outsider, group, reply, what, {"body": "x"}).status_code == 404
    assert post(client, outsider, theirs, reply, what, {"body": "x"}).status_code == 404
    assert not Feedback.objects.exists()
    assert CommentQuestion.objects.filter(answer__isnull=False).count() == 0


def test_a_moderator_gives_private_feedback_seen_only_by_the_member_and_moderators(
    client, group, asker, helper, other, mona, reply, url
):
    response = post(client, mona, group, reply, "feedback", {"body": "Cite the *page*."})
    assert response.status_code == 302
    note = Feedback.objects.get()
    assert (note.comment, note.author, note.body) == (reply, mona, "Cite the *page*.")
    assert "<em>page</em>" in note.body_html
    for user, sees in ((helper, True), (mona, True), (asker, False), (other, False)):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert ("Cite the <em>page</em>" in html) is sees, user
    client.force_login(helper)
    assert "only you and the group’s moderators see this" in client.get(url).content.decode()


def test_feedback_signal_is_sent_once_stored(mona, reply, django_capture_on_commit_callbacks):
    from teaching import qa

    sent = []
    feedback_given.connect(lambda sender, feedback, **kw: sent.append(feedback), weak=False, dispatch_uid="t2")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            note = qa.give_feedback(reply, mona, "Good.")
    finally:
        feedback_given.disconnect(dispatch_uid="t2")
    assert sent == [note]


@pytest.mark.parametrize(
    ("body", "saved"), [("", False), ("   ", False), ("x" * 20_000, False), ("<script>alert(1)</script>ok", True)]
)
def test_bad_feedback_is_refused_and_html_is_cleaned(client, group, mona, reply, body, saved):
    post(client, mona, group, reply, "feedback", {"body": body})
    assert Feedback.objects.exists() is saved
    if saved:
        assert "<script" not in Feedback.objects.get().body_html


def test_a_student_cannot_give_feedback(client, group, asker, reply):
    assert post(client, asker, group, reply, "feedback", {"body": "Mine"}).status_code == 404
    assert not Feedback.objects.exists()


def test_feedback_on_a_comment_in_another_group_is_refused(client, source, group, mona):
    theirs = make_group(source, members=[make_user("t")])
    their_comment = make_comment(theirs, theirs.memberships.first().user, body="Theirs.")
    # Mona moderates her group, not theirs: addressed through either group, the comment is out of reach.
    assert post(client, mona, group, their_comment, "feedback", {"body": "No"}).status_code == 404
    assert post(client, mona, theirs, their_comment, "feedback", {"body": "No"}).status_code == 404
    assert not Feedback.objects.exists()
