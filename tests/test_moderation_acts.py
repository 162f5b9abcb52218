"""Moderation acts (forum.acts): what each does, what it refuses, and the log entry it writes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forum import acts
from forum.conf import MODERATORS_GROUP
from forum.models import Comment, Flag, Membership, ModerationAction
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source, make_user

pytestmark = pytest.mark.django_db
Action = ModerationAction.Action


@pytest.fixture
def group():
    return make_group(make_source())


@pytest.fixture
def author(group):
    return make_member(group).user


@pytest.fixture
def comment(group, author):
    return make_comment(group, author)


def members(group, count):
    return [make_member(group).user for _ in range(count)]


def last_log():
    return ModerationAction.objects.order_by("-id").first()


# Status acts.


def test_hold_makes_the_comment_pending_and_logs_it_as_automatic(comment):
    acts.hold(comment, "held: 3 links")
    comment.refresh_from_db()
    entry = last_log()
    assert comment.status == Comment.Status.PENDING
    assert (entry.action, entry.actor, entry.comment, entry.member, entry.reason) == (
        Action.HOLD,
        None,
        comment,
        comment.author,
        "held: 3 links",
    )


@pytest.mark.parametrize(
    ("act", "start", "status", "logged"),
    [
        (acts.approve, Comment.Status.PENDING, Comment.Status.APPROVED, Action.APPROVE),
        (acts.hide, Comment.Status.APPROVED, Comment.Status.HIDDEN, Action.HIDE),
        (acts.remove, Comment.Status.APPROVED, Comment.Status.REMOVED, Action.REMOVE),
        (acts.restore, Comment.Status.HIDDEN, Comment.Status.APPROVED, Action.RESTORE),
        (acts.restore, Comment.Status.REMOVED, Comment.Status.APPROVED, Action.RESTORE),
    ],
)
def test_each_status_act_sets_the_status_and_logs_actor_and_reason(comment, moderator, act, start, status, logged):
    Comment.objects.filter(pk=comment.pk).update(status=start)
    comment.refresh_from_db()
    act(comment, moderator, "looked at it")
    entry = last_log()
    assert Comment.objects.get(pk=comment.pk).status == status
    assert (entry.action, entry.actor, entry.comment, entry.reason, entry.group) == (
        logged,
        moderator,
        comment,
        "looked at it",
        comment.group,
    )


def test_approving_an_approved_unflagged_comment_is_refused_and_not_logged(comment, moderator):
    with pytest.raises(acts.ActionRefused, match="already approved"):
        acts.approve(comment, moderator)
    assert not ModerationAction.objects.exists()


def test_restoring_a_comment_that_is_up_is_refused(comment, moderator):
    with pytest.raises(acts.ActionRefused, match="nothing to restore"):
        acts.restore(comment, moderator)


def test_approving_a_flagged_comment_dismisses_its_open_flags(group, comment, moderator):
    flagger = make_member(group).user
    acts.flag(comment, flagger, "off-topic")
    acts.approve(comment, moderator, "on topic after all")
    assert Flag.objects.get().resolved
    assert last_log().action == Action.APPROVE


def test_hiding_closes_the_open_flags(group, comment, moderator):
    acts.flag(comment, make_member(group).user, "spam")
    acts.hide(comment, moderator)
    assert not Flag.objects.filter(resolved=False).exists()


# Flags.


def test_flag_records_the_flag_and_logs_it(group, comment):
    flagger = make_member(group).user
    flag = acts.flag(comment, flagger, "other", "  Quotes a classmate's private message.  ")
    entry = last_log()
    assert (flag.user, flag.reason, flag.note, flag.resolved) == (
        flagger,
        "other",
        "Quotes a classmate's private message.",
        False,
    )
    assert (entry.action, entry.actor, entry.comment, entry.reason) == (
        Action.FLAG,
        flagger,
        comment,
        "other: Quotes a classmate's private message.",
    )


def test_flagging_ones_own_comment_is_refused(comment, author):
    with pytest.raises(acts.ActionRefused, match="your own comment"):
        acts.flag(comment, author, "spam")
    assert not Flag.objects.exists()


def test_flagging_twice_is_a_no_op_with_a_message(group, comment):
    flagger = make_member(group).user
    acts.flag(comment, flagger, "spam")
    with pytest.raises(acts.ActionRefused, match="already flagged"):
        acts.flag(comment, flagger, "abuse")
    assert list(Flag.objects.values_list("reason", flat=True)) == ["spam"]
    assert ModerationAction.objects.filter(action=Action.FLAG).count() == 1


def test_muted_member_cannot_flag(group, comment):
    muted = make_member(group, is_muted=True, mute_reason="Flag spam.")
    with pytest.raises(acts.ActionRefused, match="muted"):
        acts.flag(comment, muted.user, "spam")
    assert not Flag.objects.exists()


def test_non_member_cannot_flag(comment):
    with pytest.raises(acts.ActionRefused, match="Only members"):
        acts.flag(comment, make_user(), "spam")


def test_flag_reason_other_needs_a_note(group, comment):
    with pytest.raises(acts.ActionRefused, match="Say in the note"):
        acts.flag(comment, make_member(group).user, "other", "   ")


@pytest.mark.parametrize("reason", ["", "rude", "SPAM", "<script>"])
def test_flag_with_an_unknown_reason_is_refused(group, comment, reason):
    with pytest.raises(acts.ActionRefused, match="Choose a reason"):
        acts.flag(comment, make_member(group).user, reason)


def test_flag_note_over_the_limit_is_refused(group, comment):
    with pytest.raises(acts.ActionRefused, match="under 300"):
        acts.flag(comment, make_member(group).user, "spam", "x" * 301)


def test_a_held_comment_cannot_be_flagged(group, comment):
    acts.hold(comment, "held: first comment in the group")
    with pytest.raises(acts.ActionRefused, match="not up"):
        acts.flag(comment, make_member(group).user, "spam")


def test_distinct_flags_reaching_the_threshold_hide_the_comment_automatically(group, comment):
    for flagger, reason in zip(members(group, 3), ["spam", "spam", "abuse"], strict=True):
        acts.flag(comment, flagger, reason)
    comment.refresh_from_db()
    entry = last_log()
    assert comment.status == Comment.Status.HIDDEN
    assert (entry.action, entry.actor, entry.reason) == (
        Action.AUTO_HIDE,
        None,
        "hidden pending review: 3 flags (abuse, spam)",
    )


def test_flags_below_the_threshold_leave_the_comment_up(group, comment):
    for flagger in members(group, 2):
        acts.flag(comment, flagger, "spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert not ModerationAction.objects.filter(action=Action.AUTO_HIDE).exists()


def test_dismissed_flags_do_not_count_towards_the_threshold(group, comment, moderator):
    for flagger in members(group, 2):
        acts.flag(comment, flagger, "spam")
    acts.approve(comment, moderator, "fine")
    acts.flag(comment, make_member(group).user, "spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_flag_threshold_comes_from_the_group(group, comment):
    group.flag_threshold = 1
    group.save()
    acts.flag(comment, make_member(group).user, "abuse")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN


# Members.


def test_mute_until_a_date_sets_the_membership_and_logs_it(group, moderator):
    member = make_member(group)
    until = timezone.now() + timedelta(days=7)
    acts.mute(member, moderator, until=until, reason="Insults in #c-12.")
    member.refresh_from_db()
    entry = last_log()
    assert (member.is_muted, member.muted_until, member.mute_reason) == (True, until, "Insults in #c-12.")
    assert (entry.action, entry.actor, entry.member) == (Action.MUTE, moderator, member.user)
    assert entry.reason.startswith("until ") and entry.reason.endswith(": Insults in #c-12.")


def test_mute_without_a_date_is_indefinite(group, moderator):
    member = make_member(group)
    acts.mute(member, moderator)
    member.refresh_from_db()
    assert member.muted_now(timezone.now() + timedelta(days=3650))
    assert last_log().reason == "indefinitely"


def test_mute_ending_in_the_past_is_refused(group, moderator):
    with pytest.raises(acts.ActionRefused, match="future"):
        acts.mute(make_member(group), moderator, until=timezone.now() - timedelta(hours=1))


def test_a_moderator_cannot_be_muted(group, moderator):
    other_moderator = Membership.objects.get(user=make_moderator(group), group=group)
    with pytest.raises(acts.ActionRefused, match="is a moderator"):
        acts.mute(other_moderator, moderator)


def test_unmute_clears_the_mute_and_logs_it(group, moderator):
    member = make_member(group, is_muted=True, mute_reason="Spam.")
    acts.unmute(member, moderator, "Apologised.")
    member.refresh_from_db()
    assert (member.is_muted, member.muted_until, member.mute_reason) == (False, None, "")
    assert (last_log().action, last_log().reason) == (Action.UNMUTE, "Apologised.")


def test_unmuting_someone_not_muted_is_refused(group, moderator):
    with pytest.raises(acts.ActionRefused, match="not muted"):
        acts.unmute(make_member(group), moderator)


def test_making_a_moderator_opens_the_desk_and_logs_the_role_change(group, moderator):
    member = make_member(group)
    acts.set_role(member, moderator, Membership.Role.MODERATOR, "New TA.")
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.role == Membership.Role.MODERATOR
    assert member.user.is_staff
    assert member.user.groups.filter(name=MODERATORS_GROUP).exists()
    assert (last_log().action, last_log().reason) == (Action.ROLE, "student → moderator: New TA.")


def test_making_a_moderator_a_student_takes_the_desk_permissions_away(group, moderator):
    member = Membership.objects.get(user=make_moderator(group), group=group)
    acts.set_role(member, moderator, Membership.Role.STUDENT)
    assert not member.user.groups.filter(name=MODERATORS_GROUP).exists()


def test_setting_the_same_role_again_is_refused(group, moderator):
    with pytest.raises(acts.ActionRefused, match="already a student"):
        acts.set_role(make_member(group), moderator, Membership.Role.STUDENT)


def test_moderators_permission_group_has_exactly_the_desk_permissions():
    # forum's own doors; apps beside forum (teaching) grant theirs in their own migrations.
    permissions = Group.objects.get(name=MODERATORS_GROUP).permissions.filter(content_type__app_label="forum")
    codenames = set(permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_comment",
        "change_comment",
        "view_membership",
        "change_membership",
        "view_readinggroup",
        "change_readinggroup",
        "view_flag",
        "change_flag",
        "view_moderationaction",
        "view_groupreading",
        "add_groupreading",
        "change_groupreading",
        "delete_groupreading",
    }


def test_auto_hide_updates_the_callers_comment_too(group, comment):
    group.flag_threshold = 1
    group.save()
    acts.flag(comment, make_member(group).user, "spam")
    assert comment.status == Comment.Status.HIDDEN
