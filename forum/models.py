"""Reading groups, their members, and the threaded discussion on passages."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sources.models import Passage, Prompt, Source


def new_invite_code():
    return secrets.token_urlsafe(12)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=60, blank=True)

    def __str__(self):
        return self.display_name or self.user.get_username()


class ReadingGroup(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    is_private = models.BooleanField(default=True, help_text="Only members read or write its discussion.")
    invite_code = models.CharField(max_length=40, unique=True, default=new_invite_code)
    created = models.DateTimeField(auto_now_add=True)
    sources = models.ManyToManyField(Source, through="GroupReading", related_name="groups")

    # Moderation rules (see forum/moderation.py).
    premoderate_first_comment = models.BooleanField(
        default=False, help_text="Hold a member's first comment in this group for review."
    )
    max_links = models.PositiveIntegerField(default=2, help_text="Hold comments with more links than this.")
    blocked_words = models.TextField(
        blank=True, help_text="One word or phrase per line; matching comments are held (whole word, any case)."
    )
    flood_interval_seconds = models.PositiveIntegerField(
        default=15, help_text="Minimum seconds between one member's comments."
    )
    hourly_cap = models.PositiveIntegerField(default=30, help_text="Most comments one member may post in an hour.")
    flag_threshold = models.PositiveIntegerField(
        default=3, help_text="Distinct flags that hide a comment pending review."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:group", args=[self.slug])

    def rotate_invite_code(self):
        self.invite_code = new_invite_code()
        self.save(update_fields=["invite_code"])


class GroupReading(models.Model):
    """One source on a group's reading list."""

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="readings")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="group_readings")
    position = models.PositiveIntegerField(default=0)
    due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "source"], name="reading_unique_per_group")]

    def __str__(self):
        return f"{self.group}: {self.source}"


class Membership(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student"
        MODERATOR = "moderator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STUDENT)
    joined_at = models.DateTimeField(default=timezone.now)
    # Muted members read but neither post nor flag. muted_until null + is_muted = indefinitely.
    is_muted = models.BooleanField(default=False)
    muted_until = models.DateTimeField(null=True, blank=True)
    mute_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["group", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["student", "moderator"]), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"


class ReadingVisit(models.Model):
    """When a member last opened a reading in a group: drives "N new" on the home page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group", "source"], name="visit_unique")]


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        HIDDEN = "hidden"
        REMOVED = "removed"

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="comments")
    # Denormalised from passage so a whole reading's discussion loads with one indexed filter.
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="comments")
    passage = models.ForeignKey(
        Passage, on_delete=models.PROTECT, null=True, blank=True, related_name="comments",
        help_text="Empty for a comment on the whole source.",
    )
    prompt = models.ForeignKey(Prompt, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers")
    # parent is where the reply sits in the tree (capped at the depth limit);
    # in_reply_to is the comment it answers, which may be deeper than the cap.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    is_deleted = models.BooleanField(default=False)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "hidden", "removed"]),
                name="comment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "source", "created"], name="comment_reading_page"),
            models.Index(fields=["status", "created"], name="comment_moderation_queue"),
            models.Index(fields=["author", "group", "created"], name="comment_author_recent"),
        ]

    def __str__(self):
        return f"#{self.pk} by {self.author}"

    @property
    def anchor(self):
        return f"c-{self.pk}"


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
