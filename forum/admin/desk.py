"""The desk's framework: scope to the moderator's groups, acts run through a confirmation page.

Every admin of the desk is a DeskAdmin. Apps beside forum (teaching, notify) build their own
admins on it: set `group_lookup` (and `group_id_of`) and the admin is scoped like the rest.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .. import acts
from ..acts import REASON_MAX_LENGTH
from ..models import ReadingGroup

# --- The reason forms shown on the confirmation page ------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional. Kept in the moderation log.",
    )

    def __init__(self, *args, suggested_reason: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if suggested_reason:
            self.fields["reason"].initial = suggested_reason
            self.fields["reason"].help_text = "Kept in the moderation log."


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

    def __init__(self, *args, suggested_reason: str = "", **kwargs):
        super().__init__(*args, **kwargs)


# --- Acts ----------------------------------------------------------------------------------------------


class Act:
    """One moderation act offered by an admin: as a bulk action and as a button on the object's page."""

    def __init__(
        self,
        name: str,
        label: str,
        perform: Callable[[Any, Any, forms.Form], None],
        form_class: type[forms.Form] = ReasonForm,
        applies: Callable[[Any], bool] | None = None,
        done: str = "done",
        suggested_reason: str = "",
    ):
        self.name, self.label, self.perform, self.form_class, self.done = name, label, perform, form_class, done
        self.applies = applies or (lambda obj: True)
        self.suggested_reason = suggested_reason

    def form(self, data=None) -> forms.Form:
        return self.form_class(data, suggested_reason=self.suggested_reason)

    def as_admin_action(self):
        def action(modeladmin, request, queryset):
            return modeladmin.perform_act(request, queryset, self)

        action.__name__ = self.name
        return admin.action(description=f"{self.label} selected %(verbose_name_plural)s…", permissions=["change"])(
            action
        )


def comment_act(act: acts.CommentAct) -> Act:
    """The desk's form of one row of forum.acts.COMMENT_ACTS (the table decides where it applies)."""
    return Act(
        act.name,
        act.label,
        lambda comment, user, form: act.perform(comment, user, form.cleaned_data["reason"]),
        applies=lambda comment: act.applies(comment, getattr(comment, "open_flag_count", 0)),
        done="comment(s)",
        suggested_reason=act.suggested_reason,
    )


# --- Permissions ------------------------------------------------------------------------------------------


class ReadOnlyMixin:
    """Nobody adds, changes or deletes these here, superusers included: they are records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroupScoped:
    """Limits a ModelAdmin (mixed in before it) to the groups the user moderates, every group for a
    superuser: its list, and viewing and changing each object. The desk and the teaching admin share it.

    `group_lookup` is the lookup from the model to its ReadingGroup ("group", "comment__group", or
    "pk" for the group itself); `group_id_of(obj)` answers the same question for one object.
    """

    group_lookup = "group"

    def moderated_group_ids(self, request: HttpRequest) -> set[int]:
        if not hasattr(request, "_moderated_group_ids"):
            groups = ReadingGroup.objects.moderated_by(request.user)
            request._moderated_group_ids = set(groups.values_list("pk", flat=True))
        return request._moderated_group_ids

    def group_id_of(self, obj: Model) -> int:
        return obj.group_id

    def in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.group_id_of(obj) in self.moderated_group_ids(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.group_lookup}__in": self.moderated_group_ids(request)})

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)


class DeskAdmin(GroupScoped, admin.ModelAdmin):
    """A moderator's desk page: scoped to their groups (GroupScoped), running its `acts` through a
    confirmation page; the acts are also its list's bulk actions."""

    acts: tuple[Act, ...] = ()
    # True where every field is read-only: the page then offers the acts and no Save button.
    read_only_page = False
    change_form_template = "admin/forum/desk_change_form.html"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "acts" in cls.__dict__ and "actions" not in cls.__dict__:
            cls.actions = [act.as_admin_action() for act in cls.acts]

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

    def get_act(self, name: str) -> Act | None:
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

    def act_view(self, request: HttpRequest, object_id: str, act: str) -> HttpResponse:
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

    def perform_act(self, request: HttpRequest, queryset: QuerySet, act: Act, single: bool = False):
        """Show the confirmation page, or (on its POST) run the act on each object and report."""
        form = act.form(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for obj in queryset:
                try:
                    act.perform(obj, request.user, form)
                except acts.ActionRefused as refusal:
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


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site" shortcut (/admin/r/<content type>/<id>/), scoped as the desk is:
    only for an object the user may view through its registered admin, else 404 (Django's own
    shortcut sends any staff user to any object's address, naming other groups)."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model) if model else None
    if model_admin is None:
        raise Http404
    try:
        obj = model_admin.get_queryset(request).filter(pk=unquote(object_id)).first()
    except (ValueError, ValidationError):
        obj = None
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
