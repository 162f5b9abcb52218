"""The threaded discussion on passages: comments, who sees which, and where a reply goes."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sources.models import Passage, Prompt, Source

from .. import conf, hooks, mentions
from ..sanitize import render_comment
from .groups import Membership, ReadingGroup
from .people import display_name

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
