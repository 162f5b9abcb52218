"""The group reading page: passages, margin counts, threads, whole-source comments, visits."""

import re
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from forum.models import Comment, ReadingVisit
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return make_source(passages=4)


@pytest.fixture
def url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


@pytest.fixture
def client(client, alice):
    """The test client signed in as Alice, a member: the reader of these tests unless one signs in someone else."""
    client.force_login(alice)
    return client


@pytest.fixture
def add_comments(source, group, alice, bob):
    """Adds `n` comments by Alice and Bob, spread over the passages, every third a reply."""

    def add(n):
        passages = list(source.passages.all())
        users = [alice, bob]
        comments = []
        for i in range(n):
            parent = comments[i // 2] if i % 3 == 1 and comments else None
            kwargs = {"parent": parent} if parent else {"passage": passages[i % len(passages)]}
            comments.append(make_comment(group, users[i % 2], body=f"Comment {i}", **kwargs))
        return comments

    return add


# session, user, membership+group, reading+source+last visit (and its answer-first setting),
# counts, comments, the viewer's flags on those shown; the ids of the comments new since the last visit;
# teaching's group questions, members' questions and private feedback on the reader's comments
# shown (teaching/page.py); the bell's unread count. The text (passages, prompts, note
# references) is read once per version of the source, and the visit is written at most once a
# minute. A long discussion with nothing open loads no comments.
READING_PAGE_QUERIES = 12


@pytest.mark.parametrize("n", [10, 1000])
def test_reading_page_query_count_does_not_grow_with_comments(
    add_comments, url, client, django_assert_max_num_queries, n
):
    add_comments(n)
    client.get(url)  # the text's first rendering, the visit's write
    with django_assert_max_num_queries(READING_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [10, 1000])
def test_query_count_is_the_same_with_a_passage_opened(add_comments, source, url, client, django_assert_num_queries, n):
    add_comments(n)
    first = source.passages.first()
    client.get(url)
    with django_assert_num_queries(READING_PAGE_QUERIES):
        response = client.get(url, {"open": first.pk})
    assert response.status_code == 200


@pytest.mark.parametrize("n", [10, 1000])
def test_query_count_is_the_same_with_the_whole_reading_opened(
    add_comments, group, alice, bob, url, client, django_assert_num_queries, n
):
    add_comments(n)
    make_comment(group, bob, body="On the whole")
    make_comment(group, alice, body="Mine on the whole")
    client.get(url)
    with django_assert_num_queries(READING_PAGE_QUERIES):
        response = client.get(url, {"open": "reading"})
    assert "On the whole" in response.content.decode()


def test_a_page_showing_none_of_the_readers_comments_skips_the_feedback_query(
    add_comments, group, bob, url, client, django_assert_num_queries
):
    """Private feedback is read only for the reader's own comments on the page (all of them for a
    moderator): with none shown there is nothing to read, and no query."""
    add_comments(1000)
    make_comment(group, bob, body="On the whole")
    client.get(url)
    with django_assert_num_queries(READING_PAGE_QUERIES - 1):
        response = client.get(url, {"open": "reading"})
    assert "On the whole" in response.content.decode()


def test_the_visit_is_written_at_most_once_a_minute(alice, url, client, django_assert_num_queries):
    client.get(url)
    first = ReadingVisit.objects.get(user=alice).seen_at
    client.get(url)
    assert ReadingVisit.objects.get(user=alice).seen_at == first
    ReadingVisit.objects.update(seen_at=first - timedelta(minutes=2))
    client.get(url)
    assert ReadingVisit.objects.get(user=alice).seen_at > first


def test_a_short_discussion_shows_every_passage_inline(add_comments, url, client, settings):
    settings.MARGINALIA_INLINE_COMMENTS = 10
    add_comments(10)
    page = client.get(url).content.decode()
    assert page.count('<li class="comment') == 10
    assert "?page=" not in page


def test_a_long_discussion_loads_one_passage_at_a_time(add_comments, source, url, client, settings):
    settings.MARGINALIA_INLINE_COMMENTS = 10
    comments = add_comments(12)
    first = source.passages.first()
    on_first = [c for c in comments if c.passage_id == first.pk]
    closed = client.get(url).content.decode()
    assert '<li class="comment' not in closed
    assert f'href="?open={first.pk}#d-{first.anchor}"' in closed
    assert f'>{len(on_first)}<span class="vh"> thoughts on this passage</span></a>' in closed
    opened = client.get(url, {"open": first.pk}).content.decode()
    assert opened.count('<li class="comment') == len(on_first)
    assert all(f'id="c-{c.pk}"' in opened for c in on_first)


def test_whole_source_comments_of_a_long_discussion_open_from_the_top(add_comments, group, bob, url, client, settings):
    settings.MARGINALIA_INLINE_COMMENTS = 10
    add_comments(12)
    on_source = make_comment(group, bob, body="On the whole")
    page = client.get(url).content.decode()
    assert "1 thought on" in page
    assert 'href="?open=reading#comments">Open the 1 thought on the whole reading</a>' in page
    opened = client.get(url, {"open": "reading"}).content.decode()
    assert f'id="c-{on_source.pk}"' in opened


def test_margin_count_shows_comments_on_the_passage(source, group, bob, url, client):
    passage = source.passages.first()
    for _ in range(3):
        make_comment(group, bob, passage=passage)
    html = client.get(url).content.decode()
    assert '>3<span class="vh"> thoughts on this passage</span></a>' in html


def test_whole_source_comments_are_counted_at_the_end(source, group, bob, url, client):
    make_comment(group, bob, source=source, body="On the whole thing")
    html = client.get(url).content.decode()
    assert f"1 thought on “{source.title}”" in html
    assert "On the whole thing" in html


def test_replies_are_nested_under_their_parent(source, group, alice, bob, url, client):
    passage = source.passages.first()
    top = make_comment(group, bob, passage=passage, body="top")
    make_comment(group, alice, parent=top, body="the reply")
    html = client.get(url).content.decode()
    top_at = html.index(f'id="c-{top.pk}"')
    replies_at = html.index('class="thread replies"', top_at)
    assert top_at < replies_at < html.index("the reply")


def test_deleted_comment_with_replies_leaves_a_placeholder(source, group, alice, bob, url, client):
    passage = source.passages.first()
    top = make_comment(group, bob, passage=passage, body="soon gone")
    make_comment(group, alice, parent=top, body="still here")
    top.soft_delete()
    html = client.get(url).content.decode()
    assert "[deleted]" in html
    assert "soon gone" not in html
    assert "still here" in html


def test_deleted_comment_without_replies_disappears(source, group, bob, url, client):
    passage = source.passages.first()
    make_comment(group, bob, passage=passage, body="soon gone").soft_delete()
    html = client.get(url).content.decode()
    assert "soon gone" not in html
    assert "[deleted]" not in html


def test_deleted_counts_drop_from_the_margin(source, group, alice, bob, url, client):
    passage = source.passages.first()
    top = make_comment(group, bob, passage=passage)
    make_comment(group, alice, parent=top)
    top.soft_delete()
    html = client.get(url).content.decode()
    assert '>1<span class="vh"> thought on this passage</span></a>' in html


def test_other_groups_comments_are_not_shown(source, group, bob, url, client):
    other = make_group(source, members=[bob])
    make_comment(other, bob, passage=source.passages.first(), body="other group secret")
    html = client.get(url).content.decode()
    assert "other group secret" not in html


def test_non_member_gets_404(url, client):
    client.force_login(make_user())
    assert client.get(url).status_code == 404


def test_anonymous_gets_404_for_a_private_group(url, client):
    client.logout()
    assert client.get(url).status_code == 404


def test_anonymous_can_read_a_public_group_but_not_write(source, group, bob, url, client):
    group.is_private = False
    group.save()
    make_comment(group, bob, passage=source.passages.first(), body="public words")
    client.logout()
    html = client.get(url).content.decode()
    assert "public words" in html
    assert "Leave a Reply</a>" not in html


def test_source_not_on_the_reading_list_gets_404(group, url, client):
    other = make_source()
    url = reverse("forum:reading", args=[group.slug, other.slug])
    assert client.get(url).status_code == 404


def test_opening_the_page_records_the_visit(group, alice, url, client):
    client.get(url)
    assert ReadingVisit.objects.filter(user=alice, group=group).count() == 1


def test_pending_comment_is_shown_to_its_author_with_a_note(source, group, alice, url, client):
    make_comment(group, alice, source=source, body="mine, held", status=Comment.Status.PENDING)
    html = client.get(url).content.decode()
    assert "mine, held" in html
    assert "Awaiting moderation" in html


def test_pending_comment_is_hidden_from_other_members(source, group, alice, bob, url, client):
    make_comment(group, alice, source=source, body="mine, held", status=Comment.Status.PENDING)
    client.force_login(bob)
    html = client.get(url).content.decode()
    assert "mine, held" not in html
    assert "No thoughts on the reading as a whole yet." in html


def test_hidden_comment_is_shown_to_moderators_marked(source, group, bob, url, client):
    moderator = make_user()
    group.memberships.create(user=moderator, role="moderator")
    make_comment(group, bob, source=source, body="hidden words", status=Comment.Status.HIDDEN)
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert "hidden words" in html
    assert "Hidden by a moderator (hidden from other members)" in html


def test_removed_comment_is_shown_to_nobody(source, group, alice, url, client):
    make_comment(
        group,
        alice,
        source=source,
        body="removed words",
        status=Comment.Status.REMOVED,
    )
    html = client.get(url).content.decode()
    assert "removed words" not in html


def test_open_parameter_opens_that_passages_discussion_from_the_server(source, group, bob, url, client):
    passage, other = source.passages.all()[:2]
    make_comment(group, bob, passage=passage)
    make_comment(group, bob, passage=other)
    html = client.get(url, {"open": passage.pk}).content.decode()
    assert f'class="passage passage-paragraph is-open" id="{passage.anchor}"' in html
    assert f'<div class="discussion" id="d-{passage.anchor}">' in html
    assert f'<div class="discussion" id="d-{other.anchor}" hidden>' in html


def test_comment_links_point_at_the_comment_urls(source, group, alice, url, client):
    comment = make_comment(group, alice, source=source)
    html = client.get(url).content.decode()
    group_slug, source_slug = group.slug, source.slug
    assert f'href="{reverse("forum:comment_edit", args=[group_slug, comment.pk])}"' in html
    assert f'action="{reverse("forum:comment_delete", args=[group_slug, comment.pk])}"' in html
    # Each comment's reply link is relative to the page (shorter): it resolves to the comment form.
    reply = re.search(rf'href="([^"]*\?parent={comment.pk})"', html)[1]
    assert urljoin(url, reply) == f"{reverse('forum:comment_new', args=[group_slug, source_slug])}?parent={comment.pk}"


def test_removed_comment_with_a_visible_reply_leaves_a_placeholder(source, group, alice, bob, url, client):
    passage = source.passages.first()
    top = make_comment(group, bob, passage=passage, body="spam words")
    make_comment(group, alice, parent=top, body="an answer")
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.REMOVED)
    html = client.get(url).content.decode()
    assert ("[removed]" in html, "spam words" in html, "an answer" in html) == (True, False, True)


@pytest.fixture
def five_threads(source, group, bob, settings):
    settings.MARGINALIA_THREADS_PER_PAGE = 2
    passage = source.passages.first()
    tops = [make_comment(group, bob, passage=passage, body=f"Top {i}") for i in range(5)]
    return passage, tops


def test_a_passage_with_more_threads_than_a_page_links_to_later_threads(url, client, five_threads):
    passage, tops = five_threads
    first = client.get(url).content.decode()
    assert [f'id="c-{c.pk}"' in first for c in tops] == [True, True, False, False, False]
    assert f'href="?open={passage.pk}&amp;page=2#d-{passage.anchor}"' in first
    third = client.get(url, {"open": passage.pk, "page": 3}).content.decode()
    assert [f'id="c-{c.pk}"' in third for c in tops] == [False, False, False, False, True]
    assert "Page 3 of 3" in third


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_a_bad_page_number_still_shows_a_page(url, client, five_threads, page):
    passage, _ = five_threads
    response = client.get(url, {"open": passage.pk, "page": page})
    assert response.status_code == 200
    assert "Page " in response.content.decode()


def test_whole_source_comments_are_paged_with_cpage(group, bob, url, client, settings):
    settings.MARGINALIA_THREADS_PER_PAGE = 2
    tops = [make_comment(group, bob, body=f"Whole {i}") for i in range(3)]
    page2 = client.get(url, {"cpage": 2}).content.decode()
    assert [f'id="c-{c.pk}"' in page2 for c in tops] == [False, False, True]
    assert "3 thoughts on" in page2


def test_a_comments_permalink_leads_to_the_page_that_shows_it(group, alice, url, client, five_threads):
    passage, tops = five_threads
    reply = make_comment(group, alice, parent=tops[4], body="Late reply")
    response = client.get(reply.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{url}?open={passage.pk}&page=3#c-{reply.pk}"


def test_a_permalink_in_a_private_group_is_404_for_a_non_member(group, bob, client):
    comment = make_comment(group, bob, body="Members only")
    outsider = make_user("eve", "Eve")
    client.force_login(outsider)
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_a_muted_member_is_told_on_the_page_before_writing(group, alice, url, client):
    group.memberships.filter(user=alice).update(is_muted=True, mute_reason="Cool off")
    page = client.get(url).content.decode()
    assert 'class="message warning muted-notice"' in page
    assert "Cool off" in page


def test_a_member_who_is_not_muted_sees_no_mute_notice(url, client):
    assert "muted-notice" not in client.get(url).content.decode()


def test_the_public_reading_page_links_a_member_to_their_groups_discussion(source, group, url, client):
    page = client.get(source.get_absolute_url()).content.decode()
    assert f'href="{url}">{group.name}</a>' in page


def test_the_public_reading_page_shows_no_group_to_a_visitor_or_an_outsider(source, group, client):
    client.logout()
    assert "Discuss this reading with" not in client.get(source.get_absolute_url()).content.decode()
    client.force_login(make_user("eve", "Eve"))
    assert "Discuss this reading with" not in client.get(source.get_absolute_url()).content.decode()
