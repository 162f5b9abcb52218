"""The source format (docs/source-format.md): a front-matter header and a Markdown subset, parsed into passages.

Pure Python: no database access, so the same parse feeds the importer, the fixture writer and the admin.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

MAX_BYTES = 2 * 1024 * 1024
META_FIELDS = {
    "title": 300,
    "author": 200,
    "publication": 200,
    "date": 60,
    "url": 500,
    "kind": 40,
    "description": 2000,
    "slug": 80,
    "visibility": 10,
    "rights": 300,
    # The editors' own note on the file: read by whoever edits the text, never stored or shown to readers.
    "note": 2000,
}
VISIBILITIES = ("public", "restricted")
WORD_ANCHOR_CHARS = 32
ANCHOR_MAX = 40

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING_RE = re.compile(r"^#{1,3} +(?P<text>.*)$")
POST_RE = re.compile(r"^(?P<label>\d{1,6})\. +(?P<text>.*)$")
FOOTNOTE_RE = re.compile(r"^\[\^(?P<label>[A-Za-z0-9-]{1,12})\]: *(?P<text>.*)$")
CAPTION_RE = re.compile(r"^Caption: +(?P<text>.*)$")
PROMPT_PREFIX = "?? "
PINNED_RE = re.compile(r"\s*\{#(?P<anchor>[^}]*)\}$")
REF_RE = re.compile(r"(?<!\\)\[\^(?P<label>[A-Za-z0-9-]{1,12})\](?!:)")
# Anchors of this shape belong to posts, footnotes, references, comments and prompts.
RESERVED_ANCHOR_RE = re.compile(r"^(?:p|fn|fnref|c|prompt)-")
# Control characters other than tab and newline have no place in a reading.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SourceFormatError(ValueError):
    """One problem in a source file, reported as `path:line: message`."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ParsedPassage:
    kind: str
    text: str
    line: int
    label: str = ""
    anchor: str = ""
    pinned: bool = False
    html: str = ""
    prompts: list = field(default_factory=list)

    @property
    def word_anchored(self):
        """True when the anchor comes from the words (so a re-import may keep an older one)."""
        return self.kind not in ("post", "footnote") and not self.pinned


@dataclass
class ParsedReference:
    label: str  # the reference's own label: "5", or "5-2" for the second citation of note 5
    note_label: str
    passage: int  # index into ParsedSource.passages
    note: int


@dataclass
class ParsedSource:
    path: str
    meta: dict
    passages: list
    references: list
    warnings: list = field(default_factory=list)

    @property
    def slug(self):
        return self.meta["slug"]

    def count(self, kind):
        return sum(1 for passage in self.passages if passage.kind == kind)


def decode(data, path):
    """The text of a file's bytes, or a SourceFormatError for empty, binary, oversized or non-UTF-8 input."""
    if len(data) > MAX_BYTES:
        raise SourceFormatError(path, 1, f"file too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    if not data.strip():
        raise SourceFormatError(path, 1, "empty file")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceFormatError(path, line, "binary file (contains NUL bytes), not a text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceFormatError(
            path, line, f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        ) from None
    return normalise(text, path)


def normalise(text, path):
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = CONTROL_RE.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        raise SourceFormatError(path, line, f"control character U+{ord(bad.group()):04X} in the text")
    return text


def parse(text, path="<text>", default_slug=""):
    """A whole source file: front matter, then passages."""
    lines = normalise(text, path).split("\n")
    meta, body_start = parse_front_matter(lines, path, default_slug)
    parsed = parse_body(lines[body_start:], path, first_line=body_start + 1)
    parsed.meta = meta
    return parsed


def parse_front_matter(lines, path, default_slug=""):
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[start].strip() != "---":
        raise SourceFormatError(path, start + 1, "missing title (the file must start with a --- front matter)")
    meta, lines_of = {}, {}
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() == "---":
            end = i
            break
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not re.fullmatch(r"[a-z]+", key):
            raise SourceFormatError(
                path, i + 1, f"malformed front matter line {line.strip()[:40]!r} (expected key: value)"
            )
        if key not in META_FIELDS:
            raise SourceFormatError(path, i + 1, f"unknown front matter key {key!r} (known: {', '.join(META_FIELDS)})")
        if key in meta:
            raise SourceFormatError(path, i + 1, f"{key} given twice")
        value = value.strip()
        if len(value) > META_FIELDS[key]:
            raise SourceFormatError(path, i + 1, f"{key} is longer than {META_FIELDS[key]} characters")
        meta[key], lines_of[key] = value, i + 1
    else:
        raise SourceFormatError(path, start + 1, "front matter is not closed by a --- line")
    if not meta.get("title"):
        raise SourceFormatError(path, lines_of.get("title", start + 1), "missing title")
    if not meta.get("slug"):
        meta["slug"] = default_slug
        lines_of["slug"] = start + 1
    if not SLUG_RE.match(meta["slug"] or ""):
        raise SourceFormatError(
            path, lines_of["slug"], f"bad slug {meta['slug']!r} (lowercase letters, digits and hyphens)"
        )
    if meta.get("visibility") and meta["visibility"] not in VISIBILITIES:
        raise SourceFormatError(
            path, lines_of["visibility"], f"bad visibility {meta['visibility']!r} (public or restricted)"
        )
    if meta.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(meta["url"])
        except ValidationError:
            raise SourceFormatError(path, lines_of["url"], f"bad url {meta['url']!r}") from None
    for key in META_FIELDS:
        meta.setdefault(key, "")
    return meta, end + 1


def parse_body(lines, path="<text>", first_line=1):
    """Blocks separated by blank lines become passages; `?? ` lines become prompts of the passage above."""
    if isinstance(lines, str):
        lines = normalise(lines, path).split("\n")
    passages = []
    for block in blocks(lines, first_line):
        content, seen_prompt = [], False
        for number, line in block:
            if line.startswith(PROMPT_PREFIX) or line == PROMPT_PREFIX.strip():
                if content:
                    passages.append(make_passage(content, path))
                    content = []
                elif not passages:
                    raise SourceFormatError(path, number, "a prompt (??) comes before any passage")
                prompt = line[len(PROMPT_PREFIX) :].strip()
                if not prompt:
                    raise SourceFormatError(path, number, "empty prompt")
                passages[-1].prompts.append(prompt)
                seen_prompt = True
            elif seen_prompt:
                raise SourceFormatError(path, number, "text after a prompt in the same block (leave a blank line)")
            else:
                content.append((number, line))
        if content:
            passages.append(make_passage(content, path))
    if not passages:
        raise SourceFormatError(path, first_line, "no passages (the text after the front matter is empty)")
    assign_anchors(passages, path)
    references = link_footnotes(passages, path)
    render(passages, references)
    return ParsedSource(
        path=str(path),
        meta={},
        passages=passages,
        references=references,
        warnings=unreferenced_notes(passages, references, path),
    )


def blocks(lines, first_line):
    block = []
    for offset, line in enumerate(lines):
        line = line.rstrip()
        if line.strip():
            block.append((first_line + offset, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def make_passage(content, path):
    number, first = content[0]
    rest = [line.strip() for _, line in content[1:]]
    kind, label = "paragraph", ""
    if first.startswith("\\"):
        first = first[1:]
    elif match := HEADING_RE.match(first):
        kind, first = "heading", match["text"]
    elif first.startswith(">"):
        kind = "quote"
        first = first[1:].removeprefix(" ")
        rest = [line[1:].removeprefix(" ") if line.startswith(">") else line for line in rest]
    elif match := POST_RE.match(first):
        kind, label, first = "post", str(int(match["label"])), match["text"]
    elif match := FOOTNOTE_RE.match(first):
        kind, label, first = "footnote", match["label"], match["text"]
    elif match := CAPTION_RE.match(first):
        kind, first = "caption", match["text"]
    text = " ".join(part for part in [first.strip(), *rest] if part)
    passage = ParsedPassage(kind=kind, label=label, text=text, line=number)
    if pinned := PINNED_RE.search(text):
        anchor = pinned["anchor"]
        if not SLUG_RE.match(anchor) or len(anchor) > ANCHOR_MAX:
            raise SourceFormatError(path, number, f"bad anchor {{#{anchor}}} (lowercase letters, digits, hyphens)")
        passage.text, passage.anchor, passage.pinned = text[: pinned.start()], anchor, True
    if not passage.text:
        raise SourceFormatError(path, number, f"empty {kind}")
    return passage


def assign_anchors(passages, path):
    used = {}

    def claim(passage, anchor, what):
        if anchor in used:
            raise SourceFormatError(path, passage.line, f"duplicate {what} (also on line {used[anchor].line})")
        used[anchor] = passage
        passage.anchor = anchor

    for passage in passages:
        if passage.kind == "post":
            claim(passage, f"p-{passage.label}", f"post number {passage.label}")
        elif passage.kind == "footnote":
            claim(passage, f"fn-{passage.label}", f"footnote [^{passage.label}]")
        elif passage.pinned:
            claim(passage, passage.anchor, f"anchor {{#{passage.anchor}}}")
    for passage in passages:
        if passage.word_anchored:
            passage.anchor = unique_anchor(word_anchor(passage.text, passage.kind), used)
            used[passage.anchor] = passage


def word_anchor(text, fallback):
    """The first words of a text as a slug of at most WORD_ANCHOR_CHARS characters."""
    plain = REF_RE.sub("", text).replace("*", "")
    plain = unicodedata.normalize("NFKD", plain)
    words = slugify(plain).replace("_", "-").split("-")
    anchor = ""
    for word in filter(None, words):
        candidate = f"{anchor}-{word}" if anchor else word[:WORD_ANCHOR_CHARS]
        if len(candidate) > WORD_ANCHOR_CHARS:
            break
        anchor = candidate
    anchor = anchor or fallback
    if RESERVED_ANCHOR_RE.match(anchor):
        anchor = f"t-{anchor}"[:WORD_ANCHOR_CHARS].rstrip("-")
    return anchor


def unique_anchor(anchor, used):
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    return candidate


def link_footnotes(passages, path):
    notes = {p.label: i for i, p in enumerate(passages) if p.kind == "footnote"}
    references, cited = [], {}
    for index, passage in enumerate(passages):
        for match in REF_RE.finditer(passage.text):
            note_label = match["label"]
            if note_label not in notes:
                raise SourceFormatError(path, passage.line, f"footnote reference [^{note_label}] has no note")
            cited[note_label] = cited.get(note_label, 0) + 1
            label = note_label if cited[note_label] == 1 else f"{note_label}-{cited[note_label]}"
            references.append(ParsedReference(label, note_label, index, notes[note_label]))
    return references


def unreferenced_notes(passages, references, path):
    cited = {ref.note_label for ref in references}
    return [
        str(SourceFormatError(path, p.line, f"footnote [^{p.label}] is never referenced"))
        for p in passages
        if p.kind == "footnote" and p.label not in cited
    ]


def render(passages, references):
    ids = {}
    for ref in references:
        ids.setdefault(ref.passage, []).append(ref.label)
    for index, passage in enumerate(passages):
        passage.html = render_inline(passage.text, iter(ids.get(index, [])))


ESCAPES = {"\\*": "\ue000", "\\[": "\ue001", "\\\\": "\ue002"}
STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")


def render_inline(text, ref_labels=None):
    """Escaped inline HTML: *em*, **strong**, and [^5] as a link to the note (ids from ref_labels, in order)."""
    for sequence, placeholder in ESCAPES.items():
        text = text.replace(sequence, placeholder)
    refs = []

    def hold(match):
        refs.append(match["label"])
        return f"\ue010{len(refs) - 1}\ue011"

    text = escape(REF_RE.sub(hold, text), quote=True)
    text = STRONG_RE.sub(r"<strong>\1</strong>", text)
    text = EM_RE.sub(r"<em>\1</em>", text)
    labels = ref_labels if ref_labels is not None else iter(())

    def link(match):
        note = refs[int(match[1])]
        own = next(labels, note)
        return f'<sup class="fnref"><a id="fnref-{own}" href="#fn-{note}">{note}</a></sup>'

    text = re.sub("\ue010(\\d+)\ue011", link, text)
    for sequence, placeholder in ESCAPES.items():
        text = text.replace(placeholder, sequence[1])
    return text
