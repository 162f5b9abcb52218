"""Text pasted into a form (not a file): checked, converted if it is raw web text, and parsed.

The same converter and parser as `manage.py import_source`, with messages written for someone
pasting in a browser rather than naming a file. Pure Python, no database: the caller previews
the result and saves it through sources.importer.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

from sources import parser, rawtext

PASTE_PATH = "pasted text"
WEB = "web"
SOURCE_FORMAT = "source"
# More than this share of U+FFFD (the replacement character) means bytes that were never text.
REPLACEMENT_SHARE = 0.01


class PasteError(ValueError):
    """The paste cannot become a reading; the message says what to do instead."""


class ConversionRefused(parser.SourceFormatError):
    """The converted text has an error; `report` is the converter's report, to show with the message."""

    def __init__(self, error, report):
        super().__init__(error.path, error.line, error.message)
        self.report = report


@dataclass
class Pasted:
    parsed: parser.ParsedSource
    # Metadata found in the text (the converter's title and date, or a pasted front matter).
    meta: dict = field(default_factory=dict)
    # The converter's report (sources.rawtext.Report) for raw web text; None for the source format.
    report: object = None

    @property
    def suggested_slug(self):
        return slugify(self.meta.get("title", ""))[:80].strip("-")


def check(text):
    """Refuse what is not a text worth parsing, with a message for the person who pasted it."""
    size = len(text.encode("utf-8"))
    if size > parser.MAX_BYTES:
        raise PasteError(
            f"The text is too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{parser.MAX_BYTES // 1024 // 1024} MB). Paste one chapter or part at a time."
        )
    if not text.strip():
        raise PasteError("Nothing was pasted: copy the text of the reading into the box.")
    if "\x00" in text or text.count("\ufffd") > max(3, len(text) * REPLACEMENT_SHARE):
        raise PasteError(
            "This looks like the inside of a binary file (a PDF or a word-processor file), not text. "
            "Open the document, select its text, and paste that."
        )


def read(text, kind=WEB):
    """A Pasted for `text`: raw web text (kind=WEB) is converted first; the source format (kind=SOURCE_FORMAT)
    may carry its own front matter. Raises PasteError or parser.SourceFormatError (naming the line); a
    conversion the converter itself refuses raises ConversionRefused, which carries the report to show."""
    check(text)
    text = parser.normalise(text, PASTE_PATH)
    if kind == SOURCE_FORMAT:
        if text.lstrip().startswith("---"):
            parsed = parser.parse(text, PASTE_PATH, default_slug="pasted")
            unsuggested = ("slug", "visibility", "note")
            meta = {key: value for key, value in parsed.meta.items() if value and key not in unsuggested}
            return Pasted(parsed=parsed, meta=meta)
        return Pasted(parsed=parser.parse_body(text, PASTE_PATH))
    conversion = rawtext.convert(text, PASTE_PATH, with_front_matter=False)
    try:
        conversion.check()
        parsed = parser.parse_body(conversion.text, PASTE_PATH)
    except parser.SourceFormatError as error:
        raise ConversionRefused(error, conversion.report) from None
    return Pasted(parsed=parsed, meta=conversion.meta, report=conversion.report)
