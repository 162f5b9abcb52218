"""The instructor's readings in the admin: paste a reading for a group, preview it, save it restricted.

A moderator (staff in the "Moderators" auth group, no superuser rights) sees the readings on
their groups' lists and the ones they added, nothing else (another group's restricted reading is
a 404, as on the site). They edit only the readings they added; the shipped readings and other
instructors' are read-only. A superuser sees and edits everything and may make a reading public.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from forum.models import GroupReading
from sources import importer
from sources.models import Source

from . import services
from .forms import AddReadingForm, ReplaceTextForm
from .models import ClassReading, instructed_groups

PREVIEW_PASSAGES = 12


class ReadingListInline(admin.TabularInline):
    """The groups reading it: add a row to share it with another group you moderate, delete one to retire it."""

    model = GroupReading
    fk_name = "source"
    fields = ["group", "due", "position"]
    extra = 0
    verbose_name = "group reading it"
    verbose_name_plural = "Groups reading it (add a row to share it; tick Delete to retire it from a group)"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("group")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(group__in=instructed_groups(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = instructed_groups(request.user).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_edit(self, request, obj):
        return obj is None or obj.editable_by(request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


@admin.register(ClassReading)
class ClassReadingAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "shown_visibility", "reading_lists", "added_by_name", "passage_count"]
    list_filter = ["visibility"]
    search_fields = ["title", "author", "slug"]
    fields = [*Source.DESCRIPTION_FIELDS, "added_by_name", "passage_count"]
    inlines = [ReadingListInline]
    change_form_template = "admin/coursepack/classreading/change_form.html"

    # Scope: what this user may see at all, and what they may change.

    def get_queryset(self, request):
        groups = GroupReading.objects.select_related("group").order_by("group__name")
        if not request.user.is_superuser:
            groups = groups.filter(group__in=instructed_groups(request.user))
        return (
            ClassReading.objects.in_admin_of(request.user)
            .with_counts()
            .select_related("added_by")
            .prefetch_related(Prefetch("group_readings", queryset=groups, to_attr="shown_readings"))
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        """A reading outside the user's scope is a 404, never a redirect that says it exists."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such reading.")
        return obj

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable_by(request.user))

    def get_readonly_fields(self, request, obj=None):
        fixed = ["added_by_name", "passage_count"]
        if not request.user.is_superuser:
            # The address is in links already shared with students; only a superuser publishes.
            fixed += ["slug", "visibility"]
        return fixed

    def view_on_site(self, reading):
        """A restricted reading has no public page: link to where its first group reads it."""
        if reading.is_public:
            return reading.get_absolute_url()
        shown = getattr(reading, "shown_readings", [])
        return shown[0].get_absolute_url() if shown else None

    # Columns.

    @admin.display(description="visibility", ordering="visibility")
    def shown_visibility(self, reading):
        return reading.visibility

    @admin.display(description="on the lists of")
    def reading_lists(self, reading):
        return ", ".join(str(row.group) for row in getattr(reading, "shown_readings", [])) or "—"

    @admin.display(description="added by")
    def added_by_name(self, reading):
        return reading.added_by.get_username() if reading.added_by else "shipped with the site"

    @admin.display(description="passages", ordering="passage_count")
    def passage_count(self, reading):
        return getattr(reading, "passage_count", None) or reading.passages.count()

    # The paste path.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/text/",
                self.admin_site.admin_view(self.replace_text_view),
                name="{}_{}_text".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """Paste, preview with the converter's report, then save: nothing is written before Save."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddReadingForm(request.POST or None, user=request.user)
        if form.is_bound:
            valid = form.is_valid()
            if valid and form.saving and form.preview_is_current:
                reading = services.add_reading(
                    form.pasted, form.meta(), form.cleaned_data["group"], request.user, form.cleaned_data["due"]
                )
                group = form.cleaned_data["group"]
                self.message_user(
                    request,
                    f"“{reading.title}” is on the reading list of {group}, readable by its members only.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:coursepack_classreading_change", args=[reading.pk]))
            if form.pasted is not None:
                if form.saving and valid:
                    messages.warning(request, "The text changed since its preview: check the new preview, then save.")
                form = self.previewed(AddReadingForm, request, user=request.user)
        return self.paste_page(request, form, title="Add a reading for your group", reading=None)

    def replace_text_view(self, request, object_id):
        reading = self.get_object(request, object_id)
        if not self.has_change_permission(request, reading):
            raise PermissionDenied
        form = ReplaceTextForm(request.POST or None)
        report = None
        if form.is_bound and form.is_valid():
            try:
                saving = form.saving and form.preview_is_current
                report = services.replace_text(reading, form.pasted, dry_run=not saving)
            except importer.ImportRefused as refusal:
                form.add_error("paste_text", refusal.message)
            else:
                if saving:
                    self.message_user(request, f"New text saved: {report}", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:coursepack_classreading_change", args=[reading.pk]))
                form = self.previewed(ReplaceTextForm, request)
                form.is_valid()
        return self.paste_page(request, form, title=f"New text for “{reading.title}”", reading=reading, report=report)

    def previewed(self, form_class, request, **kwargs):
        """The form again, marked as previewed for this text, with the metadata found in it filled in."""
        data = request.POST.copy()
        form = form_class(data, **kwargs)
        form.is_valid()
        data["previewed"] = form.digest()
        data.update(form.suggestions())
        form = form_class(data, **kwargs)
        form.is_valid()
        return form

    def paste_page(self, request, form, title, reading, report=None):
        pasted = form.pasted
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "reading": reading,
            "pasted": pasted,
            "sync_report": report,
            "preview_passages": pasted.parsed.passages[:PREVIEW_PASSAGES] if pasted else [],
            "more_passages": max(0, len(pasted.parsed.passages) - PREVIEW_PASSAGES) if pasted else 0,
            # Save stays offered while only the details need fixing; a changed or broken text needs a new preview.
            "can_save": pasted is not None and form.preview_is_current and "paste_text" not in form.errors,
            "media": self.media + form.media,
        }
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(request, "admin/coursepack/paste.html", context, status=status)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["text_url"] = (
                reverse("admin:coursepack_classreading_text", args=[obj.pk]) if obj.editable_by(request.user) else None
            )
            context["site_links"] = format_html_join(
                ", ", '<a href="{}">{}</a>', ((row.get_absolute_url(), row.group) for row in obj.shown_readings)
            )
            context["site_links"] = context["site_links"] or format_html("{}", "—")
        return super().render_change_form(request, context, add, change, form_url, obj)
