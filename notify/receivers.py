"""Where notify listens: forum's signals (all sent after the change commits) and new readings.

Each receiver is a thin call into notices.py, so what an event does can be read in one place.
"""

from django.apps import apps
from django.db.models.signals import post_save

from forum import signals
from forum.models import Comment, GroupReading

from . import notices

MODERATED = (Comment.Status.APPROVED, Comment.Status.HIDDEN, Comment.Status.REMOVED)


def on_comment_posted(sender, comment, **kwargs):
    notices.comment_published(comment)


def on_comment_edited(sender, comment, **kwargs):
    notices.comment_mentions(comment)


def on_comment_status_changed(sender, comment, old_status, new_status, actor=None, reason="", **kwargs):
    if new_status == Comment.Status.PENDING and actor is None:
        notices.comment_held(comment, reason)
        return
    if new_status in MODERATED:
        notices.comment_moderated(comment, new_status, actor, reason)
    if new_status == Comment.Status.APPROVED:
        # A held or hidden comment that goes up reaches those it could not reach before.
        notices.comment_published(comment)


def on_comment_flagged(sender, flag, **kwargs):
    notices.comment_flagged(flag)


def on_reading_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        notices.reading_added(instance)


def on_feedback_given(sender, feedback, **kwargs):
    notices.feedback_given(feedback)


def connect():
    signals.comment_posted.connect(on_comment_posted, dispatch_uid="notify_posted")
    signals.comment_edited.connect(on_comment_edited, dispatch_uid="notify_edited")
    signals.comment_status_changed.connect(on_comment_status_changed, dispatch_uid="notify_status")
    signals.comment_flagged.connect(on_comment_flagged, dispatch_uid="notify_flagged")
    post_save.connect(on_reading_saved, sender=GroupReading, dispatch_uid="notify_reading")
    if apps.is_installed("teaching"):
        try:
            from teaching.signals import feedback_given
        except ImportError:  # a teaching app without private feedback
            return
        feedback_given.connect(on_feedback_given, dispatch_uid="notify_feedback")
