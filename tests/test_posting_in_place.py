"""Posting from the reading page: the flood interval and the hourly cap are explained at the form
the member used, with the text kept and nothing saved, whether the page's script posts in place
(JSON) or the form posts as a plain page (the comment form's page comes back, text in the box);
once posted, the new comment carries a short confirmation naming what it answers."""

import html
import re

import pytest
from django.urls import reverse

from forum.models import Comment
from forum.views import comment_location
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db

IN_PLACE = {"HTTP_ACCEPT": "application/json"}
TYPED = "A second thought, typed with care & <kept>."


@pytest.fixture
def member():
    return make_user("alice", "Alice")


@pytest.fixture
def source():
    return make_source(passages=2)


def posting_setup(client, member, source, **rules):
    group = make_group(source, members=[member], **rules)
    client.force_login(member)
    return group, reverse("forum:comment_new", args=[group.slug, source.slug])


def post(client, url, source, body, **extra):
    return client.post(url, {"body": body, "passage": source.passages.first().pk}, **extra)


def test_within_the_flood_interval_the_plain_form_comes_back_explaining_with_the_text(client, member, source):
    group, url = posting_setup(client, member, source, flood_interval_seconds=60)
    assert post(client, url, source, "A first thought.").status_code == 302
    response = post(client, url, source, TYPED)
    assert response.status_code == 400
    page = response.content.decode()
    assert "You are posting too fast. You can post again in" in html.unescape(page)
    assert f">{html.escape(TYPED)}</textarea>" in page
    assert Comment.objects.count() == 1


def test_over_the_hourly_cap_the_plain_form_comes_back_explaining_with_the_text(client, member, source):
    group, url = posting_setup(client, member, source, hourly_cap=2)
    for body in ("One.", "Two."):
        assert post(client, url, source, body).status_code == 302
    response = post(client, url, source, TYPED)
    assert response.status_code == 400
    assert "You have posted 2 comments in the last hour, the most this group allows." in response.content.decode()
    assert f">{html.escape(TYPED)}</textarea>" in response.content.decode()
    assert Comment.objects.count() == 2


def test_in_place_a_flood_refusal_answers_json_with_the_reason_and_saves_nothing(client, member, source):
    group, url = posting_setup(client, member, source, flood_interval_seconds=60)
    assert post(client, url, source, "A first thought.", **IN_PLACE).status_code == 200
    response = post(client, url, source, TYPED, **IN_PLACE)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [reason] = response.json()["errors"]
    assert reason.startswith("You are posting too fast. You can post again in")
    assert Comment.objects.count() == 1


def test_in_place_the_hourly_cap_answers_json_with_when_a_slot_frees(client, member, source):
    group, url = posting_setup(client, member, source, hourly_cap=1)
    post(client, url, source, "One.", **IN_PLACE)
    response = post(client, url, source, TYPED, **IN_PLACE)
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("You have posted 1 comment in the last hour")
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "says"),
    [("   ", "the comment is empty"), ("x" * 5001, "at most 5,000 characters")],
    ids=["blank", "oversized"],
)
def test_in_place_bad_input_answers_json_with_the_forms_message(client, member, source, body, says):
    group, url = posting_setup(client, member, source)
    response = post(client, url, source, body, **IN_PLACE)
    assert response.status_code == 400
    assert says in " ".join(response.json()["errors"])
    assert not Comment.objects.exists()


def test_in_place_a_forged_place_answers_json_and_saves_nothing(client, member, source):
    group, url = posting_setup(client, member, source)
    response = client.post(url, {"body": "Hello.", "parent": "999999"}, **IN_PLACE)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Comment.objects.exists()


def test_in_place_a_posted_comment_answers_where_it_is_shown_with_its_confirmation(client, member, source):
    group, url = posting_setup(client, member, source)
    response = post(client, url, source, "My point.", **IN_PLACE)
    assert response.status_code == 200
    comment = Comment.objects.get()
    location = response.json()["location"]
    assert location == comment_location(member, comment)
    assert location.endswith(f"#c-{comment.pk}")
    page = client.get(location).content.decode()
    assert '<p class="comment-notice" role="status">Posted.</p>' in page


def test_a_reply_is_confirmed_naming_whom_it_answers(client, member, source):
    group, url = posting_setup(client, member, source)
    bob = make_user("bob", "Bob")
    group.join(bob)
    question = make_comment(group, bob, passage=source.passages.first())
    response = client.post(url, {"body": "An answer.", "parent": question.pk})
    reply = Comment.objects.get(author=member)
    page = client.get(response["Location"]).content.decode()
    card = page.split(f'id="c-{reply.pk}"')[1].split("</article>")[0]
    assert '<p class="comment-notice" role="status">Posted, in reply to Bob.</p>' in card


def shown_order(page):
    """The comment ids in the order the page shows them."""
    return [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="c-(\d+)"', page)]


def test_without_javascript_a_new_reply_is_shown_first_under_what_it_answers(client, member, source):
    group, url = posting_setup(client, member, source)
    parent = make_comment(group, make_user("bob", "Bob"), body="The question.", passage=source.passages.first())
    earlier = [make_comment(group, make_user(f"r{i}"), body=f"Earlier {i}.", parent=parent) for i in range(3)]
    response = client.post(url, {"body": "My answer.", "parent": parent.pk}, follow=True)
    reply = Comment.objects.get(body="My answer.")
    order = shown_order(response.content.decode())
    assert order.index(reply.pk) == order.index(parent.pk) + 1
    assert [pk for pk in order if pk in {c.pk for c in earlier}] == [c.pk for c in earlier]
    assert "Posted, in reply to Bob." in response.content.decode()
    # Read again later, the thread is in the order it was written.
    later = shown_order(client.get(comment_location(member, reply)).content.decode())
    assert later.index(reply.pk) == later.index(earlier[-1].pk) + 1


def test_without_javascript_a_new_thread_is_shown_first_on_its_page_of_threads(client, member, source, settings):
    settings.MARGINALIA_THREADS_PER_PAGE = 2
    group, url = posting_setup(client, member, source)
    passage = source.passages.first()
    others = [make_comment(group, make_user(f"o{i}"), body=f"Thread {i}.", passage=passage) for i in range(3)]
    response = client.post(url, {"body": "A new thread.", "passage": passage.pk}, follow=True)
    new = Comment.objects.get(body="A new thread.")
    order = shown_order(response.content.decode())
    # Page 2 of the passage's threads holds the third and the new one: the new one comes first there.
    assert order.index(new.pk) < order.index(others[2].pk)
    assert others[0].pk not in order
