"""Pasting a text into a form: the source format as it is, or raw web text through the converter.

Raw web text is never saved on the first submit: the form shows the converter's report
(templates/sources/_conversion_report.html) and saves only when the same text comes back with the
fingerprint of the report the editor saw. Any ModelForm for a Source can mix this in.
"""

from django import forms

from . import importer, parser, rawtext

PASTE_PATH = "pasted text"
PREVIEW_MESSAGE = (
    "Nothing saved yet: read the converter’s report above, correct the fields or the text if needed, "
    "then save again to import it."
)


class PasteFormMixin(forms.Form):
    """paste_text, paste_is_raw and paste_checked; after clean(): parsed_paste, paste_conversion, paste_report."""

    paste_text = forms.CharField(
        label="Paste text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
        help_text=(
            "Optional. Passages in the source format: a blank line between passages, “> ” before a quoted "
            "line, without the --- header. Replaces the passages below: unchanged and lightly edited passages are kept "
            "with their discussion; a passage that has discussion cannot be dropped."
        ),
    )
    paste_is_raw = forms.BooleanField(
        label="Raw web text",
        required=False,
        help_text="Tick when pasting straight from a web page: the converter sorts out posts, notes, quotes, "
        "repeats and chrome, and shows its report before anything is saved.",
    )
    paste_checked = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_paste(self, cleaned, source=None):
        """Parse the pasted text into self.parsed_paste (None when there is none or it has problems)."""
        self.parsed_paste, self.paste_conversion, self.paste_report = None, None, []
        self.paste_preview_pending = False
        text = cleaned.get("paste_text") or ""
        if not text.strip():
            return
        try:
            text = parser.normalise(text, PASTE_PATH)
            if cleaned.get("paste_is_raw"):
                text = self.convert_paste(text, cleaned)
            elif text.lstrip().startswith("---"):
                raise parser.SourceFormatError(
                    PASTE_PATH, 1, "paste the passages only; title, author and the rest go in the fields above"
                )
            parsed = parser.parse_body(text, PASTE_PATH)
            if source is not None and source.pk:
                importer.sync(parsed, source=source, dry_run=True, passages_only=True)
        except parser.SourceFormatError as error:
            self.add_error("paste_text", str(error))
            return
        if self.paste_conversion and not self.preview_seen(cleaned):
            self.add_error("paste_text", PREVIEW_MESSAGE)
            self.paste_preview_pending = True
            return
        self.parsed_paste = parsed

    def convert_paste(self, text, cleaned):
        """The converted passages; metadata found fills the fields left blank; the report's errors refuse."""
        conversion = rawtext.convert(text, PASTE_PATH, with_front_matter=False)
        self.paste_conversion, self.paste_report = conversion, conversion.report.lines()
        for name, value in conversion.meta.items():
            if name in self.fields and not cleaned.get(name):
                cleaned[name] = value
                self.errors.pop(name, None)
                self.set_data(name, value)
        conversion.check()
        return conversion.text

    @property
    def only_preview_pending(self):
        """True when the one thing stopping the save is the preview: the page should say so, not 'errors'."""
        errors = self.errors
        return self.paste_preview_pending and list(errors) == ["paste_text"] and len(errors["paste_text"]) == 1

    def preview_seen(self, cleaned):
        """True when this exact text was previewed; else remember its fingerprint for the next submit."""
        fingerprint = rawtext.fingerprint(cleaned.get("paste_text") or "")
        if cleaned.get("paste_checked") == fingerprint:
            return True
        self.set_data("paste_checked", fingerprint)
        return False

    def set_data(self, name, value):
        """Show a value in the re-rendered form (the preview), as if the editor had typed it."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = value
