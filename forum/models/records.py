"""What members and moderators record about comments: flags and the append-only moderation log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .comments import Comment
from .groups import ReadingGroup


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam"
        ABUSE = "abuse"
        OFF_TOPIC = "off-topic", "Off-topic"
        OTHER = "other"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    # Set when a moderator has dealt with the flag, so the queue shows only open ones.
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="flag_once_per_member"),
            models.CheckConstraint(
                condition=models.Q(reason__in=["spam", "abuse", "off-topic", "other"]), name="flag_reason_valid"
            ),
        ]

    def __str__(self):
        return f"{self.reason} on #{self.comment_id} by {self.user}"


class ModerationAction(models.Model):
    """The append-only moderation log. actor is null for automatic acts."""

    class Action(models.TextChoices):
        HOLD = "hold"
        APPROVE = "approve"
        HIDE = "hide"
        REMOVE = "remove"
        RESTORE = "restore"
        FLAG = "flag"
        AUTO_HIDE = "auto-hide", "Auto-hide"
        MUTE = "mute"
        UNMUTE = "unmute"
        ROLE = "role"

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="moderation_actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["group", "created"], name="modlog_group_recent")]

    def __str__(self):
        who = self.actor or "system"
        return f"{who} {self.action} {self.comment or self.member or ''}".strip()
