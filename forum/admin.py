"""The moderation desk: the Django admin for groups, members, comments, flags and the log.

A group's moderator (staff, in the "Moderators" permission group, moderator of the group)
sees and acts only on their own groups; a superuser sees everything. Every status change,
mute and role change goes through forum.actions, from a bulk action or from the object's
page, and always by way of a confirmation page that asks for the reason.
"""

from datetime import timedelta

import bleach
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from . import actions
from .models import Comment, Flag, GroupReading, Membership, ModerationAction, ReadingGroup, display_name
from .moderation import moderated_groups

# The admin re-cleans comment HTML before showing it: body_html is cleaned on save, but the
# desk is where hostile text is looked at on purpose, so it does not trust anything upstream.
PREVIEW_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"}
PREVIEW_ATTRIBUTES = {"a": ["href", "rel", "title"]}
PREVIEW_PROTOCOLS = {"http", "https", "mailto"}
RECENT_COMMENTS = 10


def safe_preview(html):
    cleaned = bleach.clean(
        html, tags=PREVIEW_TAGS, attributes=PREVIEW_ATTRIBUTES, protocols=PREVIEW_PROTOCOLS, strip=True
    )
    return mark_safe(cleaned)  # noqa: S308 - just cleaned against the allow-list above


# --- The reason forms shown on the confirmation page ------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional. Kept in the moderation log.",
    )


class SpamReasonForm(ReasonForm):
    reason = forms.CharField(
        required=False,
        max_length=300,
        initial="spam",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept in the moderation log.",
    )


class MuteForm(ReasonForm):
    DURATIONS = {
        "1h": timedelta(hours=1),
        "1d": timedelta(days=1),
        "7d": timedelta(days=7),
        "30d": timedelta(days=30),
        "forever": None,
    }
    duration = forms.ChoiceField(
        choices=[
            ("1h", "for an hour"),
            ("1d", "for a day"),
            ("7d", "for a week"),
            ("30d", "for 30 days"),
            ("forever", "until unmuted"),
        ],
        initial="1d",
    )
    field_order = ["duration", "reason"]

    def until(self):
        span = self.DURATIONS[self.cleaned_data["duration"]]
        return timezone.now() + span if span else None


class ConfirmForm(forms.Form):
    """No fields: the confirmation page only asks "are you sure"."""


# --- Scope and the desk's acts ------------------------------------------------------------------------


class Act:
    """One moderation act offered by an admin: as a bulk action and as a button on the object's page."""

    def __init__(self, name, label, perform, form_class=ReasonForm, applies=None, done="done"):
        self.name, self.label, self.perform, self.form_class, self.done = name, label, perform, form_class, done
        self.applies = applies or (lambda obj: True)

    def as_admin_action(self):
        def action(modeladmin, request, queryset):
            return modeladmin.perform_act(request, queryset, self)

        action.__name__ = self.name
        return admin.action(description=f"{self.label} selected %(verbose_name_plural)s…", permissions=["change"])(
            action
        )


class DeskAdmin(admin.ModelAdmin):
    """Limits an admin to the groups the user moderates and runs its acts through a confirmation page.

    `group_lookup` is the lookup from the model to its ReadingGroup ("group", "comment__group", or
    "pk" for the group itself); `group_id_of(obj)` answers the same question for one object.
    """

    group_lookup = "group"
    acts = ()
    # True where every field is read-only: the page then offers the acts and no Save button.
    read_only_page = False
    change_form_template = "admin/forum/desk_change_form.html"

    # Scope.

    def moderated_group_ids(self, request):
        if not hasattr(request, "_moderated_group_ids"):
            request._moderated_group_ids = set(moderated_groups(request.user).values_list("pk", flat=True))
        return request._moderated_group_ids

    def group_id_of(self, obj):
        return obj.group_id

    def in_scope(self, request, obj):
        if obj is None or request.user.is_superuser:
            return True
        return self.group_id_of(obj) in self.moderated_group_ids(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.group_lookup}__in": self.moderated_group_ids(request)})

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is ReadingGroup and not request.user.is_superuser:
            kwargs["queryset"] = ReadingGroup.objects.filter(pk__in=self.moderated_group_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Acts.

    def get_actions(self, request):
        actions_ = super().get_actions(request)
        actions_.pop("delete_selected", None)  # deleting would bypass the log; acts are the way
        return actions_

    def get_act(self, name):
        for act in self.acts:
            if act.name == name:
                return act
        return None

    def get_urls(self):
        return [
            path(
                "<path:object_id>/act/<slug:act>/",
                self.admin_site.admin_view(self.act_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_act",
            ),
            *super().get_urls(),
        ]

    def act_view(self, request, object_id, act):
        """One object, one act: GET asks for the reason, POST performs it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        act = self.get_act(act)
        if act is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        queryset = self.get_queryset(request).filter(pk=obj.pk)
        response = self.perform_act(request, queryset, act, single=True)
        if response is None:
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        return response

    def perform_act(self, request, queryset, act, single=False):
        """Show the confirmation page, or (on its POST) run the act on each object and report."""
        form = act.form_class(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for obj in queryset:
                try:
                    act.perform(obj, request.user, form)
                except actions.ActionRefused as refusal:
                    refused.append(str(refusal))
                else:
                    done += 1
            if done:
                self.message_user(request, f"{act.label}: {done} {act.done}.", messages.SUCCESS)
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        objects = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{act.label}: are you sure?",
            "act": act,
            "form": form,
            "objects": objects,
            "single": single,
            "opts": self.opts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/forum/act_confirmation.html", context)

    def get_object(self, request, object_id, from_field=None):
        # The change view asks twice (once here for the act buttons, once in Django's code).
        key = (self.opts.label, object_id, from_field)
        cache = request.__dict__.setdefault("_desk_objects", {})
        if key not in cache:
            cache[key] = super().get_object(request, object_id, from_field)
        return cache[key]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            url_name = f"admin:{self.opts.app_label}_{self.opts.model_name}_act"
            extra_context["desk_acts"] = [
                (act.label, reverse(url_name, args=[obj.pk, act.name])) for act in self.acts if act.applies(obj)
            ]
        if self.read_only_page:
            extra_context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)


def status_act(name, label, function, form_class=ReasonForm, applies=None):
    return Act(
        name,
        label,
        lambda comment, user, form: function(comment, user, form.cleaned_data["reason"]),
        form_class,
        applies,
        done="comment(s)",
    )


COMMENT_ACTS = (
    status_act(
        "approve", "Approve", actions.approve, applies=lambda c: c.status == Comment.Status.PENDING or c.open_flag_count
    ),
    status_act(
        "hide", "Hide", actions.hide, applies=lambda c: c.status in (Comment.Status.PENDING, Comment.Status.APPROVED)
    ),
    status_act(
        "remove", "Remove as spam", actions.remove, SpamReasonForm, applies=lambda c: c.status != Comment.Status.REMOVED
    ),
    status_act(
        "restore",
        "Restore",
        actions.restore,
        applies=lambda c: c.status in (Comment.Status.HIDDEN, Comment.Status.REMOVED),
    ),
)


# --- Comments: the queue -------------------------------------------------------------------------------


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


class FlagInline(admin.TabularInline):
    model = Flag
    fields = ["user", "reason", "note", "created", "resolved"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(DeskAdmin):
    read_only_page = True
    acts = COMMENT_ACTS
    actions = [act.as_admin_action() for act in COMMENT_ACTS]
    list_display = ["preview", "passage_excerpt", "author_link", "group", "status_badge", "flags_summary", "on_site"]
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

    def has_add_permission(self, request):
        return False  # comments come from the site

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description="comment")
    def preview(self, comment):
        note = format_html('<p class="desk-deleted">deleted by its author</p>') if comment.is_deleted else ""
        return format_html('<div class="desk-preview">{}{}</div>', note, safe_preview(comment.body_html))

    @admin.display(description="passage")
    def passage_excerpt(self, comment):
        if comment.passage_id is None:
            return format_html("<em>whole reading:</em> {}", Truncator(comment.source.title).chars(60))
        return Truncator(comment.passage.text).chars(90)

    @admin.display(description="author", ordering="author__username")
    def author_link(self, comment):
        url = reverse("admin:forum_comment_changelist") + f"?author__id__exact={comment.author_id}&status=all"
        return format_html('<a href="{}" title="All their comments">{}</a>', url, comment.author_name)

    @admin.display(description="status", ordering="status")
    def status_badge(self, comment):
        badge = format_html(
            '<span class="desk-status desk-status-{}">{}</span>', comment.status, comment.get_status_display()
        )
        if comment.status != Comment.Status.APPROVED and comment.rule_reason:
            return format_html('{}<div class="desk-why">{}</div>', badge, comment.rule_reason)
        return badge

    @admin.display(description="open flags", ordering="open_flag_count")
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

    @admin.display(description="on the site")
    def on_site(self, comment):
        try:
            url = comment.get_absolute_url()
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">in context ↗</a>', url)

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


# --- Members ------------------------------------------------------------------------------------------


def _mute(membership, user, form):
    actions.mute(membership, user, until=form.until(), reason=form.cleaned_data["reason"])


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
        lambda m, user, form: actions.unmute(m, user, form.cleaned_data["reason"]),
        applies=lambda m: m.muted_now(),
        done="member(s) unmuted",
    ),
    Act(
        "make_moderator",
        "Make moderator",
        lambda m, user, form: actions.set_role(m, user, Membership.Role.MODERATOR, form.cleaned_data["reason"]),
        applies=lambda m: not m.is_moderator,
        done="member(s) now moderate their group",
    ),
    Act(
        "make_student",
        "Make student",
        lambda m, user, form: actions.set_role(m, user, Membership.Role.STUDENT, form.cleaned_data["reason"]),
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
        muted = Membership.muted_q()
        if self.value() == "yes":
            return queryset.filter(muted)
        if self.value() == "no":
            return queryset.exclude(muted)
        return queryset


@admin.register(Membership)
class MembershipAdmin(DeskAdmin):
    read_only_page = True
    acts = MEMBERSHIP_ACTS
    actions = [act.as_admin_action() for act in MEMBERSHIP_ACTS]
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


# --- Groups -------------------------------------------------------------------------------------------


class GroupReadingInline(admin.TabularInline):
    model = GroupReading
    fields = ["source", "position", "due"]
    extra = 1
    ordering = ["position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


def _rotate(group, user, form):
    group.rotate_invite_code()


GROUP_ACTS = (Act("rotate_invite_code", "Rotate the invite code", _rotate, ConfirmForm, done="new invite link(s)"),)


@admin.register(ReadingGroup)
class ReadingGroupAdmin(DeskAdmin):
    group_lookup = "pk"
    acts = GROUP_ACTS
    actions = [act.as_admin_action() for act in GROUP_ACTS]
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
                "description": "What holds or refuses a new comment (see docs/moderation.md).",
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
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", distinct=True),
                pending_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING), distinct=True),
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


# --- Flags and the log: read-only ------------------------------------------------------------------------


@admin.register(Flag)
class FlagAdmin(DeskAdmin):
    group_lookup = "comment__group"
    change_form_template = None
    list_display = ["created", "comment_link", "user", "reason", "note", "resolved"]
    list_filter = ["resolved", "reason", ("comment__group", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["comment", "user"]
    search_fields = ["note", "user__username", "comment__body"]
    readonly_fields = ["comment", "user", "reason", "note", "created", "resolved"]

    def group_id_of(self, flag):
        return flag.comment.group_id

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="comment", ordering="comment")
    def comment_link(self, flag):
        return format_html(
            '<a href="{}">#{}</a> {}',
            reverse("admin:forum_comment_change", args=[flag.comment_id]),
            flag.comment_id,
            Truncator(flag.comment.body).chars(80),
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(DeskAdmin):
    change_form_template = None
    list_display = ["created", "actor_name", "action", "comment_link", "member", "reason", "group"]
    list_filter = ["action", ("group", admin.RelatedOnlyFieldListFilter), ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor", "member", "group", "comment"]
    search_fields = ["reason", "member__username", "actor__username"]
    fields = ["created", "group", "actor_name", "action", "comment_link", "member", "reason"]
    readonly_fields = fields

    # The log is append-only: forum.actions writes it, nobody edits or deletes it, superusers included.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="by", ordering="actor__username")
    def actor_name(self, entry):
        return entry.actor or mark_safe("<em>automatic</em>")

    @admin.display(description="comment")
    def comment_link(self, entry):
        if entry.comment_id is None:
            return "—"
        return format_html(
            '<a href="{}">#{}</a>', reverse("admin:forum_comment_change", args=[entry.comment_id]), entry.comment_id
        )
