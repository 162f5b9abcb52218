"""Questions and answers in the discussion, and private feedback: one function per act, shared
by the site's forms; each refuses with a TeachingRefused whose message is shown as it is.

A member marks their own comment "I have a question"; anyone in the group replies; the asker
or a group moderator marks one reply in that thread as the answer (marking another replaces it).
A moderator writes private feedback on a member's comment: only that member and the group's
moderators see it (teaching/page.py), and feedback_given tells the listeners once it is stored.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from forum.forms import check_body
from forum.models import Comment, Membership
from forum.sanitize import render_comment

from .models import CommentQuestion, Feedback
from .signals import feedback_given


class TeachingRefused(Exception):
    """An act that is not allowed here; the message says why, for the person who tried."""


def is_moderator(user, group):
    return Membership.objects.moderating(user, group).exists()


def check_can_write(user, group):
    membership = Membership.objects.of(user, group)
    if membership is None:
        raise TeachingRefused("Only members of the group can do that.")
    message = membership.mute_message()
    if message:
        raise TeachingRefused(message)


def ask(comment, user):
    """Mark `comment` (by `user`) as a question to the group."""
    if comment.author_id != user.pk:
        raise TeachingRefused("Only its author can mark a comment as a question.")
    if comment.is_deleted or comment.status == Comment.Status.REMOVED:
        raise TeachingRefused("That comment is gone.")
    check_can_write(user, comment.group_id)
    question, created = CommentQuestion.objects.get_or_create(comment=comment)
    if not created:
        raise TeachingRefused("That comment is already marked as a question.")
    return question


def thread_of(comment):
    return comment.root_id or comment.pk


def mark_answer(question, reply, user, now=None):
    """Mark `reply` as the answer to `question`: by the asker or a group moderator; a reply in
    the question's thread, written after it, that the group can read."""
    asked = question.comment
    if user.pk != asked.author_id and not is_moderator(user, asked.group_id):
        raise TeachingRefused("Only the member who asked, or a moderator, marks the answer to a question.")
    in_thread = reply.group_id == asked.group_id and thread_of(reply) == thread_of(asked)
    if not in_thread or reply.pk == asked.pk or reply.created < asked.created:
        raise TeachingRefused("The answer has to be a reply in the question's thread.")
    if reply.is_deleted or reply.status != Comment.Status.APPROVED:
        raise TeachingRefused("Only a reply the group can read can be marked as the answer.")
    question.answer, question.answered_by, question.answered_at = reply, user, now or timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question


def give_feedback(comment, moderator, body):
    """Private feedback on a member's comment, from one of the group's moderators."""
    if not is_moderator(moderator, comment.group_id):
        raise TeachingRefused("Only the group's moderators give feedback.")
    if comment.author_id == moderator.pk:
        raise TeachingRefused("Feedback is for members' comments, not your own.")
    if comment.is_deleted or comment.status == Comment.Status.REMOVED:
        raise TeachingRefused("That comment is gone.")
    try:
        body = check_body(body)
    except ValidationError as error:
        raise TeachingRefused(error.messages[0]) from None
    with transaction.atomic():
        feedback = Feedback.objects.create(comment=comment, author=moderator, body=body, body_html=render_comment(body))
        transaction.on_commit(lambda: feedback_given.send(sender=Feedback, feedback=feedback))
    return feedback


def questions_on(viewer, source):
    """The members' questions on this reading that the viewer (forum.models.Viewer) can see
    (answer first included), one query."""
    # Correlated on the question, not `comment__in`: questions are few, and the engines would
    # otherwise list every visible comment of the reading first (docs/benchmarks.md).
    visible = Comment.objects.seen_by(viewer).filter(source=source, pk=OuterRef("comment_id"))
    return CommentQuestion.objects.filter(Exists(visible)).select_related("comment__author__profile")


def open_questions_on(group_id, source_id):
    """Every open question on the reading, for the report (its readers are moderators)."""
    return list(
        CommentQuestion.objects.filter(
            answer__isnull=True,
            comment__group=group_id,
            comment__source=source_id,
            comment__is_deleted=False,
        )
        .exclude(comment__status=Comment.Status.REMOVED)
        .select_related("comment__author__profile", "comment__group", "comment__passage")
    )


def feedback_on(user, comments, moderator):
    """The feedback `user` may read on `comments` (those a page shows): all of it for a moderator,
    else on their own comments. One query, and none when there is nothing they may read there."""
    ids = [comment.pk for comment in comments if moderator or comment.author_id == user.pk]
    if not ids:
        return []
    return list(Feedback.objects.filter(comment_id__in=ids).select_related("author__profile"))
