"""Admin for readings: sources with their passages inline, passages with their prompts, and prompts.

A source's form also takes pasted text (the source format, or raw web text to convert first, whose
report is shown as a preview before anything is saved: sources/paste.py), which replaces its passages
through the same parser and the same keep-what-you-can update as `manage.py import_source`.
"""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from . import importer, parser
from .models import FootnoteReference, Passage, Prompt, Source
from .paste import PasteFormMixin


def dangling_references(text, note_labels):
    return sorted({m["label"] for m in parser.REF_RE.finditer(text or "")} - set(note_labels))


class SourceAdminForm(PasteFormMixin, forms.ModelForm):
    url = forms.URLField(label="Original URL", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = Source.DESCRIPTION_FIELDS

    def clean(self):
        cleaned = super().clean()
        self.clean_paste(cleaned, source=self.instance)
        return cleaned


class PassageInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        notes = [form.cleaned_data.get("label") for form in kept if form.cleaned_data.get("kind") == "footnote"]
        for form in kept:
            missing = dangling_references(form.cleaned_data.get("text"), notes)
            if missing:
                form.add_error("text", f"footnote reference [^{missing[0]}] has no note")


class PassageInlineForm(forms.ModelForm):
    class Meta:
        model = Passage
        fields = ["position", "kind", "label", "anchor", "text"]
        # Narrow widgets: a long source has hundreds of rows, and the row should fit the page.
        widgets = {
            "position": forms.NumberInput(attrs={"class": "position-input"}),
            "label": forms.TextInput(attrs={"size": 4}),
            "anchor": forms.TextInput(attrs={"size": 22}),
            "text": forms.Textarea(attrs={"rows": 2, "cols": 56}),
        }


class PassageInline(admin.TabularInline):
    model = Passage
    form = PassageInlineForm
    formset = PassageInlineFormSet
    ordering = ["position"]
    extra = 0
    show_change_link = True


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    list_display = ["title", "kind", "author", "date", "passage_count", "slug", "visibility"]
    list_filter = ["visibility", "kind"]
    search_fields = ["title", "author", "publication", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "publication", "date", "url", "kind", "description"]}),
        ("Who may read it", {"fields": ["visibility", "rights"]}),
        ("Paste text", {"fields": ["paste_text", "paste_is_raw", "paste_checked"]}),
        ("Dates", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = [PassageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def render_change_form(self, request, context, *args, **kwargs):
        """A raw paste's first submit is a preview: no 'please correct the errors' banner over the report."""
        form = context["adminform"].form
        if getattr(form, "only_preview_pending", False) and len(context.get("errors") or []) == 1:
            context["errors"] = []
        return super().render_change_form(request, context, *args, **kwargs)

    def view_on_site(self, source):
        # A restricted reading has no public page (it would be a 404); its groups' pages are in forum.
        return source.get_absolute_url() if source.is_public else None

    @admin.display(description="passages", ordering="passage_count")
    def passage_count(self, source):
        return source.passage_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        source = form.instance
        if form.parsed_paste is not None:
            report = importer.sync(form.parsed_paste, source=source, passages_only=True)
            messages.success(request, f"Pasted text: {report}")
            if form.paste_conversion:  # the full report was shown in the preview; repeat what needs a look
                conversion_report = form.paste_conversion.report
                messages.info(request, f"Converted from raw text: {conversion_report.summary}")
                for entry in conversion_report.warnings:
                    messages.warning(request, conversion_report.located(entry))
        elif any(formset.has_changed() for formset in formsets):
            importer.relink(source)


class PromptInline(admin.TabularInline):
    model = Prompt
    fields = ["position", "text"]
    ordering = ["position"]
    extra = 1

    def get_queryset(self, request):
        # The editor edits the reading's own questions; group questions live with their groups.
        return super().get_queryset(request).filter(group_only=False)


class PassageAdminForm(forms.ModelForm):
    class Meta:
        model = Passage
        fields = ["source", "position", "kind", "label", "anchor", "text"]

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source is not None:
            notes = set(source.passages.filter(kind="footnote").values_list("label", flat=True))
            if cleaned.get("kind") == "footnote":
                notes.add(cleaned.get("label"))
            missing = dangling_references(cleaned.get("text"), notes)
            if missing:
                self.add_error("text", f"footnote reference [^{missing[0]}] has no note")
        return cleaned


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    form = PassageAdminForm
    list_display = ["anchor", "source", "position", "kind", "label", "excerpt"]
    list_filter = ["kind", "source"]
    list_select_related = ["source"]
    search_fields = ["text", "anchor", "source__title", "source__slug"]
    readonly_fields = ["html"]
    inlines = [PromptInline]

    @admin.display(description="text")
    def excerpt(self, passage):
        return Truncator(passage.text).chars(90)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        importer.relink(obj.source)


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "passage", "position"]
    list_select_related = ["passage__source"]
    list_filter = ["passage__source"]
    search_fields = ["text", "passage__anchor", "passage__source__title"]
    autocomplete_fields = ["passage"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(group_only=False)

    @admin.display(description="prompt")
    def excerpt(self, prompt):
        return Truncator(prompt.text).chars(90)


@admin.register(FootnoteReference)
class FootnoteReferenceAdmin(admin.ModelAdmin):
    """Read-only: references are rebuilt from the passages' text on every import or edit."""

    list_display = ["label", "source", "passage", "note"]
    list_select_related = ["source", "passage__source", "note__source"]
    list_filter = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
