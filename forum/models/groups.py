"""Reading groups, their reading lists, their members and roles, and members' visits."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from sources.models import Source


def new_invite_code():
    return secrets.token_urlsafe(12)


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
        from .comments import EPOCH, Comment  # comments.py imports this module

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
