"""Answer first: a member sees classmates' answers to a question only after posting their own.

The last tests walk every page a not-yet-answered member can open and check that no response
carries the gated text.
"""

import pytest
from django.urls import reverse

from forum.models import Comment, GroupReading, ReadingVisit
from teaching.gate import gate_counts
from tests.factories import (
    answer,
    make_comment,
    make_group,
    make_instructor,
    make_source,
    make_user,
    set_answer_first,
)

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Bob-thinks-the-ledger-is-forged"
SECRET_REPLY = "Carol-agrees-about-the-ledger"
OPEN_TEXT = "An-ordinary-note-on-passage-two"


@pytest.fixture
def cls():
    """A class reading with answer first on: Bob answered the question, Carol replied; Alice has not answered."""
    source = make_source(passages=3)
    alice, bob, carol = make_user("alice", "Alice"), make_user("bob", "Bob"), make_user("carol", "Carol")
    group = make_group(source, members=[alice, bob, carol])
    mona = make_instructor(group, "mona", "Mona")
    set_answer_first(group, source)
    prompt = source.passages.first().prompts.first()
    bobs = answer(group, bob, prompt, SECRET_ANSWER)
    carols = make_comment(group, carol, parent=bobs, body=SECRET_REPLY)
    open_note = make_comment(group, bob, passage=source.passages.all()[1], body=OPEN_TEXT)
    reading_url = reverse("forum:reading", args=[group.slug, source.slug])
    return {
        "source": source,
        "group": group,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "mona": mona,
        "prompt": prompt,
        "bobs": bobs,
        "carols": carols,
        "open_note": open_note,
        "url": reading_url,
    }


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_member_who_has_not_answered_sees_only_the_count(client, cls):
    html = page(client, cls["alice"], cls["url"])
    assert SECRET_ANSWER not in html and SECRET_REPLY not in html
    assert "1 classmate has answered — post yours to read theirs." in html
    assert OPEN_TEXT in html  # comments that answer no question are not gated


def test_after_answering_the_member_reads_classmates_answers_and_replies(client, cls):
    client.force_login(cls["alice"])
    response = client.post(
        reverse("forum:comment_new", args=[cls["group"].slug, cls["source"].slug]),
        {"body": "Alice's own answer.", "prompt": cls["prompt"].pk},
    )
    assert response.status_code == 302
    html = page(client, cls["alice"], cls["url"])
    assert SECRET_ANSWER in html and SECRET_REPLY in html
    assert "post yours to read theirs" not in html


def test_the_author_sees_their_answer_and_a_replier_sees_the_replies_under_it(client, cls):
    assert SECRET_ANSWER in page(client, cls["bob"], cls["url"])
    # Carol replied without answering: she sees her own reply, not Bob's answer above it.
    html = page(client, cls["carol"], cls["url"])
    assert SECRET_REPLY in html and SECRET_ANSWER not in html


def test_moderators_always_see_everything(client, cls):
    html = page(client, cls["mona"], cls["url"])
    assert SECRET_ANSWER in html and SECRET_REPLY in html
    assert "As a moderator you see everything" in html


def test_with_the_switch_off_everyone_reads_everything(client, cls):
    set_answer_first(cls["group"], cls["source"], on=False)
    html = page(client, cls["alice"], cls["url"])
    assert SECRET_ANSWER in html and "post yours to read theirs" not in html


@pytest.mark.parametrize("status", [Comment.Status.REMOVED, "deleted"])
def test_a_removed_or_deleted_answer_does_not_open_the_gate(client, cls, status):
    fields = {"is_deleted": True} if status == "deleted" else {"status": status}
    answer(cls["group"], cls["alice"], cls["prompt"], "A try.", **fields)
    assert SECRET_ANSWER not in page(client, cls["alice"], cls["url"])


def test_an_answer_in_another_group_does_not_open_the_gate(client, cls):
    other = make_group(cls["source"], members=[cls["alice"]])
    answer(other, cls["alice"], cls["prompt"], "Answered elsewhere.")
    assert SECRET_ANSWER not in page(client, cls["alice"], cls["url"])


def test_a_held_answer_opens_the_gate_for_its_author(client, cls):
    answer(cls["group"], cls["alice"], cls["prompt"], "Held.", status=Comment.Status.PENDING)
    assert SECRET_ANSWER in page(client, cls["alice"], cls["url"])


def test_counts_are_of_classmates_and_only_for_unanswered_questions(cls):
    answer(cls["group"], cls["carol"], cls["prompt"], "Carol answers too.")
    counts, answered = gate_counts(cls["alice"], cls["group"], cls["source"])
    assert counts == {cls["prompt"].pk: 2} and answered == set()
    counts, answered = gate_counts(cls["bob"], cls["group"], cls["source"])
    assert counts == {cls["prompt"].pk: 1} and answered == {cls["prompt"].pk}


def test_margin_counts_leave_out_the_gated_comments(cls):
    counts = Comment.objects.visible_counts(cls["alice"], cls["group"], cls["source"])
    assert sum(counts.values()) == 1
    counts = Comment.objects.visible_counts(cls["mona"], cls["group"], cls["source"])
    assert sum(counts.values()) == 3


def test_home_new_count_leaves_out_gated_comments(client, cls):
    reading = GroupReading.objects.for_home(cls["alice"]).get()
    assert reading.new_count == 1
    answer(cls["group"], cls["alice"], cls["prompt"], "Mine.")
    reading = GroupReading.objects.for_home(cls["alice"]).get()
    assert reading.new_count == 3


def test_visitors_of_a_public_group_see_no_gated_answer(client, cls):
    cls["group"].is_private = False
    cls["group"].save()
    client.logout()
    html = client.get(cls["url"]).content.decode()
    assert SECRET_ANSWER not in html and OPEN_TEXT in html


def test_replying_to_a_gated_answer_is_refused(client, cls):
    client.force_login(cls["alice"])
    url = reverse("forum:comment_new", args=[cls["group"].slug, cls["source"].slug])
    response = client.post(url, {"body": "Sneaky reply.", "parent": cls["bobs"].pk})
    assert response.status_code == 400
    assert SECRET_ANSWER not in response.content.decode()
    assert not Comment.objects.filter(body="Sneaky reply.").exists()


def responses_a_member_can_get(client, cls):
    """Every GET the site offers a member of this reading, plus the POSTs that answer with content."""
    g, s = cls["group"], cls["source"]
    p1 = cls["source"].passages.first()
    bobs, carols = cls["bobs"], cls["carols"]
    new = reverse("forum:comment_new", args=[g.slug, s.slug])
    gets = [
        cls["url"],
        f"{cls['url']}?open={p1.pk}",
        f"{cls['url']}?open={p1.pk}&page=2",
        f"{cls['url']}?cpage=2",
        reverse("forum:home"),
        reverse("forum:group", args=[g.slug]),
        reverse("sources:detail", args=[s.slug]),
        f"{new}?parent={bobs.pk}",
        f"{new}?parent={carols.pk}",
        f"{new}?prompt={cls['prompt'].pk}",
        f"{new}?passage={p1.pk}",
        reverse("forum:comment_edit", args=[g.slug, bobs.pk]),
    ]
    responses = [client.get(url, follow=True) for url in gets]
    responses += [client.get(reverse("forum:comment", args=[g.slug, c.pk]), follow=True) for c in (bobs, carols)]
    responses += [
        client.post(reverse("forum:flag", args=[bobs.pk]), {"reason": "spam"}, follow=True),
        client.post(new, {"body": "x", "parent": carols.pk}, follow=True),
    ]
    return responses


def test_the_gated_text_is_in_no_response_a_member_who_has_not_answered_can_get(client, cls):
    client.force_login(cls["alice"])
    responses = responses_a_member_can_get(client, cls)
    assert len(responses) == 16
    for response in responses:
        html = response.content.decode()
        assert SECRET_ANSWER not in html and SECRET_REPLY not in html, response.request["PATH_INFO"]
    # The page that the member can open does carry the gate, so the check above looked at real pages.
    assert any("post yours to read theirs" in r.content.decode() for r in responses)


def test_the_same_walk_shows_the_text_once_the_member_has_answered(client, cls):
    answer(cls["group"], cls["alice"], cls["prompt"], "Mine.")
    client.force_login(cls["alice"])
    ReadingVisit.objects.all().delete()
    pages = "".join(r.content.decode() for r in responses_a_member_can_get(client, cls))
    assert SECRET_ANSWER in pages and SECRET_REPLY in pages
