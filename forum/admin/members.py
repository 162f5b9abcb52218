"""The desk's members: roles and mutes, each changed only through an act that logs it."""

from django.contrib import admin
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .. import acts
from ..models import Membership, display_name
from .desk import Act, DeskAdmin, MuteForm


def _mute(membership, user, form):
    acts.mute(membership, user, until=form.until(), reason=form.cleaned_data["reason"])


MEMBERSHIP_ACTS = (
    Act(
        "mute",
        "Mute",
        _mute,
        MuteForm,
        applies=lambda m: not m.muted_now() and not m.is_moderator,
        done="member(s) muted",
    ),
    Act(
        "unmute",
        "Unmute",
        lambda m, user, form: acts.unmute(m, user, form.cleaned_data["reason"]),
        applies=lambda m: m.muted_now(),
        done="member(s) unmuted",
    ),
    Act(
        "make_moderator",
        "Make moderator",
        lambda m, user, form: acts.set_role(m, user, Membership.Role.MODERATOR, form.cleaned_data["reason"]),
        applies=lambda m: not m.is_moderator,
        done="member(s) now moderate their group",
    ),
    Act(
        "make_student",
        "Make student",
        lambda m, user, form: acts.set_role(m, user, Membership.Role.STUDENT, form.cleaned_data["reason"]),
        applies=lambda m: m.is_moderator,
        done="member(s) now students",
    ),
)


class MutedFilter(admin.SimpleListFilter):
    title = "muted"
    parameter_name = "muted"

    def lookups(self, request, model_admin):
        return [("yes", "Muted now"), ("no", "Not muted")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.muted()
        if self.value() == "no":
            return queryset.exclude(Membership.muted_q())
        return queryset


@admin.register(Membership)
class MembershipAdmin(DeskAdmin):
    read_only_page = True
    acts = MEMBERSHIP_ACTS
    list_display = ["member", "group", "role", "muted", "joined_at", "comments"]
    list_filter = [("group", admin.RelatedOnlyFieldListFilter), "role", MutedFilter]
    search_fields = ["user__username", "user__profile__display_name", "user__email"]
    list_select_related = ["user__profile", "group"]
    readonly_fields = ["user", "group", "role", "muted", "mute_reason", "joined_at", "comments"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "group"]  # the role and mutes change only through the acts, which log them
        return ["user", "group", "role", "muted", "mute_reason", "joined_at", "comments"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(comment_count=Count("user__comments", filter=Q(user__comments__group=F("group"))))
        )

    @admin.display(description="member", ordering="user__username")
    def member(self, membership):
        return format_html("{} <small>({})</small>", display_name(membership.user), membership.user.get_username())

    @admin.display(description="muted")
    def muted(self, membership):
        if not membership.muted_now():
            return "—"
        if membership.muted_until is None:
            return "until unmuted"
        return "until " + date_format(timezone.localtime(membership.muted_until), "j M Y, H:i")

    @admin.display(description="comments in the group", ordering="comment_count")
    def comments(self, membership):
        url = (
            reverse("admin:forum_comment_changelist")
            + f"?author__id__exact={membership.user_id}&group__id__exact={membership.group_id}&status=all"
        )
        return format_html('<a href="{}">{}</a>', url, membership.comment_count)
