"""The benchmark's data builder (bench/discussion.py): the discussion it makes is the one the
figures in docs/benchmarks.md describe, and the same seed makes the same discussion."""

import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from forum import conf
from forum.models import Comment, Flag, Membership

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import discussion  # noqa: E402 - bench/ is a folder of scripts, not a package

pytestmark = pytest.mark.django_db


@pytest.fixture
def readings():
    call_command("load_readings", verbosity=0)


def shape(group):
    comments = Comment.objects.filter(group=group).order_by("created", "id")
    return [
        (
            c.author.username.split("-")[-1],
            c.passage_id,
            c.depth,
            c.status,
            c.is_deleted,
            c.parent.body if c.parent else None,
            c.body,
        )
        for c in comments.select_related("author", "parent")
    ]


def test_builds_sixty_members_and_the_requested_comments_on_seed_004(readings):
    built = discussion.build(600, seed=4, group_slug="bench")
    assert built.source.publication == "Weekly Worker"
    assert Membership.objects.filter(group=built.group).count() == 60
    assert Comment.objects.filter(group=built.group, source=built.source).count() == 600


def test_about_a_third_are_replies_in_the_same_place_within_the_depth_limit(readings):
    built = discussion.build(600, seed=4, group_slug="bench")
    replies = Comment.objects.filter(group=built.group, parent__isnull=False).select_related("parent")
    assert 0.25 < replies.count() / 600 < 0.42
    assert all(reply.passage_id == reply.parent.passage_id for reply in replies)
    assert max(reply.depth for reply in replies) < conf.get("MAX_DEPTH")


def test_some_comments_are_pending_hidden_and_flagged(readings):
    built = discussion.build(600, seed=4, group_slug="bench")
    statuses = set(Comment.objects.filter(group=built.group).values_list("status", flat=True))
    assert {"approved", "pending", "hidden"} <= statuses
    assert Flag.objects.filter(comment__group=built.group).exists()


def test_the_same_seed_builds_the_same_discussion(readings):
    first = discussion.build(300, seed=4, group_slug="one")
    second = discussion.build(300, seed=4, group_slug="two")
    assert shape(first.group) == shape(second.group)


def test_the_builder_posts_through_the_posting_service(readings):
    """The site, the builder and the tests share one posting path: the history import."""
    with mock.patch.object(discussion, "import_comments", wraps=discussion.import_comments) as service:
        discussion.build(200, seed=4, group_slug="bench")
        discussion.build_short(10, seed=4, group_slug="bench-short")
    assert [len(call.kwargs["entries"]) for call in service.call_args_list] == [200, 10]
