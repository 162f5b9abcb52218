"""The margin of the group reading page: counts, the add control, discussions opened from the
server, one flag form per page, results shown at the comment, and the text rendered once."""

import pytest
from django.urls import reverse

from forum.models import Flag
from sources import rendered
from sources.models import Passage, Prompt
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(client):
    source = make_source(passages=3)
    Passage.objects.create(source=source, position=9, anchor="fn-1", kind="footnote", label="1", text="A note.")
    alice, bob = make_user("alice", "Alice"), make_user("bob", "Bob")
    group = make_group(source, members=[alice, bob])
    client.force_login(alice)
    url = reverse("forum:reading", args=[group.slug, source.slug])
    return source, group, alice, bob, url


def page(client, url, **params):
    return client.get(url, params).content.decode()


def test_every_text_passage_has_an_add_control_and_footnotes_have_none(client, reading):
    source, *_, url = reading
    html = page(client, url)
    assert html.count('class="margin-add reply-link"') == 3
    assert 'id="fn-1"' in html
    assert html.split('id="fn-1"')[1].split("</section>")[0].count("passage-side") == 0


def test_a_footnote_with_discussion_gets_its_count(client, reading):
    source, group, alice, bob, url = reading
    note = source.passages.get(anchor="fn-1")
    make_comment(group, bob, passage=note)
    html = page(client, url)
    assert html.split('id="fn-1"')[1].split("</section>")[0].count("margin-count") == 1


@pytest.mark.parametrize(("comments", "heat"), [(1, 1), (3, 2), (8, 3), (20, 4)])
def test_counts_are_shaded_by_how_much_discussion_there_is(client, reading, comments, heat):
    source, group, alice, bob, url = reading
    passage = source.passages.first()
    for _ in range(comments):
        make_comment(group, bob, passage=passage)
    assert f'class="margin-count heat-{heat}"' in page(client, url)


def test_a_visitor_sees_counts_but_no_add_control_and_is_invited_to_join(client, reading):
    source, group, alice, bob, url = reading
    group.is_private = False
    group.save()
    make_comment(group, bob, passage=source.passages.first())
    client.logout()
    html = page(client, url)
    assert "margin-count" in html
    assert "margin-add" not in html
    assert "join with the invite link your instructor gave you" in html


def test_the_whole_reading_discussion_is_reachable_from_the_top_with_a_friendly_empty_state(client, reading):
    *_, url = reading
    html = page(client, url)
    assert 'class="to-comments" href="#comments">Thoughts on the whole reading</a>' in html
    assert "No thoughts on the reading as a whole yet." in html
    assert "0 thoughts" not in html


def test_one_flag_form_per_page_however_many_comments(client, reading):
    source, group, alice, bob, url = reading
    for _ in range(12):
        make_comment(group, bob, passage=source.passages.first())
    html = page(client, url)
    assert html.count('<form class="flag-form"') == 1
    assert html.count('class="flag-link"') == 12


def test_flag_page_without_javascript_shows_the_comment_and_the_form(client, reading):
    source, group, alice, bob, url = reading
    comment = make_comment(group, bob, body="Buy essays")
    response = client.get(reverse("forum:comment_flag", args=[group.slug, comment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Buy essays" in html and 'name="reason"' in html
    assert f'action="{reverse("forum:flag", args=[comment.pk])}"' in html


def test_flag_page_of_a_comment_the_member_cannot_see_is_404(client, reading):
    source, group, alice, bob, url = reading
    held = make_comment(group, bob, body="Held", status="pending")
    assert client.get(reverse("forum:comment_flag", args=[group.slug, held.pk])).status_code == 404


def test_flagging_shows_its_result_at_the_comment_and_marks_it(client, reading):
    source, group, alice, bob, url = reading
    comment = make_comment(group, bob, passage=source.passages.first(), body="Spam here")
    response = client.post(reverse("forum:flag", args=[comment.pk]), {"reason": "spam"}, follow=True)
    html = response.content.decode()
    assert Flag.objects.filter(comment=comment, user=alice).exists()
    card = html.split(f'id="c-{comment.pk}"')[1].split("</article>")[0]
    assert '<p class="comment-notice" role="status">Flagged.' in card
    assert "You flagged this" in card
    assert '<ul class="messages"' not in html


def test_a_muted_member_is_offered_no_flag(client, reading):
    source, group, alice, bob, url = reading
    make_comment(group, bob, passage=source.passages.first())
    group.memberships.filter(user=alice).update(is_muted=True)
    assert "flag-link" not in page(client, url)


def test_posting_shows_a_confirmation_at_the_new_comment(client, reading):
    source, group, alice, bob, url = reading
    passage = source.passages.first()
    response = client.post(
        reverse("forum:comment_new", args=[group.slug, source.slug]), {"body": "My point", "passage": passage.pk}
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert '<p class="comment-notice" role="status">Posted.</p>' in html


def test_after_deleting_a_reply_the_reader_is_sent_to_the_comment_it_answered(client, reading):
    source, group, alice, bob, url = reading
    top = make_comment(group, bob, passage=source.passages.first())
    mine = make_comment(group, alice, parent=top)
    response = client.post(reverse("forum:comment_delete", args=[group.slug, mine.pk]))
    assert response["Location"].endswith(f"#c-{top.pk}")


def test_after_deleting_a_lone_comment_the_reader_stays_at_its_passage(client, reading):
    source, group, alice, bob, url = reading
    passage = source.passages.first()
    mine = make_comment(group, alice, passage=passage)
    response = client.post(reverse("forum:comment_delete", args=[group.slug, mine.pk]))
    assert response["Location"].endswith(f"?open={passage.pk}#d-{passage.anchor}")


def test_the_text_is_rendered_once_per_version(reading):
    source, *_ = reading
    source.refresh_from_db()
    first = rendered.rendered_reading(source)
    source.refresh_from_db()
    assert rendered.rendered_reading(source) is first
    Prompt.objects.create(passage=source.passages.last(), position=5, text="A new question?")
    source.refresh_from_db()
    again = rendered.rendered_reading(source)
    assert again is not first
    assert any(prompt.text == "A new question?" for passage in again for prompt in passage.prompt_list)


def test_an_edited_passage_shows_its_new_text(client, reading):
    source, group, alice, bob, url = reading
    page(client, url)
    passage = source.passages.first()
    passage.html = "Rewritten by the editor."
    passage.save()
    assert "Rewritten by the editor." in page(client, url)


def test_no_inline_style_or_script_on_the_reading_page(client, reading):
    source, group, alice, bob, url = reading
    make_comment(group, bob, passage=source.passages.first())
    html = page(client, url)
    assert " style=" not in html
    assert "<script>" not in html
