"""Members' questions with their marked answers, and a moderator's private feedback on a comment."""

import pytest
from django.urls import reverse

from teaching.models import CommentQuestion, Feedback
from teaching.signals import feedback_given
from tests.factories import make_comment, make_group, make_instructor, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cls():
    source = make_source(passages=2)
    asker, helper, other = make_user("asker", "Asker"), make_user("helper", "Helper"), make_user("other", "Other")
    group = make_group(source, members=[asker, helper, other])
    mona = make_instructor(group, "mona", "Mona")
    passage = source.passages.first()
    asked = make_comment(group, asker, passage=passage, body="Why is the ledger in French?")
    reply = make_comment(group, helper, parent=asked, body="Because the clerk was from Lyon.")
    url = reverse("forum:reading", args=[group.slug, source.slug]) + f"?open={passage.pk}"
    return dict(
        source=source,
        group=group,
        asker=asker,
        helper=helper,
        other=other,
        mona=mona,
        asked=asked,
        reply=reply,
        url=url,
        passage=passage,
    )


def post(client, user, group, comment, what, data=None):
    client.force_login(user)
    return client.post(reverse(f"teaching:{what}", args=[group.slug, comment.pk]), data or {})


def test_a_member_marks_their_comment_as_a_question_and_the_page_lists_it(client, cls):
    assert post(client, cls["asker"], cls["group"], cls["asked"], "ask").status_code == 302
    assert CommentQuestion.objects.get().comment == cls["asked"]
    html = client.get(cls["url"]).content.decode()
    assert "1 open question from members" in html and "Open question" in html


def test_the_asker_marks_a_reply_as_the_answer(client, cls):
    post(client, cls["asker"], cls["group"], cls["asked"], "ask")
    assert "Mark as the answer" in client.get(cls["url"]).content.decode()
    post(client, cls["asker"], cls["group"], cls["reply"], "mark_answer")
    question = CommentQuestion.objects.get()
    assert (question.answer, question.answered_by) == (cls["reply"], cls["asker"])
    html = client.get(cls["url"]).content.decode()
    assert "open question" not in html and "Answer to" in html


def test_a_moderator_can_mark_the_answer_too(client, cls):
    CommentQuestion.objects.create(comment=cls["asked"])
    post(client, cls["mona"], cls["group"], cls["reply"], "mark_answer")
    assert CommentQuestion.objects.get().answer == cls["reply"]


def test_nobody_else_marks_the_answer_to_someone_elses_question(client, cls):
    CommentQuestion.objects.create(comment=cls["asked"])
    response = post(client, cls["other"], cls["group"], cls["reply"], "mark_answer")
    assert response.status_code == 302
    assert CommentQuestion.objects.get().answer is None
    assert "Only the member who asked" in client.get(response["Location"], follow=True).content.decode()


def test_only_the_author_marks_a_comment_as_a_question(client, cls):
    post(client, cls["other"], cls["group"], cls["asked"], "ask")
    assert not CommentQuestion.objects.exists()


def test_a_comment_outside_any_question_has_no_answer_to_mark(client, cls):
    post(client, cls["asker"], cls["group"], cls["reply"], "mark_answer")
    assert not CommentQuestion.objects.exists()


@pytest.mark.parametrize("what", ["ask", "mark_answer", "feedback"])
def test_a_member_of_another_group_gets_404_and_nothing_is_saved(client, cls, what):
    outsider = make_user("outsider")
    theirs = make_group(cls["source"], members=[outsider])
    make_instructor(theirs, "otto").groups.clear()
    if what == "mark_answer":
        CommentQuestion.objects.create(comment=cls["asked"])
    assert post(client, outsider, cls["group"], cls["reply"], what, {"body": "x"}).status_code == 404
    assert post(client, outsider, theirs, cls["reply"], what, {"body": "x"}).status_code == 404
    assert not Feedback.objects.exists()
    assert CommentQuestion.objects.filter(answer__isnull=False).count() == 0


def test_a_moderator_gives_private_feedback_seen_only_by_the_member_and_moderators(client, cls):
    response = post(client, cls["mona"], cls["group"], cls["reply"], "feedback", {"body": "Cite the *page*."})
    assert response.status_code == 302
    note = Feedback.objects.get()
    assert (note.comment, note.author, note.body) == (cls["reply"], cls["mona"], "Cite the *page*.")
    assert "<em>page</em>" in note.body_html
    for user, sees in ((cls["helper"], True), (cls["mona"], True), (cls["asker"], False), (cls["other"], False)):
        client.force_login(user)
        html = client.get(cls["url"]).content.decode()
        assert ("Cite the <em>page</em>" in html) is sees, user
    client.force_login(cls["helper"])
    assert "only you and the group’s moderators see this" in client.get(cls["url"]).content.decode()


def test_feedback_signal_is_sent_once_stored(cls, django_capture_on_commit_callbacks):
    from teaching import qa

    sent = []
    feedback_given.connect(lambda sender, feedback, **kw: sent.append(feedback), weak=False, dispatch_uid="t2")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            note = qa.give_feedback(cls["reply"], cls["mona"], "Good.")
    finally:
        feedback_given.disconnect(dispatch_uid="t2")
    assert sent == [note]


@pytest.mark.parametrize(
    ("body", "saved"), [("", False), ("   ", False), ("x" * 20_000, False), ("<script>alert(1)</script>ok", True)]
)
def test_bad_feedback_is_refused_and_html_is_cleaned(client, cls, body, saved):
    post(client, cls["mona"], cls["group"], cls["reply"], "feedback", {"body": body})
    assert Feedback.objects.exists() is saved
    if saved:
        assert "<script" not in Feedback.objects.get().body_html


def test_a_student_cannot_give_feedback(client, cls):
    assert post(client, cls["asker"], cls["group"], cls["reply"], "feedback", {"body": "Mine"}).status_code == 404
    assert not Feedback.objects.exists()


def test_feedback_on_a_comment_in_another_group_is_refused(client, cls):
    theirs = make_group(cls["source"], members=[make_user("t")])
    their_comment = make_comment(theirs, theirs.memberships.first().user, body="Theirs.")
    # Mona moderates her group, not theirs: addressed through either group, the comment is out of reach.
    assert post(client, cls["mona"], cls["group"], their_comment, "feedback", {"body": "No"}).status_code == 404
    assert post(client, cls["mona"], theirs, their_comment, "feedback", {"body": "No"}).status_code == 404
    assert not Feedback.objects.exists()
