"""The threaded discussion on passages: comments, who sees which, and where a reply goes."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, NullIf
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


@dataclass(frozen=True, slots=True)
class Viewer:
    """Someone reading a group's discussion, with what the page already knows: whether they
    moderate the group (from their membership; None: ask in SQL) and the GroupReading shown.
    Comment.visibility_q uses both to write a shorter statement (see there)."""

    user: object
    group: object
    moderator: bool | None = None
    reading: object = None

    @classmethod
    def on_page(cls, user, group, membership, reading=None):
        return cls(user, group, membership is not None and membership.is_moderator, reading)

    def visible_q(self):
        return Comment.visibility_q(self.user, self.group, moderator=self.moderator, reading=self.reading)


def shown_name(user_path):
    """SQL for the name the site shows for the user at `user_path` (people.display_name)."""
    return Coalesce(NullIf(f"{user_path}__profile__display_name", models.Value("")), f"{user_path}__username")


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, group):
        """The comments of `group` that `user` may see on the site (deleted ones excluded)."""
        return self.seen_by(Viewer(user, group))

    def seen_by(self, viewer):
        """visible_to() for a Viewer, whose page knows more about them (a shorter statement)."""
        return self.filter(group=viewer.group, is_deleted=False).filter(viewer.visible_q())

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

    def for_reading_page(self, viewer, source):
        """Every comment of the viewer's group on `source`, oldest first, in one query, as
        shown_to() gives them."""
        return self.filter(group=viewer.group, source=source).shown_to(viewer)

    def shown_to(self, viewer):
        """These comments oldest first, each annotated with `is_visible` for the viewer, the names
        its line shows (`author_shown`, `reply_to_shown`) and `prompt_text`: one object a row,
        half the cost of following three relations. The invisible ones are fetched only so a
        visible reply under a deleted or removed comment keeps its place in the thread
        (forum/threads.py)."""
        return self.annotate(
            is_visible=models.Case(
                models.When(models.Q(is_deleted=False) & viewer.visible_q(), then=True),
                default=False,
                output_field=models.BooleanField(),
            ),
            author_shown=shown_name("author"),
            reply_to_shown=shown_name("in_reply_to__author"),
            prompt_text=models.F("prompt__text"),
        ).order_by("created", "id")

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
            # The margin's counts read only the index: a reading's thousands of rows stay on disk.
            models.Index(
                fields=["group", "source", "passage", "is_deleted", "status", "author"], name="comment_margin_counts"
            ),
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
    def visibility_q(user, group, *, moderator=None, reading=None):
        """Who sees what: approved comments for everyone who can read the group; pending and
        hidden ones also for their author and for the group's moderators; removed for nobody;
        and for members, only what the registered visibility rules allow (forum/hooks.py).
        `group` may be an OuterRef. Deletion is handled by the callers.

        A page that already knows whether `user` moderates the group (`moderator`), and which
        GroupReading it shows (`reading`, with the annotations of hooks.reading_annotations), says
        so: the question is then answered here instead of in SQL, and the rules may drop what the
        reading makes moot. The statement gets shorter, and building it is most of a page's cost."""
        visible = models.Q(status=Comment.Status.APPROVED)
        if moderator:
            return models.Q(status__in=[Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.HIDDEN])
        extra = hooks.rules_q(hooks.visibility_rules, user, group, reading)
        if user.is_authenticated:
            own = models.Q(author=user)
            if moderator is None:
                own |= models.Exists(Membership.objects.moderating(user, group))
            visible |= models.Q(status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN]) & own
            if extra:
                # Other apps' rules (forum/hooks.py) never hide a comment from its author or a moderator.
                visible &= own | extra
        elif extra:
            visible &= extra
        return visible

    @property
    def author_name(self):
        # The reading page fetches the name with the comment (CommentQuerySet.for_reading_page).
        return self.__dict__.get("author_shown") or display_name(self.author)

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
