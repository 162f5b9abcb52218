"""Moderation acts: one function per act, each writing the moderation log.

Views, admin actions and commands all call these, so the log can never miss an act.
"""

from django.db import transaction

from .models import Comment, ModerationAction


class ActionRefused(Exception):
    """An act the rules do not allow; str(exc) is the message to show the member."""


def log(group, action, *, actor=None, comment=None, member=None, reason=""):
    return ModerationAction.objects.create(
        group=group, action=action, actor=actor, comment=comment, member=member, reason=reason[:500]
    )


def _set_status(comment, status, action, actor, reason):
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
        log(comment.group, action, actor=actor, comment=comment, member=comment.author, reason=reason)


def hold(comment, reason):
    """Automatic: a rule held a new comment for review."""
    _set_status(comment, Comment.Status.PENDING, ModerationAction.Action.HOLD, None, reason)


def approve(comment, actor, reason=""):
    _set_status(comment, Comment.Status.APPROVED, ModerationAction.Action.APPROVE, actor, reason)


def hide(comment, actor, reason=""):
    _set_status(comment, Comment.Status.HIDDEN, ModerationAction.Action.HIDE, actor, reason)


def remove(comment, actor, reason=""):
    _set_status(comment, Comment.Status.REMOVED, ModerationAction.Action.REMOVE, actor, reason)


def restore(comment, actor, reason=""):
    _set_status(comment, Comment.Status.APPROVED, ModerationAction.Action.RESTORE, actor, reason)
