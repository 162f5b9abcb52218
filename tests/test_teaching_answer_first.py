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
    set_answer_first,
    user_fixture,
)

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Bob-thinks-the-ledger-is-forged"
SECRET_REPLY = "Carol-agrees-about-the-ledger"
OPEN_TEXT = "An-ordinary-note-on-passage-two"


# A class reading with answer first on: Bob answered the question, Carol replied; Alice has not answered.
# `source` (three passages, a question on the first), `alice`, `bob` and `mona` come from conftest.


carol = user_fixture("carol", "Carol")


@pytest.fixture
def group(source, alice, bob, carol):
    group = make_group(source, members=[alice, bob, carol])
    set_answer_first(group, source)
    return group


@pytest.fixture
def prompt(source):
    return source.passages.first().prompts.first()


@pytest.fixture
def bobs(group, bob, prompt):
    return answer(group, bob, prompt, SECRET_ANSWER)


@pytest.fixture
def carols(group, carol, bobs):
    return make_comment(group, carol, parent=bobs, body=SECRET_REPLY)


@pytest.fixture(autouse=True)
def discussion(group, source, bob, bobs, carols, mona):
    """Every test here reads the same discussion: Bob's gated answer, Carol's reply to it, and Bob's
    open note on passage two, which answers no question; Mona moderates."""
    make_comment(group, bob, passage=source.passages.all()[1], body=OPEN_TEXT)


@pytest.fixture
def url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_member_who_has_not_answered_sees_only_the_count(client, alice, url):
    html = page(client, alice, url)
    assert SECRET_ANSWER not in html and SECRET_REPLY not in html
    assert "1 classmate has answered — post yours to read theirs." in html
    assert OPEN_TEXT in html  # comments that answer no question are not gated


def test_after_answering_the_member_reads_classmates_answers_and_replies(client, source, group, alice, prompt, url):
    client.force_login(alice)
    response = client.post(
        reverse("forum:comment_new", args=[group.slug, source.slug]),
        {"body": "Alice's own answer.", "prompt": prompt.pk},
    )
    assert response.status_code == 302
    html = page(client, alice, url)
    assert SECRET_ANSWER in html and SECRET_REPLY in html
    assert "post yours to read theirs" not in html


def test_the_author_sees_their_answer_and_a_replier_sees_the_replies_under_it(client, bob, carol, url):
    assert SECRET_ANSWER in page(client, bob, url)
    # Carol replied without answering: she sees her own reply, not Bob's answer above it.
    html = page(client, carol, url)
    assert SECRET_REPLY in html and SECRET_ANSWER not in html


def test_moderators_always_see_everything(client, mona, url):
    html = page(client, mona, url)
    assert SECRET_ANSWER in html and SECRET_REPLY in html
    assert "As a moderator you see everything" in html


def test_with_the_switch_off_everyone_reads_everything(client, source, group, alice, url):
    set_answer_first(group, source, on=False)
    html = page(client, alice, url)
    assert SECRET_ANSWER in html and "post yours to read theirs" not in html


@pytest.mark.parametrize("status", [Comment.Status.REMOVED, "deleted"])
def test_a_removed_or_deleted_answer_does_not_open_the_gate(client, group, alice, prompt, url, status):
    fields = {"is_deleted": True} if status == "deleted" else {"status": status}
    answer(group, alice, prompt, "A try.", **fields)
    assert SECRET_ANSWER not in page(client, alice, url)


def test_an_answer_in_another_group_does_not_open_the_gate(client, source, alice, prompt, url):
    other = make_group(source, members=[alice])
    answer(other, alice, prompt, "Answered elsewhere.")
    assert SECRET_ANSWER not in page(client, alice, url)


def test_a_held_answer_opens_the_gate_for_its_author(client, group, alice, prompt, url):
    answer(group, alice, prompt, "Held.", status=Comment.Status.PENDING)
    assert SECRET_ANSWER in page(client, alice, url)


def test_counts_are_of_classmates_and_only_for_unanswered_questions(source, group, alice, bob, carol, prompt):
    answer(group, carol, prompt, "Carol answers too.")
    counts, answered = gate_counts(alice, group, source)
    assert counts == {prompt.pk: 2} and answered == set()
    counts, answered = gate_counts(bob, group, source)
    assert counts == {prompt.pk: 1} and answered == {prompt.pk}


def test_margin_counts_leave_out_the_gated_comments(source, group, alice, mona):
    counts = Comment.objects.visible_counts(alice, group, source)
    assert sum(counts.values()) == 1
    counts = Comment.objects.visible_counts(mona, group, source)
    assert sum(counts.values()) == 3


def test_home_new_count_leaves_out_gated_comments(client, group, alice, prompt):
    reading = GroupReading.objects.for_home(alice).get()
    assert reading.new_count == 1
    answer(group, alice, prompt, "Mine.")
    reading = GroupReading.objects.for_home(alice).get()
    assert reading.new_count == 3


def test_visitors_of_a_public_group_see_no_gated_answer(client, group, url):
    group.is_private = False
    group.save()
    client.logout()
    html = client.get(url).content.decode()
    assert SECRET_ANSWER not in html and OPEN_TEXT in html


def test_replying_to_a_gated_answer_is_refused(client, source, group, alice, bobs, url):
    client.force_login(alice)
    url = reverse("forum:comment_new", args=[group.slug, source.slug])
    response = client.post(url, {"body": "Sneaky reply.", "parent": bobs.pk})
    assert response.status_code == 400
    assert SECRET_ANSWER not in response.content.decode()
    assert not Comment.objects.filter(body="Sneaky reply.").exists()


@pytest.fixture
def walk(client, group, source, prompt, bobs, carols, url):
    """Every GET the site offers a member of this reading, plus the POSTs that answer with content:
    `walk()` makes them as whoever the client is logged in as and returns the responses."""
    g, s = group, source
    p1 = source.passages.first()
    new = reverse("forum:comment_new", args=[g.slug, s.slug])

    def get_all():
        gets = [
            url,
            f"{url}?open={p1.pk}",
            f"{url}?open={p1.pk}&page=2",
            f"{url}?cpage=2",
            reverse("forum:home"),
            reverse("forum:group", args=[g.slug]),
            reverse("sources:detail", args=[s.slug]),
            f"{new}?parent={bobs.pk}",
            f"{new}?parent={carols.pk}",
            f"{new}?prompt={prompt.pk}",
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

    return get_all


def test_the_gated_text_is_in_no_response_a_member_who_has_not_answered_can_get(client, alice, walk):
    client.force_login(alice)
    responses = walk()
    assert len(responses) == 16
    for response in responses:
        html = response.content.decode()
        assert SECRET_ANSWER not in html and SECRET_REPLY not in html, response.request["PATH_INFO"]
    # The page that the member can open does carry the gate, so the check above looked at real pages.
    assert any("post yours to read theirs" in r.content.decode() for r in responses)


def test_the_same_walk_shows_the_text_once_the_member_has_answered(client, group, alice, prompt, walk):
    answer(group, alice, prompt, "Mine.")
    client.force_login(alice)
    ReadingVisit.objects.all().delete()
    pages = "".join(r.content.decode() for r in walk())
    assert SECRET_ANSWER in pages and SECRET_REPLY in pages
