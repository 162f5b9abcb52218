"""The conversion pipeline: raw pasted text in, source-format text and a report for the editor out."""

import hashlib
import re
from dataclasses import dataclass, field

from .. import parser
from . import chrome, meta, notes, shapes, threads
from .report import Report

TODO_TITLE = "[TODO: title]"
COMMENTS_RE = r"^\d+ (?:thoughts?|responses?|comments?|replies) (?:on|to)\b"
TOC_ENTRY = r"^\d+(?:\.\d+)*\.?\s+\S.{0,60}$"


@dataclass
class Conversion:
    """The converted text (with its front matter unless asked otherwise), the metadata found, and the report."""

    text: str
    meta: dict = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    title_missing: bool = False
    title_line: int = 0

    @property
    def has_title(self):
        return not self.title_missing

    @property
    def chrome(self):
        return len(self.report.chrome)

    @property
    def repeats(self):
        return len(self.report.repeats)

    @property
    def notes(self):
        return self.report.notes_found

    @property
    def references(self):
        return self.report.notes_linked

    def check(self):
        """Raise the first error as a SourceFormatError: the text cannot be imported until the editor fixes it."""
        if self.report.errors:
            first = self.report.errors[0]
            more = len(self.report.errors) - 1
            suffix = f" (and {more} more problem{'s' if more != 1 else ''}; see the report)" if more else ""
            raise parser.SourceFormatError(self.report.path, first.line, first.message + suffix)


def fingerprint(raw):
    """A short digest of pasted text: a form shows the report for this exact text before it saves it."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def convert(raw, path="<pasted text>", with_front_matter=True):
    """The source-format text for raw web text, and a report of everything changed, guessed or dropped.

    Without with_front_matter (a form that holds the metadata in its own fields) only the passages are returned.
    """
    report = Report(path=str(path))
    lines = parser.normalise(raw, path).split("\n")
    found = {}
    front, lines, offset = split_front_matter(lines)
    signals = {}
    blocks = list(raw_blocks(lines, offset))
    blocks = drop_chrome(blocks, report, found, signals)
    blocks = cut_comments(blocks, report)
    is_thread = bool(threads.looks_like_thread(blocks, signals))
    blocks, listed, style = notes.take(blocks, report, is_thread=is_thread)
    if is_thread:
        found.setdefault("kind", "thread")
    blocks = threads.number_posts(blocks, report, is_thread, signals["post_starts"])
    blocks = collapse_repeats(blocks, report)
    if not front:
        blocks = meta.take(blocks, report, found, is_thread=is_thread)
        if "date" not in found and "timestamp" in signals:
            line, found["date"] = signals["timestamp"]
            report.meta(line, "date (from a timestamp)", found["date"])
    body = shapes.shape_all(blocks, report, is_thread=is_thread)
    body = notes.link(body, listed, style, report)
    body += [(listed[number][1], f"[^{number}]: {listed[number][0]}") for number in sorted(listed)]
    threads.record_posts(body, report)
    for _, text in body:
        report.passages[shapes.kind_of(text)] += 1
    if not body:
        report.error(first_line(lines, offset), "no passages left: the text is only web chrome (see what was dropped)")
    if not front and "title" not in found and found.get("kind") == "thread" and found.get("author"):
        found["title"] = f"[Thread by {found['author']}]"
        report.meta(0, "title (supplied: a thread has none)", found["title"])
    header = front or front_matter(found)
    title_missing = not front and "title" not in found
    title_line = first_line(lines, offset) if title_missing else 0
    if title_missing and with_front_matter:  # a form without front matter has its own Title field
        report.warn(
            title_line,
            f"no title found: the draft says 'title: {TODO_TITLE}'; write the title in the front matter",
        )
    text = (header if with_front_matter else "") + "\n\n".join(text for _, text in body) + "\n"
    return Conversion(text=text, meta=found, report=report, title_missing=title_missing, title_line=title_line)


def first_line(lines, offset):
    return next((offset + i + 1 for i, line in enumerate(lines) if line.strip()), 1)


def split_front_matter(lines):
    """A raw file may start with an editor's front matter; keep it as it is."""
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines and lines[start].strip() == "---":
        for end in range(start + 1, len(lines)):
            if lines[end].strip() == "---":
                return "\n".join(lines[: end + 1]) + "\n\n", lines[end + 1 :], end + 1
    return "", lines, 0


def raw_blocks(lines, offset):
    """Blocks of (line number, line) separated by blank lines."""
    block = []
    for number, line in enumerate(lines, start=offset + 1):
        if line.strip():
            block.append((number, line.rstrip()))
        elif block:
            yield block
            block = []
    if block:
        yield block


def drop_chrome(blocks, report, found, signals):
    """Blocks without their chrome lines; a dropped line inside a block splits it (a post ends at its buttons)."""
    kept, seen, after_author = [], 0, False
    starts = signals.setdefault("post_starts", set())  # the first line after each author block
    for block in blocks:
        block, names = threads.author_blocks(block, report, found, signals)
        part, in_contents = [], False
        for number, line in block:
            stripped = line.strip()
            seen += 1
            after_author = after_author or number - 1 in names
            if thread_header := threads.header(stripped):
                take_thread_header(thread_header, number, report, found, signals)
                why = ""
            elif stripped.lower() in ("contents", "contents [hide]", "contents hide"):
                in_contents, why = True, "table of contents"
            elif in_contents and re.match(TOC_ENTRY, stripped) and not stripped.endswith("."):
                why = "table of contents"
            else:
                why = chrome.reason(stripped, near_top=seen <= 10)
            if why is None:
                signals["emoji"] = signals.get("emoji") or threads.THREAD_EMOJI in stripped
                if after_author:
                    starts.add(number)
                    after_author = False
                part.append((number, line))
                continue
            after_author = after_author or why == "author handle"
            if why == "timestamp" and "timestamp" not in signals and (date := meta.date_in(stripped)):
                signals["timestamp"] = (number, date)
            if why:
                take_author(stripped, number, why, found, signals, report)
                report.dropped(number, stripped, why)
            if part:
                kept.append(part)
                part = []
        if part:
            kept.append(part)
    return kept


def take_thread_header(thread_header, number, report, found, signals):
    """'Apr 5, 2025, 30 tweets': the thread's date and how many posts it says it has."""
    date, count = thread_header
    if date:
        found["date"] = date
    found["kind"] = "thread"
    signals["header"] = True
    report.posts_header, report.posts_header_line = count, number
    report.meta(number, "thread header", f"{date + ', ' if date else ''}a thread of {count} posts")


def take_author(line, number, why, found, signals, report):
    """An author line's name is the author; a profile picture's caption wins over a handle's display name."""
    if author := chrome.author_of(line):
        if why == "profile picture" or not found.get("author"):
            if found.get("author") != author:
                report.meta(number, "author", author)
            found["author"] = author
    if why == "author handle":
        signals["handles"] = signals.get("handles", 0) + 1


def cut_comments(blocks, report):
    """A "5 thoughts on …" line starts the reader comments: they are not passages."""
    for index, block in enumerate(blocks):
        number, line = block[0]
        if re.match(COMMENTS_RE, line.strip(), re.IGNORECASE):
            dropped = sum(len(b) for b in blocks[index:])
            report.shaped(
                number,
                f"reader comments start here ({line.strip()[:40]!r}): {dropped} lines left out, they are not passages",
            )
            return blocks[:index]
    return blocks


def collapse_repeats(blocks, report):
    """A block repeated word for word (a site showing a post twice) is kept once."""
    seen, kept = {}, []
    for block in blocks:
        key = " ".join(line.strip() for _, line in block)
        if key in seen:
            report.repeat(block[0][0], seen[key], key)
            continue
        seen[key] = block[0][0]
        kept.append(block)
    return kept


def front_matter(found):
    lines = ["---"]
    for key in ("title", "author", "publication", "date", "url", "kind", "slug", "description"):
        if found.get(key):
            lines.append(f"{key}: {found[key]}")
    if "title" not in found:
        lines.insert(1, f"title: {TODO_TITLE}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
