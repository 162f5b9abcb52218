"""The moderation policy (forum.moderation.review): each rule that holds or refuses a new comment."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from forum.models import Comment
from forum.moderation import blocked_words_in, count_links, review, review_edit
from forum.sanitize import render_comment
from tests.factories import SHIPPED_RULES, make_comment, make_group, make_member, make_moderator, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(make_source(), **SHIPPED_RULES)


@pytest.fixture
def student(group):
    return make_member(group).user


def test_plain_comment_is_accepted(group, student):
    assert review(group, student, "I think the author means the opposite.").accepted


def test_more_links_than_the_limit_are_held_with_the_count(group, student):
    body = "See http://a.com, https://b.org/x and www.c.net"
    verdict = review(group, student, body)
    assert verdict.held
    assert verdict.reason == "held: 3 links"


def test_links_up_to_the_limit_are_accepted(group, student):
    assert review(group, student, "See http://a.com and [this](https://b.org/x)").accepted


def test_link_limit_comes_from_the_group(student, group):
    group.max_links = 0
    assert review(group, student, "Only https://a.com").reason == "held: 1 link"


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("no links at all, e.g. this. i.e. that.", 0),
        ("[text](https://a.com/path?q=1)", 1),
        ('<a href="http://a.com">raw html</a>', 1),
        ("bare domain example.com and www.example.org", 2),
        ("[a link](javascript:alert(1)) is no link", 0),
    ],
)
def test_count_links_counts_what_linkify_would_link(body, links):
    assert count_links(render_comment(body)) == links


def test_blocked_word_holds_the_comment_naming_the_word(group, student):
    group.blocked_words = "casino\ncheap pills\n"
    verdict = review(group, student, "Visit my CASINO tonight")
    assert verdict.held
    assert verdict.reason == "held: blocked “casino”"


def test_blocked_phrase_matches_across_any_spacing_and_case(group, student):
    group.blocked_words = "cheap pills"
    assert review(group, student, "Buy Cheap\n  PILLS here").held


def test_blocked_word_matches_whole_words_only(group, student):
    group.blocked_words = "ass"
    assert review(group, student, "The class assessed the passage.").accepted


def test_blank_lines_in_the_blocked_list_block_nothing(group):
    group.blocked_words = "\n  \nspam\n"
    assert blocked_words_in(group, "nothing to see") == []


def test_premoderation_holds_a_members_first_comment(group, student):
    group.premoderate_first_comment = True
    assert review(group, student, "Hello, everyone.").reason == "held: first comment in the group"


def test_premoderation_lets_the_second_comment_through(group, student):
    group.premoderate_first_comment = True
    make_comment(group, student, "My first one.", ago=3600)
    assert review(group, student, "My second one.").accepted


def test_premoderation_is_off_by_default(group, student):
    assert review(group, student, "Hello, everyone.").accepted


def test_several_hold_reasons_are_all_named(group, student):
    group.blocked_words = "casino"
    group.max_links = 0
    assert review(group, student, "casino at https://a.com").reason == "held: 1 link; blocked “casino”"


def test_same_text_twice_within_the_window_is_refused_as_duplicate(group, student):
    make_comment(group, student, "Exactly this.", ago=120)
    verdict = review(group, student, "Exactly this.")
    assert verdict.refused
    assert "already posted" in verdict.reason


def test_duplicate_ignores_case_and_spacing(group, student):
    make_comment(group, student, "Exactly this.", ago=120)
    assert review(group, student, "  exactly\n THIS. ").refused


@override_settings(MARGINALIA_DUPLICATE_WINDOW_SECONDS=60)
def test_same_text_after_the_window_is_accepted(group, student):
    make_comment(group, student, "Exactly this.", ago=120)
    assert review(group, student, "Exactly this.").accepted


def test_same_text_by_another_member_is_not_a_duplicate(group, student):
    make_comment(group, make_member(group).user, "Exactly this.", ago=120)
    assert review(group, student, "Exactly this.").accepted


def test_text_of_a_deleted_comment_may_be_posted_again(group, student):
    make_comment(group, student, "Exactly this.", ago=120, is_deleted=True)
    assert review(group, student, "Exactly this.").accepted


def test_posting_within_the_flood_interval_is_refused_saying_when(group, student):
    now = timezone.now()
    make_comment(group, student, "First.", created=now - timedelta(seconds=5))
    verdict = review(group, student, "Second.", now=now)
    assert verdict.refused
    assert "You can post again in 10 seconds (at " in verdict.reason


def test_posting_after_the_flood_interval_is_accepted(group, student):
    make_comment(group, student, "First.", ago=16)
    assert review(group, student, "Second.").accepted


def test_flood_interval_counts_only_this_group(student, group):
    other = make_group(make_source())
    make_member(other, user=student)
    make_comment(other, student, "Elsewhere.", ago=1)
    assert review(group, student, "Here.").accepted


def test_hourly_cap_refuses_saying_when_a_slot_frees(group, student):
    group.hourly_cap = 3
    now = timezone.now()
    for minutes in (50, 30, 10):
        make_comment(group, student, f"Comment {minutes}", created=now - timedelta(minutes=minutes))
    verdict = review(group, student, "One more.", now=now)
    assert verdict.refused
    assert "3 comments in the last hour" in verdict.reason
    assert "You can post again in 10 minutes (at " in verdict.reason


def test_hourly_cap_accepts_once_the_oldest_leaves_the_hour(group, student):
    group.hourly_cap = 3
    now = timezone.now()
    for minutes in (61, 30, 10):
        make_comment(group, student, f"Comment {minutes}", created=now - timedelta(minutes=minutes))
    assert review(group, student, "One more.", now=now).accepted


def test_muted_member_is_refused_with_until_when_and_why(group):
    until = timezone.now() + timedelta(days=2)
    member = make_member(group, is_muted=True, muted_until=until, mute_reason="Personal attacks.")
    verdict = review(group, member.user, "Let me back in.")
    assert verdict.refused
    assert "muted" in verdict.reason
    assert "until" in verdict.reason
    assert "Personal attacks." in verdict.reason


def test_member_muted_indefinitely_is_refused(group):
    member = make_member(group, is_muted=True)
    assert review(group, member.user, "Hello?").refused


def test_expired_mute_no_longer_refuses(group):
    member = make_member(group, is_muted=True, muted_until=timezone.now() - timedelta(minutes=1))
    assert review(group, member.user, "Back again.").accepted


def test_moderator_is_exempt_from_holds_and_flood(group):
    moderator = make_moderator(group)
    group.blocked_words = "casino"
    make_comment(group, moderator, "Just now.", ago=1)
    assert review(group, moderator, "Quoting the spam: casino https://a.com https://b.com https://c.com").accepted


def test_moderator_is_still_refused_a_duplicate(group):
    moderator = make_moderator(group)
    make_comment(group, moderator, "Reminder: due Friday.", ago=60)
    assert review(group, moderator, "Reminder: due Friday.").refused


def test_review_does_not_save_anything(group, student):
    review(group, student, "casino http://a.com http://b.com http://c.com")
    assert not Comment.objects.exists()


def test_editing_a_comment_into_too_many_links_holds_it(group, student):
    comment = make_comment(group, student, "Plain.", ago=3600)
    assert review_edit(comment, "Now with http://a.com http://b.com http://c.com").reason == "held: 3 links"


def test_editing_a_comment_into_a_blocked_word_holds_it(group, student):
    group.blocked_words = "casino"
    group.save()
    comment = make_comment(group, student, "Plain.", ago=3600)
    assert review_edit(comment, "casino night").held


def test_an_edit_is_not_refused_by_the_flood_interval(group, student):
    comment = make_comment(group, student, "Plain.", ago=1)
    assert review_edit(comment, "Plain, with a typo fixed.").accepted
