"""The desk's records: flags and the moderation log, read-only for everyone."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..models import Flag, ModerationAction
from .desk import DeskAdmin, ReadOnlyMixin


@admin.register(Flag)
class FlagAdmin(ReadOnlyMixin, DeskAdmin):
    group_lookup = "comment__group"
    change_form_template = None
    list_display = ["created", "comment_link", "user", "reason", "note", "resolved"]
    list_filter = ["resolved", "reason", ("comment__group", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["comment", "user"]
    search_fields = ["note", "user__username", "comment__body"]
    readonly_fields = ["comment", "user", "reason", "note", "created", "resolved"]

    def group_id_of(self, flag):
        return flag.comment.group_id

    @admin.display(description="comment", ordering="comment")
    def comment_link(self, flag):
        return format_html(
            '<a href="{}">#{}</a> {}',
            reverse("admin:forum_comment_change", args=[flag.comment_id]),
            flag.comment_id,
            Truncator(flag.comment.body).chars(80),
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyMixin, DeskAdmin):
    change_form_template = None
    list_display = ["created", "actor_name", "action", "comment_link", "member", "reason", "group"]
    list_filter = ["action", ("group", admin.RelatedOnlyFieldListFilter), ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor", "member", "group", "comment"]
    search_fields = ["reason", "member__username", "actor__username"]
    fields = ["created", "group", "actor_name", "action", "comment_link", "member", "reason"]
    readonly_fields = fields

    # The log is append-only: forum.acts writes it, nobody edits or deletes it, superusers included.

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
