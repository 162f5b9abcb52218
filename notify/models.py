"""Notifications, each member's email preferences, and the record of digests sent.

A Notification is written once, when something happens, for each member who may see it
(notify/notices.py decides who). Its `email` field is also the outbox: "queued" rows are mailed
by `manage.py send_notification_emails`, "digest" rows by `manage.py send_digests`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forum.models import Comment, ReadingGroup
from sources.models import Source


class Kind(models.TextChoices):
    REPLY = "reply", "Replies to my comments"
    THREAD = "thread", "New comments in threads I started"
    MENTION = "mention", "Mentions of me"
    FEEDBACK = "feedback", "Private feedback on my comments"
    MODERATION = "moderation", "My comments approved, hidden or removed"
    READING = "reading", "New readings on my groups' lists"
    DUE = "due", "Readings due within a day that I have not answered"
    HELD = "held", "Held comments in groups I moderate"
    FLAG = "flag", "Flags in groups I moderate"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DIGEST = "digest", "In the daily digest"
    NEVER = "never", "Never"


DEFAULT_DELIVERY = {Kind.REPLY: Delivery.IMMEDIATELY, Kind.MENTION: Delivery.IMMEDIATELY}
# Kinds that only make sense gathered once a day.
DIGEST_ONLY = frozenset({Kind.DUE})
# Kinds only a group's moderators receive.
MODERATOR_KINDS = frozenset({Kind.HELD, Kind.FLAG})
# Kinds about one comment that a member hears about once, however often the event repeats
# (several flags on one comment, a reply seen again when a held comment is approved).
ONCE_PER_COMMENT = [Kind.REPLY, Kind.THREAD, Kind.MENTION, Kind.HELD, Kind.FLAG]
# Kinds about a reading: once per member, group and reading.
ONCE_PER_READING = [Kind.READING, Kind.DUE]


class NotificationQuerySet(models.QuerySet):
    def unread_count(self, user):
        """The bell's number: one query."""
        return self.filter(recipient=user, read_at__isnull=True).count()

    def for_page(self, user):
        """`user`'s notifications, newest first, each with `comment_visible`: whether forum's
        own rule still lets them see the comment (it may have been hidden or removed since).
        One query."""
        visible = Comment.objects.visible_to(user, models.OuterRef("group")).filter(pk=models.OuterRef("comment_id"))
        return (
            self.filter(recipient=user)
            .select_related("group", "source", "actor__profile", "comment")
            .only(
                *("kind", "reason", "status", "created", "read_at", "group_id", "source_id", "comment_id", "actor_id"),
                *("group__name", "group__slug", "source__title", "source__slug"),
                *("actor__username", "actor__profile__display_name", "comment__body_html", "comment__passage_id"),
            )
            .annotate(comment_visible=models.Exists(visible))
            .order_by("-created", "-id")
        )

    def mark_read(self, user, now=None):
        return self.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())


class Notification(models.Model):
    class Email(models.TextChoices):
        QUEUED = "queued", "To send now"
        DIGEST = "digest", "For the digest"
        NONE = "none", "Not emailed"
        SENT = "sent", "Sent"
        DROPPED = "dropped", "Not sent (no longer visible, or no address)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    # For MODERATION: the comment's new status (approved, hidden, removed).
    status = models.CharField(max_length=10, blank=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="notification_kind_valid"),
            models.UniqueConstraint(
                fields=["recipient", "kind", "comment"],
                condition=models.Q(kind__in=ONCE_PER_COMMENT),
                name="notification_once_per_comment",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "group", "source"],
                condition=models.Q(kind__in=ONCE_PER_READING),
                name="notification_once_per_reading",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_bell"),
            models.Index(fields=["recipient", "created"], name="notification_page"),
            models.Index(fields=["email", "recipient"], name="notification_outbox"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient}"


class PreferenceQuerySet(models.QuerySet):
    def deliveries(self, users, kinds=None):
        """{(user id, kind): delivery} for every user and kind asked, defaults filled in. One query."""
        rows = self.filter(user__in=users)
        if kinds is not None:
            rows = rows.filter(kind__in=kinds)
        chosen = {(user_id, kind): delivery for user_id, kind, delivery in rows.values_list("user", "kind", "delivery")}
        return {
            (user.pk, kind): chosen.get((user.pk, kind), default_delivery(kind))
            for user in users
            for kind in (kinds or Kind.values)
        }

    def set_all(self, user, choices):
        """Store `user`'s delivery for each kind in `choices` ({kind: delivery})."""
        self.bulk_create(
            [Preference(user=user, kind=kind, delivery=delivery) for kind, delivery in choices.items()],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["delivery"],
        )


def default_delivery(kind):
    return DEFAULT_DELIVERY.get(kind, Delivery.DIGEST)


class Preference(models.Model):
    """How a member wants to hear about one kind of notification by email (the site always shows it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique"),
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="preference_kind_valid"),
            models.CheckConstraint(condition=models.Q(delivery__in=Delivery.values), name="preference_delivery_valid"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.delivery}"


class DigestSent(models.Model):
    """One row per member per day a digest went out: what makes `send_digests` safe to run twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"digest for {self.user} on {self.day}"
