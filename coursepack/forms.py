"""The instructor's forms: paste a reading (previewed before it is saved) and replace a reading's text.

A form saves only the text its preview showed: the preview carries a digest of the pasted text,
and a Save whose text no longer matches it previews again instead of saving.
"""

import hashlib

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import slugify

from sources.models import Source
from sources.parser import SLUG_RE, SourceFormatError

from . import paste
from .models import instructed_groups

FORMATS = [
    (paste.WEB, "Copied from a web page: the converter tidies it and reports what it changed"),
    (paste.SOURCE_FORMAT, "Already in the source format: blank lines between passages, no web page clutter"),
]
SUGGESTED_FIELDS = ["title", "author", "publication", "date", "url", "kind", "description"]


class PasteFields(forms.Form):
    """The pasted text, what kind of text it is, and the digest of the text last previewed."""

    text_format = forms.ChoiceField(
        label="What did you paste?", choices=FORMATS, initial=paste.WEB, widget=forms.RadioSelect
    )
    paste_text = forms.CharField(
        label="Text of the reading",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField paste-box"}),
        help_text="Select the article on its page, copy, and paste it here. Up to 2 MB.",
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pasted = None
        self.report = None  # the converter's report, shown even when the conversion is refused
        # A NUL byte gets the paste module's "this is a binary file" message, not Django's generic one.
        field = self.fields["paste_text"]
        field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    @property
    def saving(self):
        return "_save" in self.data

    def digest(self):
        text = self.data.get("paste_text", "")
        return hashlib.sha256(f"{self.data.get('text_format', '')}\n{text}".encode()).hexdigest()

    @property
    def preview_is_current(self):
        """True when the text being saved is the text whose preview was shown."""
        return bool(self.data.get("previewed")) and self.data.get("previewed") == self.digest()

    def suggestions(self):
        """Values for fields left blank, found in the pasted text (none here)."""
        return {}

    def clean(self):
        cleaned = super().clean()
        try:
            self.pasted = paste.read(cleaned.get("paste_text") or "", cleaned.get("text_format") or paste.WEB)
        except (paste.PasteError, SourceFormatError) as error:
            self.report = getattr(error, "report", None)
            self.add_error("paste_text", str(error))
        else:
            self.report = self.pasted.report
        return cleaned


class AddReadingForm(PasteFields):
    """A new reading for one of the instructor's groups; it is restricted to the groups that read it."""

    title = forms.CharField(max_length=300, required=False, help_text="Found in the text when it can be; check it.")
    slug = forms.CharField(
        label="Address",
        max_length=80,
        required=False,
        help_text="The reading's name in its web address: lowercase letters, digits, hyphens. "
        "Made from the title when left blank.",
    )
    author = forms.CharField(max_length=200, required=False)
    publication = forms.CharField(max_length=200, required=False)
    date = forms.CharField(max_length=60, required=False, help_text="As written: “Apr 5, 2025”, “1997”.")
    url = forms.URLField(label="Original URL", max_length=500, required=False, assume_scheme="https")
    kind = forms.CharField(max_length=40, required=False, help_text="thread, essay, blog post, chapter…")
    rights = forms.CharField(
        label="Rights note",
        max_length=300,
        required=False,
        initial="For class use only.",
        help_text="Shown under the title.",
    )
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    group = forms.ModelChoiceField(
        label="Add it to the reading list of", queryset=None, required=False, help_text="Only the groups you moderate."
    )
    due = forms.DateField(label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["title", "slug", "author", "publication", "date", "kind", "rights"]:
            self.fields[name].widget.attrs["class"] = "vTextField"
        self.fields["url"].widget.attrs["class"] = "vURLField"
        self.fields["group"].queryset = instructed_groups(user).order_by("name")

    def suggestions(self):
        """Metadata found in the text for the fields left blank, and a free address."""
        found = self.pasted.meta if self.pasted else {}
        filled = {name: found[name] for name in SUGGESTED_FIELDS if found.get(name) and not self.data.get(name)}
        if "rights" not in self.data:
            filled["rights"] = self.fields["rights"].initial
        if not self.data.get("slug"):
            title = self.data.get("title") or filled.get("title", "")
            if slugify(title):
                filled["slug"] = Source.objects.free_slug(slugify(title)[:80].strip("-"))
        return filled

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title") or ""
        slug = cleaned.get("slug") or slugify(title)[:80].strip("-")
        if slug and not SLUG_RE.match(slug):
            self.add_error("slug", "Use lowercase letters, digits and single hyphens only (e.g. “chapter-7”).")
        elif slug and Source.objects.filter(slug=slug).exists():
            free = Source.objects.free_slug(slug)
            self.add_error("slug", f"A reading with the address “{slug}” exists already. “{free}” is free: use it.")
        cleaned["slug"] = slug
        if self.saving and not title:
            self.add_error("title", "Give the reading a title: none was found in the text.")
        if self.saving and not cleaned.get("group") and "group" not in self.errors:
            self.add_error("group", "Choose the group whose reading list it goes on.")
        return cleaned

    def meta(self):
        return {name: self.cleaned_data.get(name) or "" for name in [*SUGGESTED_FIELDS, "slug", "rights"]}


class ReplaceTextForm(PasteFields):
    """A new version of a reading's text. Passages that are unchanged or lightly edited keep their discussion."""
