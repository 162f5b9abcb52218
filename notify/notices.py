"""Who hears about what: turns the discussion's events into Notification rows.

Every notification about a comment goes only to members who may see that comment, decided by
forum's own rule (Comment.objects.visible_to), so whatever that rule learns (answer-first, a
new state) holds here too. Each event costs a fixed number of queries however many people took
part in the thread: the candidates are named by the event (the comment answered, the thread's
first comment, at most ten mentions, the group's moderators), their visibility is checked in one
query, their email preferences read in one, and the rows written in one bulk insert.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Coalesce

from forum import hooks
from forum.mentions import mentioned_members
from forum.models import Comment, GroupReading, Membership
from sources.models import Prompt

from .models import DIGEST_ONLY, Delivery, Kind, Notification, Preference

EMAIL_STATE = {
    Delivery.IMMEDIATELY: Notification.Email.QUEUED,
    Delivery.DIGEST: Notification.Email.DIGEST,
    Delivery.NEVER: Notification.Email.NONE,
}


def who_can_see(comment, users):
    """The subset of `users` that forum's visibility rule lets see `comment`: one query."""
    users = list({user.pk: user for user in users}.values())
    if not users:
        return []
    checks = {
        f"u{user.pk}": models.Exists(Comment.objects.visible_to(user, comment.group).filter(pk=comment.pk))
        for user in users
    }
    row = Comment.objects.filter(pk=comment.pk).values(**checks).first() or {}
    return [user for user in users if row.get(f"u{user.pk}")]


def write(notes):
    """Store `notes` (unsaved Notifications), each with its email state from the recipient's
    preferences: one query for the preferences, one insert. Repeats are ignored (unique constraints)."""
    if not notes:
        return []
    recipients = list({note.recipient_id: note.recipient for note in notes}.values())
    deliveries = Preference.objects.deliveries(recipients, sorted({note.kind for note in notes}))
    for note in notes:
        delivery = deliveries[(note.recipient_id, note.kind)]
        if note.kind in DIGEST_ONLY and delivery == Delivery.IMMEDIATELY:
            delivery = Delivery.DIGEST
        note.email = EMAIL_STATE[delivery]
    return Notification.objects.bulk_create(notes, ignore_conflicts=True)


def about_comment(comment, candidates, actor=None, reason=""):
    """Notify each (user, kind) in `candidates` who may see `comment`, once each, never the actor;
    a member named twice hears once, under the first kind given."""
    kinds = {}
    for user, kind in candidates:
        if user is not None and user.pk != getattr(actor, "pk", actor) and user.pk not in kinds:
            kinds[user.pk] = (user, kind)
    allowed = who_can_see(comment, [user for user, _ in kinds.values()])
    return write(
        [
            Notification(
                recipient=user,
                kind=kinds[user.pk][1],
                group_id=comment.group_id,
                source_id=comment.source_id,
                comment=comment,
                actor=actor,
                reason=reason,
            )
            for user in allowed
        ]
    )


def _authors(*comment_ids):
    """{comment id: its author}, one query."""
    ids = [pk for pk in comment_ids if pk]
    if not ids:
        return {}
    rows = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "author"))
    users = get_user_model().objects.in_bulk(set(rows.values()))
    return {pk: users.get(author) for pk, author in rows.items()}


def comment_published(comment):
    """A comment went up (posted, or approved after being held): tell the author of the comment
    it answers, whoever it mentions and the thread's starter; forum's rule drops who may not see it."""
    authors = _authors(comment.in_reply_to_id, comment.root_id)
    candidates = [(authors.get(comment.in_reply_to_id), Kind.REPLY)]
    candidates += [(user, Kind.MENTION) for user in mentioned_members(comment)]
    candidates.append((authors.get(comment.root_id), Kind.THREAD))
    return about_comment(comment, candidates, actor=comment.author)


def comment_mentions(comment):
    """After an edit: members newly mentioned hear about it (those already told are not told twice)."""
    return about_comment(comment, [(user, Kind.MENTION) for user in mentioned_members(comment)], actor=comment.author)


def group_moderators(group_id):
    return [
        membership.user
        for membership in Membership.objects.moderators().filter(group_id=group_id).select_related("user")
    ]


def comment_held(comment, reason):
    """A rule held a comment: the group's moderators hear about it."""
    return about_comment(
        comment, [(user, Kind.HELD) for user in group_moderators(comment.group_id)], actor=comment.author, reason=reason
    )


def comment_flagged(flag):
    """A member flagged a comment: the group's moderators hear about it (once per comment)."""
    comment = flag.comment
    candidates = [(user, Kind.FLAG) for user in group_moderators(comment.group_id)]
    reason = f"{flag.get_reason_display()}: {flag.note}" if flag.note else flag.get_reason_display()
    return about_comment(comment, candidates, actor=flag.user, reason=reason)


def feedback_given(feedback):
    """A moderator left private feedback on a member's comment (teaching.signals.feedback_given):
    the member hears about it, with the feedback's opening words; only they are told."""
    comment = feedback.comment
    words = " ".join(feedback.body.split())
    reason = words if len(words) <= 500 else words[:499] + "…"
    return about_comment(comment, [(comment.author, Kind.FEEDBACK)], actor=feedback.author, reason=reason)


def comment_moderated(comment, new_status, actor, reason):
    """The author hears that their comment was approved, hidden or removed, and why. They hear it
    even when the comment is no longer visible to them (removed): the page then shows the reason
    but not the text, as it shows every notification whose comment they cannot see."""
    if comment.author_id == getattr(actor, "pk", None):
        return []
    note = Notification(
        recipient=comment.author,
        kind=Kind.MODERATION,
        group_id=comment.group_id,
        source_id=comment.source_id,
        comment=comment,
        actor=actor,
        reason=reason,
        status=new_status,
    )
    return write([note])


def reading_added(reading):
    """A reading joined a group's list: every member hears about it."""
    members = [m.user for m in Membership.objects.filter(group_id=reading.group_id).select_related("user")]
    return write(
        [
            Notification(recipient=user, kind=Kind.READING, group_id=reading.group_id, source_id=reading.source_id)
            for user in members
        ]
    )


def readings_due(today):
    """Students with a reading due today or tomorrow who have not answered all its reading
    questions hear about it, once per reading, in their digest. Two queries per such reading."""
    notes = []
    due = GroupReading.objects.filter(due__gte=today, due__lte=today + timedelta(days=1))
    for reading in due.select_related("group", "source"):
        # The questions this group's members may answer (forum's seam: the reading's own, plus
        # the group's active questions when the teaching app is installed).
        asked = Prompt.objects.filter(passage__source=reading.source_id).filter(
            hooks.rules_q(hooks.prompt_rules, reading.group)
        )
        questions = asked.count()
        if not questions:
            continue
        answered = (
            Comment.objects.filter(
                group=reading.group_id,
                source=reading.source_id,
                author=models.OuterRef("user"),
                prompt__in=asked,
                is_deleted=False,
            )
            .exclude(status=Comment.Status.REMOVED)
            .values("author")
            .annotate(n=models.Count("prompt", distinct=True))
            .values("n")
        )
        behind = (
            Membership.objects.filter(group=reading.group_id, role=Membership.Role.STUDENT)
            .annotate(answered=Coalesce(models.Subquery(answered), 0))
            .filter(answered__lt=questions)
            .select_related("user")
        )
        notes += [
            Notification(recipient=m.user, kind=Kind.DUE, group_id=reading.group_id, source_id=reading.source_id)
            for m in behind
        ]
    return write(notes)
