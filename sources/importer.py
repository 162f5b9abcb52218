"""Turn a parsed source into database rows (create or update) or into a fixture with natural keys.

Updating keeps every passage whose text is unchanged or lightly edited (same primary key, so its
discussion stays attached) and refuses to drop a passage that something protects (a comment).
"""

import datetime
import difflib
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core import serializers
from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.db.models.deletion import Collector
from django.utils.text import slugify

from . import parser, rawtext
from .models import FootnoteReference, Passage, Prompt, Source

# A light edit keeps the passage (and its discussion); below this ratio it is a different passage.
KEEP_RATIO = 0.75
# Fixtures carry a fixed time so regenerating them from unchanged texts gives identical files.
FIXTURE_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
META_FIELDS = ["title", "author", "publication", "date", "url", "kind", "description", "rights"]


class ImportRefused(parser.SourceFormatError):
    """The text parses, but importing it would lose something (a passage with discussion)."""


@dataclass
class SyncReport:
    slug: str
    created_source: bool = False
    unchanged: int = 0
    edited: int = 0
    added: int = 0
    dropped: list = field(default_factory=list)
    prompts: int = 0
    references: int = 0

    def __str__(self):
        verb = "created" if self.created_source else "updated"
        return (
            f"{self.slug}: {verb}; passages: {self.unchanged} unchanged, {self.edited} edited, {self.added} new, "
            f"{len(self.dropped)} dropped; {self.prompts} prompts, {self.references} footnote references"
        )


def read_text(path):
    """A file's text, or a SourceFormatError for an unreadable, empty, binary, oversized or non-UTF-8 file."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise parser.SourceFormatError(path, 0, f"cannot read file ({error.strerror})") from None
    return parser.decode(data, path)


def convert_raw(path):
    """The converter's draft of a raw file, whatever it found: the editor reads its report and fixes the draft."""
    return rawtext.convert(read_text(path), path)


def read_source(path, *, from_raw=False, on_conversion=None):
    """Parse a file into a ParsedSource; with from_raw, convert pasted web text first.

    Returns (parsed, conversion) where conversion is None unless from_raw. A conversion is shown to
    on_conversion (to print its report) before its errors, or a title it could not find, refuse the file.
    """
    path = Path(path)
    default_slug = slugify(path.stem).replace("_", "-").strip("-")
    if not from_raw:
        return parser.parse(read_text(path), path, default_slug=default_slug), None
    conversion = convert_raw(path)
    if on_conversion:
        on_conversion(conversion)
    conversion.check()
    if conversion.title_missing:
        raise parser.SourceFormatError(
            path,
            conversion.title_line,
            "missing title (no title line found: convert it with --write-text and write the title in the draft, "
            "or start the raw file with ---, title: …, ---)",
        )
    return parser.parse(conversion.text, path, default_slug=default_slug), conversion


def check_unique_slugs(parsed_sources):
    seen = {}
    for parsed in parsed_sources:
        if parsed.slug in seen:
            raise parser.SourceFormatError(
                parsed.path, 1, f"duplicate slug {parsed.slug!r} (already claimed by {seen[parsed.slug].path})"
            )
        seen[parsed.slug] = parsed


def build(parsed, source=None):
    """Unsaved model instances for a parsed source: (source, passages, references, prompts)."""
    if source is None:
        source = Source(slug=parsed.slug, created=FIXTURE_TIME, updated=FIXTURE_TIME)
    for name in META_FIELDS:
        setattr(source, name, parsed.meta.get(name, ""))
    source.visibility = parsed.meta.get("visibility") or Source.Visibility.PUBLIC
    passages = [
        Passage(source=source, position=position, kind=p.kind, label=p.label, text=p.text, html=p.html, anchor=p.anchor)
        for position, p in enumerate(parsed.passages)
    ]
    references = [
        FootnoteReference(source=source, label=ref.label, passage=passages[ref.passage], note=passages[ref.note])
        for ref in parsed.references
    ]
    prompts = [
        Prompt(passage=passages[index], position=position, text=text)
        for index, p in enumerate(parsed.passages)
        for position, text in enumerate(p.prompts)
    ]
    return source, passages, references, prompts


def fixture_text(parsed):
    """The source as a Django JSON fixture with natural primary and foreign keys."""
    source, passages, references, prompts = build(parsed)
    return (
        serializers.serialize(
            "json",
            [source, *passages, *references, *prompts],
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        + "\n"
    )


def write_fixture(parsed, path):
    """Write the fixture whole or not at all (a temporary file renamed into place)."""
    path = Path(path)
    content = fixture_text(parsed)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a fixture is for everyone
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def match_passages(old, new):
    """Pair new parsed passages with existing ones: {new index: old Passage}.

    Same kind and text first (in order), then posts and footnotes by number, then the most similar
    remaining pairs (by words) at or above KEEP_RATIO.
    """
    by_text = defaultdict(list)
    for passage in old:
        by_text[(passage.kind, passage.text)].append(passage)
    matches, used = {}, set()
    for index, passage in enumerate(new):
        candidates = by_text.get((passage.kind, passage.text))
        if candidates:
            matches[index] = candidates.pop(0)
            used.add(matches[index].pk)
    # A numbered post or a footnote is the same passage while its number is the same.
    by_label = {(p.kind, p.label): p for p in old if p.label and p.pk not in used}
    for index, passage in enumerate(new):
        candidate = by_label.get((passage.kind, passage.label)) if passage.label else None
        if index not in matches and candidate is not None and candidate.pk not in used:
            matches[index] = candidate
            used.add(candidate.pk)
    left = [p for p in old if p.pk not in used]
    pairs = []
    for index, passage in enumerate(new):
        if index in matches:
            continue
        words = passage.text.split()
        for candidate in left:
            if candidate.kind != passage.kind:
                continue
            # Words, not characters: faster on long passages, and closer to what "lightly edited" means.
            matcher = difflib.SequenceMatcher(None, candidate.text.split(), words, autojunk=False)
            if matcher.real_quick_ratio() >= KEEP_RATIO and matcher.quick_ratio() >= KEEP_RATIO:
                ratio = matcher.ratio()
                if ratio >= KEEP_RATIO:
                    pairs.append((-ratio, index, candidate.position, candidate))
    for _, index, _, candidate in sorted(pairs, key=lambda pair: pair[:3]):
        if index not in matches and candidate.pk not in used:
            matches[index] = candidate
            used.add(candidate.pk)
    return matches


def final_anchors(parsed, matches):
    """Anchors after an update: a kept word-anchored passage keeps its old anchor; the rest are re-derived."""
    anchors, taken = {}, set()
    for index, passage in enumerate(parsed.passages):
        if not passage.word_anchored:
            anchors[index] = passage.anchor
            taken.add(passage.anchor)
    for index, passage in enumerate(parsed.passages):
        if passage.word_anchored and index in matches and matches[index].anchor not in taken:
            old = matches[index].anchor
            if not parser.RESERVED_ANCHOR_RE.match(old):
                anchors[index] = old
                taken.add(old)
    for index, passage in enumerate(parsed.passages):
        if index not in anchors:
            anchors[index] = parser.unique_anchor(passage.anchor, taken)
            taken.add(anchors[index])
    return anchors


def protected(passages, path):
    """Raise ImportRefused if any of these passages cannot be deleted (it has discussion)."""
    if not passages:
        return
    try:
        Collector(using=Source.objects.db).collect(passages)
    except ProtectedError as error:
        raise refusal(error, passages, path) from None


def refusal(error, passages, path):
    blocked = {obj.passage_id for obj in error.protected_objects if hasattr(obj, "passage_id")}
    names = ", ".join(f"#{p.anchor}" for p in passages if p.pk in blocked) or "a passage"
    return ImportRefused(
        path,
        0,
        f"refusing to drop passage {names} of {passages[0].source.slug!r}: it has discussion; "
        "put the passage back in the file (a light edit is fine)",
    )


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def sync(parsed, *, source=None, dry_run=False, passages_only=False):
    """Create or update a source and its passages in one transaction; returns a SyncReport.

    source: update this instance (the admin) instead of looking the slug up.
    passages_only: leave the source's own fields alone (the admin form already saved them).
    """
    report = None
    try:
        with transaction.atomic():
            report = _sync(parsed, source, passages_only)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def _sync(parsed, source, passages_only):
    report = SyncReport(slug=parsed.slug if not passages_only else source.slug)
    if source is None:
        source = Source.objects.select_for_update().filter(slug=parsed.slug).first()
    if source is None:
        source = Source(slug=parsed.slug)
        report.created_source = True
    if not passages_only:
        for name in META_FIELDS:
            setattr(source, name, parsed.meta.get(name, ""))
        # A file without the key makes a new reading public (texts/ holds public readings) and leaves an
        # existing one as it is: re-importing never makes a restricted reading public by omission.
        if parsed.meta.get("visibility") or report.created_source:
            source.visibility = parsed.meta.get("visibility") or Source.Visibility.PUBLIC
        source.save()
    # Group questions (Prompt.group_only) belong to their groups, not to the text: the import leaves them be.
    own_prompts = Prefetch("prompts", queryset=Prompt.objects.filter(group_only=False))
    old = list(source.passages.prefetch_related(own_prompts)) if not report.created_source else []
    matches = match_passages(old, parsed.passages)
    anchors = final_anchors(parsed, matches)
    kept_ids = {p.pk for p in matches.values()}
    dropped = [p for p in old if p.pk not in kept_ids]
    report.dropped = [p.anchor for p in dropped]
    protected(dropped, parsed.path)

    FootnoteReference.objects.filter(source=source).delete()
    try:
        Passage.objects.filter(pk__in=[p.pk for p in dropped]).delete()
    except ProtectedError as error:
        raise refusal(error, dropped, parsed.path) from None

    # Move kept passages out of the way first: positions and anchors are unique per source.
    kept = list(matches.items())
    for index, passage in kept:
        passage.position = 1_000_000 + index
        passage.anchor = f"tmp-{passage.pk}"
    Passage.objects.bulk_update([p for _, p in kept], ["position", "anchor"])

    rows = []
    for index, new in enumerate(parsed.passages):
        passage = matches.get(index)
        if passage is None:
            passage = Passage(source=source)
            report.added += 1
        elif (passage.text, passage.label) == (new.text, new.label):
            report.unchanged += 1
        else:
            report.edited += 1
        passage.position, passage.kind, passage.label = index, new.kind, new.label
        passage.text, passage.html, passage.anchor = new.text, new.html, anchors[index]
        rows.append(passage)
    Passage.objects.bulk_update([p for p in rows if p.pk], ["position", "kind", "label", "text", "html", "anchor"])
    Passage.objects.bulk_create([p for p in rows if not p.pk])

    FootnoteReference.objects.bulk_create(
        FootnoteReference(source=source, label=ref.label, passage=rows[ref.passage], note=rows[ref.note])
        for ref in parsed.references
    )
    report.references = len(parsed.references)
    report.prompts = sync_prompts(rows, parsed, matches)
    source.touch()  # bulk writes send no signals: a new version of the rendered text
    return report


def sync_prompts(rows, parsed, matches):
    """Keep prompts whose text is unchanged; reuse the rest in order (an edited question keeps its answers)."""
    keep, create, drop = [], [], []
    for index, (passage, new) in enumerate(zip(rows, parsed.passages, strict=True)):
        existing = list(matches[index].prompts.all()) if index in matches else []
        wanted = list(new.prompts)
        same = {}
        for position, text in enumerate(wanted):
            hit = next((p for p in existing if p.text == text and p.pk not in same.values()), None)
            if hit:
                same[position] = hit.pk
        spare = [p for p in existing if p.pk not in same.values()]
        by_pk = {p.pk: p for p in existing}
        for position, text in enumerate(wanted):
            prompt = by_pk[same[position]] if position in same else (spare.pop(0) if spare else None)
            if prompt is None:
                create.append(Prompt(passage=passage, position=position, text=text))
            else:
                prompt.position, prompt.text = position, text
                keep.append(prompt)
        drop.extend(spare)
    Prompt.objects.filter(pk__in=[p.pk for p in drop]).delete()
    final = {p.pk: p.position for p in keep}
    for prompt in keep:
        prompt.position = 1_000_000 + prompt.position
    Prompt.objects.bulk_update(keep, ["position"])
    for prompt in keep:
        prompt.position = final[prompt.pk]
    Prompt.objects.bulk_update(keep, ["position", "text"])
    Prompt.objects.bulk_create(create)
    return len(keep) + len(create)


def relink(source):
    """Re-render every passage's HTML and rebuild its footnote references after a hand edit in the admin."""
    passages = list(source.passages.all())
    parsed = [parser.ParsedPassage(kind=p.kind, text=p.text, line=0, label=p.label, anchor=p.anchor) for p in passages]
    references = parser.link_footnotes(parsed, source.slug)
    parser.render(parsed, references)
    with transaction.atomic():
        for passage, new in zip(passages, parsed, strict=True):
            passage.html = new.html
        Passage.objects.bulk_update(passages, ["html"])
        FootnoteReference.objects.filter(source=source).delete()
        FootnoteReference.objects.bulk_create(
            FootnoteReference(source=source, label=ref.label, passage=passages[ref.passage], note=passages[ref.note])
            for ref in references
        )


def parsed_from_fixture(path):
    """A ParsedSource read back from one of our fixtures, so load_readings can update a loaded source safely."""
    path = Path(path)
    try:
        rows = json.loads(parser.decode(path.read_bytes(), path))
        sources = [row["fields"] for row in rows if row["model"] == "sources.source"]
        passages = sorted(
            (row["fields"] for row in rows if row["model"] == "sources.passage"), key=lambda fields: fields["position"]
        )
        prompts = defaultdict(list)
        for row in sorted(
            (row["fields"] for row in rows if row["model"] == "sources.prompt"), key=lambda fields: fields["position"]
        ):
            prompts[row["passage"][1]].append(row["text"])
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise parser.SourceFormatError(path, 0, f"not a reading fixture ({error})") from None
    if len(sources) != 1:
        raise parser.SourceFormatError(path, 0, "a reading fixture holds exactly one source")
    meta = {name: sources[0].get(name, "") for name in [*META_FIELDS, "slug", "visibility"]}
    parsed_passages = [
        parser.ParsedPassage(
            kind=fields["kind"],
            text=fields["text"],
            line=0,
            label=fields["label"],
            anchor=fields["anchor"],
            html=fields["html"],
            prompts=prompts.get(fields["anchor"], []),
        )
        for fields in passages
    ]
    references = parser.link_footnotes(parsed_passages, path)
    return parser.ParsedSource(path=str(path), meta=meta, passages=parsed_passages, references=references)
