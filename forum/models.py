"""Reading groups, their members, and the threaded discussion on passages."""

import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from sources.models import Passage, Prompt, Source

from . import conf, hooks, mentions
from .sanitize import render_comment


def new_invite_code():
    return secrets.token_urlsafe(12)


class ProfileManager(models.Manager):
    def get_by_natural_key(self, username):
        return self.get(user__username=username)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=60, blank=True)

    objects = ProfileManager()

    def __str__(self):
        return self.display_name or self.user.get_username()

    def natural_key(self):
        return (self.user.get_username(),)

    natural_key.dependencies = ["auth.user"]


def display_name(user):
    """The name shown for a user: their display name, else their username; never a query
    when the profile was loaded with select_related("...profile")."""
    try:
        return user.profile.display_name or user.get_username()
    except Profile.DoesNotExist:
        return user.get_username()


def create_profile(sender, instance, created, raw=False, **kwargs):
    # raw saves come from fixtures, which carry their own profiles.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


post_save.connect(create_profile, sender=settings.AUTH_USER_MODEL, dispatch_uid="forum_create_profile")


class ReadingGroupQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def readable_by(self, user):
        """Groups whose pages `user` may open: public ones, and private ones they belong to."""
        if not user.is_authenticated:
            return self.filter(is_private=False)
        return self.filter(models.Q(is_private=False) | models.Q(memberships__user=user)).distinct()

    def moderated_by(self, user):
        """The groups `user` moderates (their role there is moderator). Superusers are not special
        here: the desk lets them see everything on its own, and on the site they moderate where
        they are a moderator, like anyone else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(pk__in=Membership.objects.filter(user=user).moderators().values("group_id"))


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

    objects = ReadingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:group", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def rotate_invite_code(self):
        self.invite_code = new_invite_code()
        self.save(update_fields=["invite_code"])

    def get_invite_path(self):
        return reverse("forum:join", args=[self.invite_code])

    def join(self, user):
        """Make `user` a member (a no-op if they are one); returns (membership, created)."""
        return Membership.objects.get_or_create(user=user, group=self)

    def shows_source_to(self, user, source):
        """Whether `user` may read `source` in this group: a public reading if they can open the
        group at all; a restricted one only as a member (moderators are members) or a superuser."""
        if source.is_public or user.is_superuser:
            return True
        return user.is_authenticated and self.memberships.filter(user=user).exists()


class GroupReadingQuerySet(models.QuerySet):
    def get_by_natural_key(self, group_slug, source_slug):
        return self.get(group__slug=group_slug, source__slug=source_slug)

    def open_to(self, user):
        """The readings `user` may open: restricted ones only in groups they belong to (or as a
        superuser). A public group's visitor sees its public readings and nothing of the rest.
        No extra query: membership is an EXISTS in the same statement."""
        if user.is_superuser:
            return self
        public = models.Q(source__visibility=Source.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        member = Membership.objects.filter(user=user, group=models.OuterRef("group"))
        return self.filter(public | models.Exists(member))

    def for_home(self, user):
        """The home page: every reading of every group `user` belongs to, in order, each with
        `new_count` = comments by others visible to them since they last opened it. One query."""
        visits = ReadingVisit.objects.filter(
            user=user, group=models.OuterRef("group"), source=models.OuterRef("source")
        ).values("seen_at")[:1]
        new = (
            Comment.objects.filter(group=models.OuterRef("group"), source=models.OuterRef("source"), is_deleted=False)
            .filter(Comment.visibility_q(user, models.OuterRef("group")))
            .exclude(author=user)
            # The visit is looked up once per reading (an annotation of the outer query), not per comment.
            .filter(created__gt=models.OuterRef("last_seen"))
            .order_by()
            .values("group")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.filter(group__memberships__user=user)
            .select_related("group", "source")
            .annotate(last_seen=Coalesce(models.Subquery(visits), models.Value(EPOCH, models.DateTimeField())))
            .annotate(new_count=Coalesce(models.Subquery(new, output_field=models.IntegerField()), 0))
            .order_by("group__name", "group_id", "position", "id")
        )


class GroupReading(models.Model):
    """One source on a group's reading list."""

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="readings")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="group_readings")
    position = models.PositiveIntegerField(default=0)
    due = models.DateField(null=True, blank=True)

    objects = GroupReadingQuerySet.as_manager()

    class Meta:
        ordering = ["group", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "source"], name="reading_unique_per_group")]

    def __str__(self):
        return f"{self.group}: {self.source}"

    def get_absolute_url(self):
        return reverse("forum:reading", args=[self.group.slug, self.source.slug])

    def natural_key(self):
        return (self.group.slug, self.source.slug)

    natural_key.dependencies = ["forum.readinggroup", "sources.source"]


class MembershipQuerySet(models.QuerySet):
    """Every question about who belongs to a group, and in which role, is asked here."""

    def get_by_natural_key(self, username, group_slug):
        return self.get(user__username=username, group__slug=group_slug)

    def of(self, user, group):
        """`user`'s membership of `group` (a group or its id), or None; None for anonymous visitors."""
        if not getattr(user, "is_authenticated", False):
            return None
        group_id = getattr(group, "pk", group)
        return self.filter(user=user, group_id=group_id).first()

    def moderators(self):
        return self.filter(role=Membership.Role.MODERATOR)

    def moderating(self, user, group):
        """The membership that makes `user` a moderator of `group` (a group, an id or an OuterRef):
        `.exists()` for a yes or no, `Exists()` inside another query."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.moderators().filter(user=user, group=group)

    def muted(self, now=None):
        return self.filter(Membership.muted_q(now))


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

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["student", "moderator"]), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"

    def natural_key(self):
        return (self.user.get_username(), self.group.slug)

    natural_key.dependencies = ["auth.user", "forum.readinggroup"]

    @property
    def is_moderator(self):
        return self.role == self.Role.MODERATOR

    @staticmethod
    def muted_q(now=None):
        """The memberships muted at `now`, as a filter: muted_now() for querysets."""
        return models.Q(is_muted=True) & (
            models.Q(muted_until__isnull=True) | models.Q(muted_until__gt=now or timezone.now())
        )

    def muted_now(self, now=None):
        if not self.is_muted:
            return False
        return self.muted_until is None or self.muted_until > (now or timezone.now())

    def mute_message(self, now=None):
        """Why this member may not post, edit, delete or flag right now; "" when they may.
        Shared by the comment forms and the moderation rules."""
        if not self.muted_now(now):
            return ""
        if self.muted_until is None:
            message = f"A moderator has muted you in {self.group.name}: you can read but not post or flag."
        else:
            until = date_format(timezone.localtime(self.muted_until), "j M Y, H:i")
            message = (
                f"A moderator has muted you in {self.group.name} until {until}: you can read but not post or flag."
            )
        if self.mute_reason:
            message += f" Reason: {self.mute_reason}"
        return message


class ReadingVisitQuerySet(models.QuerySet):
    def record(self, user, group, source, now=None):
        """Note that `user` opened this reading now: one upsert query."""
        self.bulk_create(
            [ReadingVisit(user=user, group=group, source=source, seen_at=now or timezone.now())],
            update_conflicts=True,
            unique_fields=["user", "group", "source"],
            update_fields=["seen_at"],
        )


class ReadingVisit(models.Model):
    """When a member last opened a reading in a group: drives "N new" on the home page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    objects = ReadingVisitQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group", "source"], name="visit_unique")]

    def __str__(self):
        return f"{self.user} saw {self.source} in {self.group}"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Comments imported without a known date (seed 002's readers, fixtures/demo/readers.json) are given
# creation times in the first seconds of 1970, which keep their order; pages say "date unknown".
DATE_UNKNOWN_BEFORE = datetime(1970, 1, 2, tzinfo=UTC)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, group):
        """The comments of `group` that `user` may see on the site (deleted ones excluded)."""
        return self.filter(group=group, is_deleted=False).filter(Comment.visibility_q(user, group))

    def visible_counts(self, user, group, source):
        """{passage id (None: the whole source): comments `user` can see}, in one query."""
        rows = (
            self.filter(group=group, source=source, is_deleted=False)
            .filter(Comment.visibility_q(user, group))
            .values("passage_id")
            .annotate(count=models.Count("id"))
            .order_by()
        )
        return {row["passage_id"]: row["count"] for row in rows}

    def for_reading_page(self, user, group, source, passage_ids=None):
        """Every comment of `group` on `source` (or only on the whole source and `passage_ids`),
        oldest first, in one query, each annotated with `is_visible` for `user`. The invisible
        ones are fetched only so a visible reply under a deleted or removed comment keeps its
        place in the thread (forum/threads.py)."""
        comments = self.filter(group=group, source=source)
        if passage_ids is not None:
            comments = comments.filter(models.Q(passage__isnull=True) | models.Q(passage_id__in=passage_ids))
        return (
            comments.annotate(
                is_visible=models.Case(
                    models.When(models.Q(is_deleted=False) & Comment.visibility_q(user, group), then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
            .select_related("author__profile", "in_reply_to__author__profile", "prompt")
            # Only the answered comment's author is shown: its text would double the rows' width.
            .defer("in_reply_to__body", "in_reply_to__body_html")
            .order_by("created", "id")
        )

    def get_by_natural_key(self, group_slug, username, created):
        return self.get(group__slug=group_slug, author__username=username, created=created)


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
        Passage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        help_text="Empty for a comment on the whole source.",
    )
    prompt = models.ForeignKey(Prompt, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers")
    # parent is where the reply sits in the tree (capped at the depth limit);
    # in_reply_to is the comment it answers, which may be deeper than the cap.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    in_reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The thread's first comment (null for that comment itself): a page of threads loads with
    # one filter on it, and a rule about a thread (a reading question it answers) reaches replies.
    root = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    is_deleted = models.BooleanField(default=False)

    objects = CommentQuerySet.as_manager()

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
            # One place's threads (a passage, or the whole source when passage is null) and the margin counts.
            models.Index(fields=["group", "source", "passage", "created"], name="comment_place_threads"),
            models.Index(fields=["status", "created"], name="comment_moderation_queue"),
            models.Index(fields=["author", "group", "created"], name="comment_author_recent"),
        ]

    def __str__(self):
        return f"#{self.pk} by {self.author}"

    def save(self, *args, **kwargs):
        # Render only when the text changed: a status change or soft delete need not re-run Markdown.
        if getattr(self, "_rendered_body", None) != self.body:
            self.set_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:comment", args=[self.group.slug, self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        if "body" in field_names and "body_html" in field_names:
            comment._rendered_body = comment.body
        return comment

    def set_body(self, body, html=None):
        """Set the text and its HTML (`html`: already rendered by the caller, e.g. forum.posting)."""
        self.body = body
        html = render_comment(body) if html is None else html
        # Members' @names are highlighted (forum/mentions.py): one query, only when the text names someone.
        self.body_html = mentions.mark_mentions(html, mentions.members_named(self.group_id, body))
        self._rendered_body = body

    @property
    def anchor(self):
        return f"c-{self.pk}"

    def natural_key(self):
        return (self.group.slug, self.author.get_username(), self.created)

    natural_key.dependencies = ["forum.readinggroup", "auth.user", "sources.source"]

    @staticmethod
    def visibility_q(user, group):
        """Who sees what: approved comments for everyone who can read the group; pending and
        hidden ones also for their author and for the group's moderators; removed for nobody;
        and for members, only what the registered visibility rules allow (forum/hooks.py).
        `group` may be an OuterRef. Deletion is handled by the callers."""
        visible = models.Q(status=Comment.Status.APPROVED)
        extra = hooks.rules_q(hooks.visibility_rules, user, group)
        if user.is_authenticated:
            moderates = models.Exists(Membership.objects.moderating(user, group))
            visible |= models.Q(status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN]) & (
                models.Q(author=user) | moderates
            )
            if extra:
                # Other apps' rules (forum/hooks.py) never hide a comment from its author or a moderator.
                visible &= models.Q(author=user) | moderates | extra
        elif extra:
            visible &= extra
        return visible

    @property
    def author_name(self):
        return display_name(self.author)

    @property
    def date_unknown(self):
        return self.created < DATE_UNKNOWN_BEFORE

    def place_reply(self, target):
        """Attach this new comment under `target`: as its child, or beside it at the depth limit,
        still addressed to it (in_reply_to)."""
        self.group_id, self.source_id, self.passage_id = target.group_id, target.source_id, target.passage_id
        self.in_reply_to = target
        self.root_id = target.root_id or target.pk
        if target.depth + 1 < conf.get("MAX_DEPTH"):
            self.parent, self.depth = target, target.depth + 1
        else:
            self.parent_id, self.depth = target.parent_id, target.depth

    def soft_delete(self):
        """Deleted comments stay in the table: the thread shows "[deleted]" in their place while
        they have visible replies, and nothing once they have none."""
        self.is_deleted = True
        self.save(update_fields=["is_deleted"])


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
