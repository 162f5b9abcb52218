"""The instructor's admin: group questions, and per group reading the answer-first switch,
the report and the export.

A group's moderator (staff in the "Moderators" auth group, see migrations/0002) sees and
changes only the questions and readings of groups they moderate; anything else is a 404 or
not listed. Questions are written through teaching.questions, the same path as the site.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from forum.admin.desk import GroupScoped
from forum.models import ReadingGroup
from sources.models import Passage

from . import questions, report_views
from .models import GroupQuestion, ReadingSettings, TeachingReading


def moderated_groups(user):
    """The groups whose teaching `user` runs in the admin: all for a superuser, as at the desk."""
    return ReadingGroup.objects.all() if user.is_superuser else ReadingGroup.objects.moderated_by(user)


class GroupScopedAdmin(GroupScoped, admin.ModelAdmin):
    """Narrows an admin to the groups the user moderates, as the desk does; nothing is deleted here."""

    def has_delete_permission(self, request, obj=None):
        return False


class ModeratedGroupFilter(admin.SimpleListFilter):
    """The group filter, offering only the groups the user moderates (a plain one would list every group's name)."""

    title = "group"
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [(str(group.pk), group.name) for group in moderated_groups(request.user).order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(group_id=self.value()) if self.value() and self.value().isdigit() else queryset


class PassageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, passage):
        return f"{passage.source.title} · {passage.anchor} · {Truncator(passage.text).chars(60)}"


class QuestionForm(forms.ModelForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 70}), required=False, strip=False)

    class Meta:
        model = GroupQuestion
        fields = ["group", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["text"].initial = self.instance.prompt.text

    def clean_text(self):
        return questions.clean_text(self.cleaned_data.get("text"))


class NewQuestionForm(QuestionForm):
    passage = PassageChoiceField(queryset=Passage.objects.none())

    class Meta:
        model = GroupQuestion
        fields = ["group"]

    def clean(self):
        cleaned = super().clean()
        group, passage = cleaned.get("group"), cleaned.get("passage")
        if group is not None and passage is not None:
            try:
                questions.check_passage(group, passage)
            except ValidationError as error:
                self.add_error("passage", error)
        return cleaned


@admin.register(GroupQuestion)
class GroupQuestionAdmin(GroupScopedAdmin):
    list_display = ["excerpt", "group", "source", "passage_anchor", "position", "state"]
    list_editable = ["position"]
    list_filter = [ModeratedGroupFilter, "retired_at"]
    list_select_related = ["group", "prompt__passage__source"]
    search_fields = ["prompt__text"]
    actions = ["retire_selected", "restore_selected", "copy_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = QuestionForm if obj is not None else NewQuestionForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            groups = moderated_groups(request.user)
            form.base_fields["passage"].queryset = (
                Passage.objects.filter(source__group_readings__group__in=groups)
                .distinct()
                .select_related("source")
                .order_by("source__title", "position")
            )
        return form

    def get_fields(self, request, obj=None):
        return ["group", "passage", "text"] if obj is None else ["text", "position"]

    def get_readonly_fields(self, request, obj=None):
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = moderated_groups(request.user).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            questions.edit(obj, form.cleaned_data["text"])
            obj.save(update_fields=["position"])
        else:
            created = questions.add(obj.group, form.cleaned_data["passage"], request.user, form.cleaned_data["text"])
            obj.pk, obj.prompt = created.pk, created.prompt

    @admin.display(description="question")
    def excerpt(self, question):
        return Truncator(question.prompt.text).chars(90)

    @admin.display(description="reading", ordering="prompt__passage__source__title")
    def source(self, question):
        return question.prompt.passage.source.title

    @admin.display(description="passage")
    def passage_anchor(self, question):
        return question.prompt.passage.anchor

    @admin.display(description="state", ordering="retired_at")
    def state(self, question):
        return "retired" if question.retired_at else "asked"

    @admin.action(description="Retire selected questions (their answers stay)", permissions=["change"])
    def retire_selected(self, request, queryset):
        for question in queryset:
            questions.retire(question)
        self.message_user(request, f"Retired {len(queryset)} question(s); their answers stay.", messages.SUCCESS)

    @admin.action(description="Copy selected questions to another group…", permissions=["add"])
    def copy_selected(self, request, queryset):
        """Step one: choose the group and see what would be copied; step two (confirm): copy."""
        form = CopyForm(request.POST if "target" in request.POST else None, groups=moderated_groups(request.user))
        plan = None
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            if "confirm" in request.POST:
                copied = questions.copy(queryset, target, request.user)
                self.message_user(request, f"Copied {copied} question(s) to {target.name}.", messages.SUCCESS)
                return None
            plan = questions.copy_plan(queryset, target)
        context = {
            **self.admin_site.each_context(request),
            "title": "Copy questions to another group",
            "opts": self.opts,
            "form": form,
            "plan": plan,
            "to_copy": sum(1 for _, state in plan or () if state == questions.COPY),
            "selected": list(queryset.select_related("prompt__passage__source")),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/teaching/copy_questions.html", context)

    @admin.action(description="Ask selected retired questions again", permissions=["change"])
    def restore_selected(self, request, queryset):
        for question in queryset:
            questions.restore(question)
        self.message_user(request, f"{len(queryset)} question(s) asked again.", messages.SUCCESS)


class CopyForm(forms.Form):
    target = forms.ModelChoiceField(queryset=ReadingGroup.objects.none(), label="Copy to")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = groups


class ReadingSettingsForm(forms.ModelForm):
    answer_first = forms.BooleanField(
        required=False,
        label="Students answer a question before they see classmates' answers",
        help_text="Until a student has answered a question, its answers and their replies show only as a count.",
    )

    class Meta:
        model = TeachingReading
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = ReadingSettings.objects.filter(reading=self.instance).first()
        self.fields["answer_first"].initial = bool(settings and settings.answer_first)

    def save(self, commit=True):
        ReadingSettings.objects.update_or_create(
            reading=self.instance, defaults={"answer_first": self.cleaned_data["answer_first"]}
        )
        return self.instance

    def save_m2m(self):
        """Nothing: the reading itself is not changed here, only its teaching settings."""


@admin.register(TeachingReading)
class TeachingReadingAdmin(GroupScopedAdmin):
    form = ReadingSettingsForm
    list_display = ["source", "group", "due", "answer_first", "links"]
    list_filter = [ModeratedGroupFilter]
    list_select_related = ["group", "source"]
    readonly_fields = ["group", "source", "due", "links"]
    fields = ["group", "source", "due", "answer_first", "links"]

    def get_queryset(self, request):
        gated = ReadingSettings.objects.filter(reading=OuterRef("pk"), answer_first=True)
        return super().get_queryset(request).annotate(is_answer_first=Exists(gated))

    def has_add_permission(self, request):
        return False

    @admin.display(description="answer first", boolean=True, ordering="is_answer_first")
    def answer_first(self, reading):
        return reading.is_answer_first

    @admin.display(description="report and export")
    def links(self, reading):
        if reading.pk is None:
            return "—"
        return format_html(
            '<a href="{}">Report</a> · <a href="{}">Export Markdown</a> · <a href="{}">Export CSV</a>',
            reverse("admin:teaching_report", args=[reading.pk]),
            reverse("admin:teaching_export", args=[reading.pk, "markdown"]),
            reverse("admin:teaching_export", args=[reading.pk, "csv"]),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/report/", view(self.report_view), name="teaching_report"),
            path("<int:pk>/report.csv", view(self.report_csv_view), name="teaching_report_csv"),
            path("<int:pk>/export/<str:fmt>/", view(self.export_view), name="teaching_export"),
            *super().get_urls(),
        ]

    def reading_in_scope(self, request, pk):
        """The group reading, if the user moderates its group (or is a superuser); 404 otherwise."""
        reading = self.get_queryset(request).filter(pk=pk).select_related("group", "source").first()
        if reading is None or not self.has_view_permission(request, reading):
            raise Http404("No such group reading among the groups you moderate.")
        return reading

    def report_view(self, request, pk):
        return report_views.report_page(self, request, self.reading_in_scope(request, pk))

    def report_csv_view(self, request, pk):
        return report_views.report_csv(self.reading_in_scope(request, pk))

    def export_view(self, request, pk, fmt):
        reading = self.reading_in_scope(request, pk)
        if fmt not in ("markdown", "csv"):
            raise Http404("Export as markdown or csv.")
        return report_views.export_file(reading, fmt, request.GET.get("hidden") == "1")
