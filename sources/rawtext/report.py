"""What the converter did, for the editor: one structured report, rendered as text or HTML.

The command prints it and the admin shows it (templates/sources/_conversion_report.html) before
anything is saved, so every dropped or guessed line is visible to a person who can put it right.
Errors are problems the editor must fix before the text can be imported (a note without a marker);
warnings are guesses worth a look (a title the converter could not find).
"""

from collections import Counter
from dataclasses import dataclass, field

KIND_ORDER = ["heading", "paragraph", "quote", "post", "caption", "footnote"]


@dataclass
class Entry:
    """One reported line: where in the raw text (1-based line, 0 when it concerns the whole text) and what."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Report:
    path: str = "<pasted text>"
    passages: Counter = field(default_factory=Counter)
    metadata: list = field(default_factory=list)  # Entry per field taken: "title: …"
    chrome: list = field(default_factory=list)  # Entry per dropped line, message = the line, reason
    repeats: list = field(default_factory=list)
    shapes: list = field(default_factory=list)  # Entry per shaping guess: heading, quote, caption…
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes_found: int = 0
    notes_linked: int = 0
    notes_style: str = ""
    posts_found: list = field(default_factory=list)  # post numbers in order
    posts_header: int = 0  # how many posts the thread says it has (0: it does not say)
    posts_header_line: int = 0

    # Recording ---------------------------------------------------------------------------------

    def meta(self, line, name, value):
        self.metadata.append(Entry(line, f"{name}: {value}"))

    def dropped(self, line, text, reason="web chrome"):
        self.chrome.append(Entry(line, f"web chrome dropped: {text[:80]!r} ({reason})"))

    def repeat(self, line, first_line, text):
        self.repeats.append(Entry(line, f"repeats line {first_line}: collapsed ({text[:50]!r})"))

    def shaped(self, line, message):
        self.shapes.append(Entry(line, message))

    def warn(self, line, message):
        self.warnings.append(Entry(line, message))

    def error(self, line, message):
        self.errors.append(Entry(line, message))

    # Reading -----------------------------------------------------------------------------------

    @property
    def has_errors(self):
        return bool(self.errors)

    @property
    def passage_counts(self):
        """(kind, count) in reading order of kinds, only kinds present."""
        return [(kind, self.passages[kind]) for kind in KIND_ORDER if self.passages.get(kind)]

    @property
    def post_gaps(self):
        """Runs of missing post numbers as (first, last), counting up to the header's total when it gives one."""
        if not self.posts_found:
            return []
        found = set(self.posts_found)
        top = max(max(found), self.posts_header)
        gaps, start = [], None
        for number in range(1, top + 1):
            if number not in found and start is None:
                start = number
            elif number in found and start is not None:
                gaps.append((start, number - 1))
                start = None
        if start is not None:
            gaps.append((start, top))
        return gaps

    @property
    def posts_summary(self):
        """'12 posts (1–12)', 'posts 4–5 missing; the header says 9', or '' for a text without posts."""
        if not self.posts_found and not self.posts_header:
            return ""
        parts = [f"{len(self.posts_found)} posts found"]
        gaps = [str(first) if first == last else f"{first}–{last}" for first, last in self.post_gaps]
        if gaps:
            listed = gaps[0] if len(gaps) == 1 else f"{', '.join(gaps[:-1])} and {gaps[-1]}"
            parts.append(f"post{'s' if len(gaps) > 1 or '–' in gaps[0] else ''} {listed} missing")
        if self.posts_header:
            parts.append(f"the header says {self.posts_header}")
        return "; ".join(parts)

    @property
    def notes_summary(self):
        if not self.notes_found and not self.notes_linked:
            return ""
        style = f" ({self.notes_style})" if self.notes_style else ""
        return f"{self.notes_found} notes found{style}, {self.notes_linked} linked to their markers"

    @property
    def summary(self):
        """One line: what the text became."""
        kinds = ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in self.passage_counts)
        parts = [kinds or "no passages"]
        if self.notes_summary:
            parts.append(self.notes_summary)
        if self.post_gaps or self.posts_header:
            parts.append(self.posts_summary.split("; ", 1)[-1])
        parts.append(f"{len(self.repeats)} repeats collapsed, {len(self.chrome)} chrome lines dropped")
        if self.errors or self.warnings:
            parts.append(f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}")
        return "; ".join(parts)

    @property
    def sections(self):
        """(heading, entries) for every non-empty section, in the order an editor works through them."""
        named = [
            ("Errors: fix these before importing", self.errors),
            ("Warnings", self.warnings),
            ("Metadata taken from the text", self.metadata),
            ("Shapes guessed", self.shapes),
            ("Repeats collapsed", self.repeats),
            ("Chrome dropped", self.chrome),
        ]
        return [(heading, sorted(entries, key=lambda entry: entry.line)) for heading, entries in named if entries]

    def located(self, entry):
        """An entry as `path:line: message`, the form every other source error takes."""
        return f"{self.path}:{entry.line}: {entry.message}" if entry.line else f"{self.path}: {entry.message}"

    def lines(self):
        """Every entry as a `path:line: message` line, errors first."""
        return [self.located(entry) for _, entries in self.sections for entry in entries]

    def __iter__(self):
        return iter(self.lines())

    def __len__(self):
        return len(self.lines())

    def render_text(self):
        """The whole report as plain text, as the command prints it."""
        out = [f"{self.path}: {self.summary}"]
        for heading, entries in self.sections:
            out.append(f"{heading}:")
            out.extend(f"  {self.located(entry)}" for entry in entries)
        return "\n".join(out)


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"
