"""forum.posting.import_comments: history (a moved discussion, the benchmark's data) goes in through
the posting service, rendered and reviewed as a post is, dated, and placed in threads as the site
places replies; only the rate rules, which pace posting, are skipped."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from forum import conf, posting
from forum.models import Comment, ModerationAction
from forum.posting import PastComment
from forum.signals import comment_posted
from tests.factories import make_comment, make_group, make_member

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=30)


def written(author, body, minutes=0, **place):
    """A comment of the history, written `minutes` after LONG_AGO."""
    return PastComment(author, body, LONG_AGO + timedelta(minutes=minutes), **place)


def import_history(group, source, *entries):
    return posting.import_comments(group=group, source=source, entries=entries)


def test_history_is_rendered_dated_and_approved(group, alice, source):
    passage = source.passages.first()
    [result] = import_history(group, source, written(alice, "Read *this* closely.", passage=passage))
    comment = Comment.objects.get()
    assert comment == result.comment and not result.held
    assert comment.body_html == "<p>Read <em>this</em> closely.</p>"
    assert comment.created == LONG_AGO and comment.passage == passage and comment.status == "approved"


def test_history_with_too_many_links_or_a_blocked_word_is_held_as_a_post_is(source, alice):
    group = make_group(source, members=[alice], max_links=1, blocked_words="scab")
    links = "See https://example.org and [this](https://example.com)."
    results = import_history(group, source, written(alice, links), written(alice, "What a scab.", 1))
    assert [result.reason for result in results] == ["held: 2 links", "held: blocked “scab”"]
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}
    assert sorted(ModerationAction.objects.values_list("action", "reason")) == [
        ("hold", "held: 2 links"),
        ("hold", "held: blocked “scab”"),
    ]


def test_each_distinct_body_is_rendered_once_and_never_again_by_the_model_or_the_rules(group, alice, bob, source):
    group.max_links = 0
    group.save()
    entries = [written(author, "A link: https://example.org", 20 * n) for n, author in enumerate([alice, bob] * 3)]
    entries[1:1] = [written(bob, "Another thought.", 0)]
    with (
        mock.patch("forum.posting.render_comment", wraps=posting.render_comment) as render,
        mock.patch("forum.models.comments.render_comment") as model_render,
        mock.patch("forum.moderation.render_comment") as rules_render,
    ):
        results = import_history(group, source, *entries)
    assert render.call_count == 2 and model_render.call_count == 0 and rules_render.call_count == 0
    assert [result.held for result in results] == [True, False, True, True, True, True, True]


def test_replies_are_placed_as_the_site_places_them(group, alice, bob, source):
    """A chain deeper than the depth limit: each reply under the one before, then beside it at the
    limit, still addressed to it; the thread's root is the first comment; the passage is the thread's."""
    passage = source.passages.last()
    chain = [written(alice, "Where it starts.", passage=passage)]
    for n in range(1, conf.get("MAX_DEPTH") + 1):
        chain.append(written([alice, bob][n % 2], f"Answer {n}.", n, reply_to=n - 1))
    comments = [result.comment for result in import_history(group, source, *chain)]
    first, limit = comments[0], conf.get("MAX_DEPTH") - 1
    assert [c.depth for c in comments] == [*range(conf.get("MAX_DEPTH")), limit]
    assert all(c.root == first and c.passage == passage for c in comments[1:]) and first.root is None
    assert [c.in_reply_to for c in comments[1:]] == comments[:-1]
    assert [c.parent for c in comments[1:-1]] == comments[:-2]
    assert comments[-1].parent == comments[-2].parent  # beside the one it answers
    stored = Comment.objects.get(pk=comments[-1].pk)
    assert (stored.parent_id, stored.root_id, stored.in_reply_to_id) == (comments[-3].pk, first.pk, comments[-2].pk)


def test_history_may_answer_a_stored_comment(group, alice, bob, source):
    stored = make_comment(group, alice, "Already here.", passage=source.passages.first())
    [result] = import_history(group, source, written(bob, "A late answer.", reply_to=stored))
    assert (result.comment.parent, result.comment.root, result.comment.depth) == (stored, stored, 1)
    assert result.comment.passage == stored.passage


def test_the_rate_rules_do_not_apply_to_history(source, alice):
    group = make_group(source, members=[alice], flood_interval_seconds=15, hourly_cap=5)
    results = import_history(group, source, *[written(alice, f"Thought {n}.") for n in range(8)])
    assert not any(result.refused for result in results)
    assert Comment.objects.count() == 8


def test_a_duplicate_in_the_window_is_refused_and_so_is_a_reply_to_it(group, alice, bob, source):
    window = conf.get("DUPLICATE_WINDOW_SECONDS") // 60
    results = import_history(
        group,
        source,
        written(alice, "Same words."),
        written(alice, "same   WORDS.", 1),
        written(bob, "Answering the repeat.", 2, reply_to=1),
        written(alice, "Same words.", window + 1),
    )
    assert [result.refused for result in results] == [False, True, True, False]
    assert results[2].reason == "The comment it answers was not imported."
    assert Comment.objects.count() == 2


def test_a_member_muted_at_the_time_is_refused_as_of_then(group, source):
    muted = make_member(group, is_muted=True, muted_until=LONG_AGO + timedelta(hours=1)).user
    results = import_history(group, source, written(muted, "While muted."), written(muted, "Afterwards.", 90))
    assert [result.refused for result in results] == [True, False]
    assert list(Comment.objects.values_list("body", flat=True)) == ["Afterwards."]


def test_history_is_not_announced(group, alice, source, django_capture_on_commit_callbacks):
    received = []
    comment_posted.connect(received.append, dispatch_uid="test-history")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_history(group, source, written(alice, "An old thought."))
    finally:
        comment_posted.disconnect(dispatch_uid="test-history")
    assert received == [] and Comment.objects.count() == 1


def test_a_reply_to_a_later_entry_is_an_error_and_nothing_is_saved(group, alice, source):
    with pytest.raises(ValueError, match="not an earlier one"):
        import_history(group, source, written(alice, "First."), written(alice, "Answers the future.", 1, reply_to=2))
    assert not Comment.objects.exists()


@pytest.mark.parametrize("threads", [3, 30])
def test_the_import_takes_the_same_queries_for_few_comments_as_for_many(
    group, alice, bob, source, threads, django_assert_num_queries
):
    entries = []
    for n in range(threads):
        entries.append(written([alice, bob][n % 2], f"Thread {n}.", 2 * n))
        entries.append(written([bob, alice][n % 2], f"Reply {n}.", 2 * n + 1, reply_to=len(entries) - 1))
    # the memberships, the authors' earlier comments, a savepoint and its release, one insert per generation
    with django_assert_num_queries(6):
        import_history(group, source, *entries)
    assert Comment.objects.count() == 2 * threads
