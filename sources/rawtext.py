"""Convert raw text pasted from a web page into the source format, reporting what an editor should check.

Handles numbered posts, a trailing list of notes ("  5. text↩︎") whose bare numbers are glued to
the text ("early 19235" is 1923 + note 5), repeated blocks, web chrome, image alt text above a
caption, and a "N thoughts on …" comment section (which is not part of the reading).
"""

import re
from dataclasses import dataclass, field

from . import parser

CHROME = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^share this\b",
        r"^keep scrolling\b",
        r"\bprofile picture$",
        r"^leave a reply$",
        r"^your email address will not be published",
        r"^required fields are marked",
        r"^\(a pdf .* can be found here\)$",
        r"^a scrolly tale is a new way",
        r"^discover more beautiful scrolly tales",
    )
]
AUTHOR_RE = re.compile(r"^(?P<author>.+?)\s+profile picture$", re.IGNORECASE)
THREAD_DATE_RE = re.compile(r"^(?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4}), (?P<count>\d+) tweets$")
DATE_RE = re.compile(r"^(?P<date>\d{2}\.\d{2}\.\d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})$")
COMMENTS_RE = re.compile(r"^\d+ (?:thoughts?|responses?|comments?|replies) (?:on|to)\b", re.IGNORECASE)
NOTE_RE = re.compile(r"^\s+(?P<number>\d{1,4})\.\s+(?P<text>.*?)\s*↩\ufe0e?(?P<after>.*)$")
SECTION_RE = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S.{0,100}$")
SENTENCE_END = (".", "!", "?", ":", ";", "…", "”", '"', "’")
# A footnote number sits after a non-space character and before a space, punctuation or the end.
AFTER_NUMBER = r"(?=[\s.,;:!?)\]’”'\"]|$)"


@dataclass
class Conversion:
    text: str
    meta: dict = field(default_factory=dict)
    report: list = field(default_factory=list)
    chrome: int = 0
    repeats: int = 0
    notes: int = 0
    references: int = 0
    has_title: bool = False

    def note(self, path, line, message):
        self.report.append(str(parser.SourceFormatError(path, line, message)))


def convert(raw, path="<pasted text>", with_front_matter=True):
    """The source-format text for raw web text, with a report line for everything changed or dropped.

    Without with_front_matter (the admin, whose form holds the metadata) only the passages are returned.
    """
    lines = parser.normalise(raw, path).split("\n")
    result = Conversion(text="")
    front, lines, offset = split_front_matter(lines)
    blocks = list(raw_blocks(lines, offset))
    blocks = drop_chrome(blocks, path, result)
    blocks = cut_comments(blocks, path, result)
    blocks, notes = take_notes(blocks, path, result)
    blocks = collapse_repeats(blocks, path, result)
    if not front:
        blocks = take_metadata(blocks, path, result)
    body = [shape(block, path, result) for block in blocks]
    body = [text for text in body if text]
    if notes:
        body = link_notes(body, notes, path, result)
        body += [f"[^{number}]: {text}" for number, (text, _) in sorted(notes.items())]
    header = front or front_matter(result.meta)
    result.has_title = "\ntitle:" in header
    header = header if with_front_matter else ""
    result.text = header + "\n\n".join(body) + "\n"
    return result


def split_front_matter(lines):
    """A raw file may start with an editor's front matter; keep it as it is."""
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines and lines[start].strip() == "---":
        for end in range(start + 1, len(lines)):
            if lines[end].strip() == "---":
                return "\n".join(lines[: end + 1]) + "\n\n", lines[end + 1 :], end + 1
    return "", lines, 0


def raw_blocks(lines, offset):
    block = []
    for number, line in enumerate(lines, start=offset + 1):
        if line.strip():
            block.append((number, line.rstrip()))
        elif block:
            yield block
            block = []
    if block:
        yield block


def cut_comments(blocks, path, result):
    for index, block in enumerate(blocks):
        number, line = block[0]
        if COMMENTS_RE.match(line.strip()):
            dropped = sum(len(b) for b in blocks[index:])
            result.note(
                path,
                number,
                f"reader comments start here ({line.strip()[:40]!r}): {dropped} lines left out, they are not passages",
            )
            return blocks[:index]
    return blocks


def drop_chrome(blocks, path, result):
    kept = []
    for block in blocks:
        lines = []
        for number, line in block:
            stripped = line.strip()
            if match := THREAD_DATE_RE.match(stripped):
                result.meta.update(date=match["date"], kind="thread")
                result.note(path, number, f"metadata: date {match['date']}, a thread of {match['count']} posts")
            elif any(pattern.search(stripped) for pattern in CHROME):
                if match := AUTHOR_RE.match(stripped):
                    result.meta["author"] = match["author"]
                result.chrome += 1
                result.note(path, number, f"web chrome dropped: {stripped[:60]!r}")
            else:
                lines.append((number, line))
        if lines:
            kept.append(lines)
    return kept


def take_notes(blocks, path, result):
    """The trailing list of notes; text glued after a note's ↩︎ starts a block of its own."""
    kept, notes = [], {}
    for block in blocks:
        if len(block) == 1 and (match := NOTE_RE.match(block[0][1])):
            number = int(match["number"])
            notes[number] = (match["text"].strip(), block[0][0])
            if match["after"].strip():
                kept.append([(block[0][0], match["after"].strip())])
        else:
            kept.append(block)
    result.notes = len(notes)
    expected = set(range(1, max(notes, default=0) + 1))
    for number in sorted(expected - set(notes)):
        result.note(path, 0, f"note {number} is missing from the list of notes")
    return kept, notes


def collapse_repeats(blocks, path, result):
    seen, kept = {}, []
    for block in blocks:
        key = " ".join(line.strip() for _, line in block)
        if key in seen:
            result.repeats += 1
            result.note(path, block[0][0], f"repeats line {seen[key]}: collapsed ({key[:50]!r})")
            continue
        seen[key] = block[0][0]
        kept.append(block)
    return kept


def take_metadata(blocks, path, result):
    """Without an editor's front matter: a short first line is the title, a date near the top the date."""
    kept = []
    for index, block in enumerate(blocks):
        number, text = block[0][0], " ".join(line.strip() for _, line in block)
        if (
            index == 0
            and len(block) == 1
            and len(text) <= 150
            and not text.endswith(SENTENCE_END)
            and not parser.POST_RE.match(text)
        ):
            result.meta["title"] = text
            result.note(path, number, f"title taken from the first line: {text!r}")
        elif index < 4 and DATE_RE.match(text) and "date" not in result.meta:
            result.meta["date"] = text
            result.note(path, number, f"metadata: date {text}")
        else:
            kept.append(block)
    return kept


def shape(block, path, result):
    """One raw block as a source-format block."""
    lines = [line.strip() for _, line in block]
    number = block[0][0]
    if len(lines) == 2 and all(len(line) <= 200 and not line.endswith(SENTENCE_END) for line in lines):
        result.note(path, number, f"image alt text dropped, caption kept: {lines[0][:50]!r}")
        return f"Caption: {lines[1]}"
    text = " ".join(lines)
    if parser.POST_RE.match(text):
        return text
    if SECTION_RE.match(text):
        result.note(path, number, f"numbered section made a heading: {text[:50]!r}")
        return f"# {text}"
    if text.startswith(("#", ">", "[^", "?? ", "Caption: ", "\\")):
        return f"\\{text}"
    return text


def link_notes(body, notes, path, result):
    """Find each note's bare number in the text, in order, and write it as [^n]."""
    text = "\n\n".join(body)
    spans, position = [], 0
    numbers = sorted(notes)
    for i, number in enumerate(numbers):
        found = find_reference(text, number, position, numbers[i + 1] if i + 1 < len(numbers) else None)
        if found is None:
            result.note(
                path,
                notes[number][1],
                f"note {number}: no reference found in the text after note "
                f"{numbers[i - 1] if i else 'start'}; link it by hand",
            )
            continue
        spans.append((found, number))
        position = found + len(str(number))
    for start, number in reversed(spans):
        text = f"{text[:start]}[^{number}]{text[start + len(str(number)) :]}"
    result.references = len(spans)
    return text.split("\n\n")


def candidates(text, number, start):
    """(position, glued_to_a_word) for each place the bare number could be a note reference."""
    for match in re.finditer(rf"(?<=\S){number}{AFTER_NUMBER}", text[start:]):
        at = start + match.start()
        before = text[at - 1]
        yield at, not before.isdigit()


def find_reference(text, number, start, next_number):
    """The reference to note `number` after `start`.

    A number glued to a word or punctuation ("opportunity.6") is preferred; one glued to other digits
    ("19235" = 1923 + 5) is taken only when the next note's reference comes before any such clean match.
    """
    clean = next((at for at, glued in candidates(text, number, start) if glued), None)
    digit = next((at for at, glued in candidates(text, number, start) if not glued), None)
    if digit is None or (clean is not None and clean < digit):
        return clean
    if clean is None:
        return digit
    if next_number is not None:
        following = next((at for at, glued in candidates(text, next_number, digit) if glued), None)
        if following is not None and following < clean:
            return digit
    return clean


def front_matter(meta):
    lines = ["---"]
    for key in ("title", "author", "publication", "date", "url", "kind", "slug", "description"):
        if meta.get(key):
            lines.append(f"{key}: {meta[key]}")
    if meta.get("kind") == "thread" and "title" not in meta and meta.get("author"):
        lines.insert(1, f"title: [Thread by {meta['author']}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
