"""The desk's reading groups: settings, rules, the reading list and the invite link."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from sources.models import Source

from ..models import Comment, GroupReading, Membership, ReadingGroup
from .desk import Act, ConfirmForm, DeskAdmin


class GroupReadingInline(admin.TabularInline):
    model = GroupReading
    fields = ["source", "position", "due"]
    extra = 1
    ordering = ["position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source" and not request.user.is_superuser:
            kwargs["queryset"] = choosable_sources(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def choosable_sources(user):
    """The readings a moderator may put on a group's list: the public ones, and restricted ones already
    on the lists of groups they moderate or added by them. Another group's restricted reading is not
    offered: its title alone would say too much."""
    theirs = GroupReading.objects.filter(group__in=ReadingGroup.objects.moderated_by(user)).values("source_id")
    return Source.objects.filter(Q(visibility=Source.Visibility.PUBLIC) | Q(pk__in=theirs) | Q(added_by=user))


def _rotate(group, user, form):
    group.rotate_invite_code()


GROUP_ACTS = (Act("rotate_invite_code", "Rotate the invite code", _rotate, ConfirmForm, done="new invite link(s)"),)


def _count(rows):
    """How many of `rows` belong to the outer query's group, as a subquery."""
    counted = rows.filter(group=OuterRef("pk")).order_by().values("group").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(ReadingGroup)
class ReadingGroupAdmin(DeskAdmin):
    group_lookup = "pk"
    acts = GROUP_ACTS
    list_display = ["name", "slug", "is_private", "member_count", "pending_count", "invite_link"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupReadingInline]
    readonly_fields = ["invite_link"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "is_private", "invite_link"]}),
        (
            "Rules",
            {
                "description": "What holds a new comment for review or refuses it.",
                "fields": [
                    "premoderate_first_comment",
                    "max_links",
                    "blocked_words",
                    "flood_interval_seconds",
                    "hourly_cap",
                    "flag_threshold",
                ],
            },
        ),
    ]

    def group_id_of(self, group):
        return group.pk

    def get_queryset(self, request):
        # Counted in subqueries: joining memberships and comments would make members × comments rows per group.
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=_count(Membership.objects.all()),
                pending_count=_count(Comment.objects.filter(status=Comment.Status.PENDING)),
            )
        )

    @admin.display(description="members", ordering="member_count")
    def member_count(self, group):
        return group.member_count

    @admin.display(description="held", ordering="pending_count")
    def pending_count(self, group):
        if not group.pending_count:
            return "—"
        url = reverse("admin:forum_comment_changelist") + f"?group__id__exact={group.pk}&status=pending"
        return format_html('<a href="{}">{}</a>', url, group.pending_count)

    @admin.display(description="invite link")
    def invite_link(self, group):
        if group.pk is None:
            return "—"
        try:
            return group.get_invite_path()
        except NoReverseMatch:
            return group.invite_code
