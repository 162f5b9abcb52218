"""The desk's comments: the moderation queue and a comment's page."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from ..acts import COMMENT_ACTS
from ..models import Comment, Flag, ModerationAction
from ..sanitize import safe_preview
from .desk import DeskAdmin, ReadOnlyMixin, comment_act

RECENT_COMMENTS = 10
DESK_COMMENT_ACTS = tuple(comment_act(act) for act in COMMENT_ACTS)


class QueueFilter(admin.SimpleListFilter):
    """Status, defaulting to what needs a moderator: held comments and comments with open flags."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(None, "Needs attention"), *Comment.Status.choices, ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.filter(Q(status=Comment.Status.PENDING) | Q(open_flag_count__gt=0))
        if value in Comment.Status.values:
            return queryset.filter(status=value)
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("open", "Open flags"), ("any", "Ever flagged"), ("no", "Never flagged")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_flag_count__gt=0)
        if self.value() == "any":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_count=0)
        return queryset


class FlagInline(ReadOnlyMixin, admin.TabularInline):
    model = Flag
    fields = ["user", "reason", "note", "created", "resolved"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Comment)
class CommentAdmin(DeskAdmin):
    read_only_page = True
    acts = DESK_COMMENT_ACTS
    # Six narrow columns, so the queue fits 1280 px beside the admin's sidebar and filters (desk.css):
    # the group rides under the passage rather than taking a column of its own.
    list_display = ["preview", "where", "author_link", "status_badge", "flags_summary", "on_site"]
    list_display_links = None
    list_filter = [
        QueueFilter,
        FlaggedFilter,
        ("group", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["body", "author__username", "author__profile__display_name", "author__email"]
    list_select_related = ["author__profile", "group", "source", "passage"]
    ordering = ["created", "id"]
    list_per_page = 50
    show_full_result_count = False  # the "of N total" count is one more scan of a big table
    inlines = [FlagInline]
    fieldsets = [
        (None, {"fields": ["preview", "on_site", "status_badge", "flags_summary"]}),
        ("Where", {"fields": ["group", "source", "passage_excerpt", "in_reply_to"]}),
        ("Who and when", {"fields": ["author_link", "created", "edited", "is_deleted"]}),
        ("As typed", {"fields": ["body"], "classes": ["collapse"]}),
        ("The author's recent comments", {"fields": ["author_recent"]}),
        ("Moderation history", {"fields": ["history"]}),
    ]
    readonly_fields = [
        "preview",
        "on_site",
        "status_badge",
        "flags_summary",
        "group",
        "source",
        "passage_excerpt",
        "in_reply_to",
        "author_link",
        "created",
        "edited",
        "is_deleted",
        "body",
        "author_recent",
        "history",
    ]

    def get_queryset(self, request):
        open_flags = Q(flags__resolved=False)
        counts = {
            f"open_{value.replace('-', '_')}_flags": Count("flags", filter=open_flags & Q(flags__reason=value))
            for value in Flag.Reason.values
        }
        # Why the rules stepped in last ("held: 3 links"), shown under the status in the queue.
        rule_reason = (
            ModerationAction.objects.filter(comment=OuterRef("pk"), actor__isnull=True)
            .order_by("-created", "-id")
            .values("reason")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .annotate(
                flag_count=Count("flags"),
                open_flag_count=Count("flags", filter=open_flags),
                rule_reason=Subquery(rule_reason),
                **counts,
            )
        )

    def changelist_view(self, request, extra_context=None):
        """Titled as what moderators work through, not Django's "Select comment to change"."""
        return super().changelist_view(request, {"title": "Comment queue", **(extra_context or {})})

    def has_add_permission(self, request):
        return False  # comments come from the site

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description="comment")
    def preview(self, comment):
        note = format_html('<p class="desk-deleted">{}</p>', "deleted by its author") if comment.is_deleted else ""
        return format_html('<div class="desk-preview">{}{}</div>', note, safe_preview(comment.body_html))

    @admin.display(description="passage")
    def passage_excerpt(self, comment):
        if comment.passage_id is None:
            return format_html("<em>whole reading:</em> {}", Truncator(comment.source.title).chars(60))
        return Truncator(comment.passage.text).chars(90)

    @admin.display(description="where")
    def where(self, comment):
        if comment.passage_id is None:
            place = format_html("<em>whole reading:</em> {}", Truncator(comment.source.title).chars(40))
        else:
            place = Truncator(comment.passage.text).chars(60)
        return format_html('{}<div class="desk-group">{}</div>', place, comment.group.name)

    @admin.display(description="author", ordering="author__username")
    def author_link(self, comment):
        url = reverse("admin:forum_comment_changelist") + f"?author__id__exact={comment.author_id}&status=all"
        return format_html('<a href="{}" title="All their comments">{}</a>', url, comment.author_name)

    @admin.display(description="status", ordering="status")
    def status_badge(self, comment):
        badge = format_html(
            '<span class="desk-status desk-status-{}">{}</span>', comment.status, comment.get_status_display()
        )
        if comment.is_deleted:  # deleted by its author, whatever its status: say so where the eye scans
            badge = format_html('{} <span class="desk-status desk-status-deleted">deleted</span>', badge)
        if comment.status != Comment.Status.APPROVED and comment.rule_reason:
            return format_html('{}<div class="desk-why">{}</div>', badge, comment.rule_reason)
        return badge

    @admin.display(description="flags", ordering="open_flag_count")
    def flags_summary(self, comment):
        if not comment.open_flag_count:
            return "—"
        reasons = [
            (label, count)
            for value, label in Flag.Reason.choices
            if (count := getattr(comment, f"open_{value.replace('-', '_')}_flags"))
        ]
        detail = ", ".join(f"{label.lower()} ×{count}" if count > 1 else label.lower() for label, count in reasons)
        return format_html("<strong>{}</strong>: {}", comment.open_flag_count, detail)

    @admin.display(description="site")
    def on_site(self, comment):
        if comment.is_deleted or comment.status == Comment.Status.REMOVED:
            return "— (not on the site)"
        try:
            url = comment.get_absolute_url()
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">in context&nbsp;↗</a>', url)

    @admin.display(description="recent comments by the same author")
    def author_recent(self, comment):
        others = (
            Comment.objects.filter(author_id=comment.author_id, group_id=comment.group_id)
            .exclude(pk=comment.pk)
            .select_related("source")
            .order_by("-created")[:RECENT_COMMENTS]
        )
        rows = format_html_join(
            "",
            '<li><a href="{}">#{}</a> {} · <span class="desk-status desk-status-{}">{}</span> · {}</li>',
            (
                (
                    reverse("admin:forum_comment_change", args=[other.pk]),
                    other.pk,
                    date_format(timezone.localtime(other.created), "j M Y, H:i"),
                    other.status,
                    other.get_status_display(),
                    Truncator(other.body).chars(100),
                )
                for other in others
            ),
        )
        return format_html('<ul class="desk-list">{}</ul>', rows) if rows else "None in this group."

    @admin.display(description="history")
    def history(self, comment):
        entries = comment.actions.select_related("actor").order_by("created", "id")
        rows = format_html_join(
            "",
            "<li>{} · <strong>{}</strong> by {}{}</li>",
            (
                (
                    date_format(timezone.localtime(entry.created), "j M Y, H:i"),
                    entry.get_action_display(),
                    entry.actor or "the rules (automatic)",
                    f" — {entry.reason}" if entry.reason else "",
                )
                for entry in entries
            ),
        )
        return format_html('<ul class="desk-list">{}</ul>', rows) if rows else "No moderation yet."
