"""Notifications in the admin: for looking into "why did (or didn't) I get this?", read-only."""

from django.contrib import admin

from .models import DigestSent, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "recipient", "kind", "group", "source", "comment", "email", "read_at"]
    list_filter = ["kind", "email", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient", "group", "source", "comment"]
    search_fields = ["recipient__username", "recipient__email"]
    date_hierarchy = "created"
    raw_id_fields = ["recipient", "comment", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "count", "sent_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
