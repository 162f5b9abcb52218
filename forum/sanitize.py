"""Turning what a student types into safe HTML, once, when the comment is saved.

Markdown -> HTML -> bleach allow-list -> linkify. Whatever the Markdown step lets through
(raw HTML, odd link schemes), the allow-list removes: nothing typed here can run script,
load anything, or restyle the page.
"""

import re
import unicodedata

import bleach
import markdown
from bleach.html5lib_shim import Filter, convert_entities
from bleach.linkifier import Linker
from bleach.sanitizer import BleachSanitizerFilter
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"})
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# C0 and C1 controls except tab and newline, plus bidi overrides and zero-width characters
# that can hide or reorder text. Carriage returns are normalised to newlines first.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_control_chars(text):
    """Normalise newlines and drop characters no reader can see but a browser acts on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", text))


def clean_line(text):
    """A one-line value (display name, group name): no controls, no newlines, single spaces."""
    return " ".join(strip_control_chars(text).split())


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def strip_format_chars(text):
    """Drop Unicode format characters (category Cf: soft hyphen, zero-width joiners, bidi marks)."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


_uri_check = BleachSanitizerFilter(source=[], allowed_protocols=ALLOWED_PROTOCOLS)


class LinkAddressFilter(Filter):
    """Link addresses lose their format characters, and what is left meets the scheme check again.

    `java&shy;script:` (a soft hyphen) passes bleach's check as a relative link (the soft hyphen makes the scheme
    unreadable to it), yet the characters are invisible and some software drops them. With them
    gone the address is `javascript:`, which the allow-list refuses: the link keeps its text only.
    """

    def __iter__(self):
        for token in super().__iter__():
            href = token.get("data", {}).get((None, "href")) if token.get("name") == "a" else None
            if href is None:
                yield token
                continue
            # bleach keeps character references in attribute values as written (`&shy;`, `&#8203;`).
            written = convert_entities(href)
            if (address := strip_format_chars(written)) != written:
                if _uri_check.sanitize_uri_value(address, ALLOWED_PROTOCOLS) is None:
                    del token["data"][(None, "href")]
                else:
                    token["data"][(None, "href")] = address
            yield token


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[LinkAddressFilter],
)
_linker = Linker(callbacks=[_set_rel], parse_email=True)


def render_comment(body: str) -> str:
    """The comment's Markdown as clean HTML; links get rel="nofollow ugc noopener"."""
    html = markdown.markdown(strip_control_chars(body), extensions=["fenced_code", "sane_lists"])
    return _linker.linkify(_cleaner.clean(html))


# The desk cleans stored HTML again before showing it: body_html was cleaned on save, but the
# desk is where hostile text is looked at on purpose, so it trusts nothing upstream.
_preview_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": [*ALLOWED_ATTRIBUTES["a"], "rel"]},
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[LinkAddressFilter],
)


def safe_preview(html: str) -> SafeString:
    """Stored comment HTML, cleaned again against the same allow-list, ready for the admin."""
    return mark_safe(_preview_cleaner.clean(html))  # noqa: S308 - just cleaned against the allow-list
