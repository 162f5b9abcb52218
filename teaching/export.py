"""Taking the discussion away: one group's discussion of one reading as Markdown (the annotated
edition: the reading passage by passage, its questions, and its threads nested under it) or as
CSV (one row per comment, with the ids that rebuild the tree).

Approved comments only unless include_hidden (then held, hidden and removed ones too, with their
status). Deleted comments are never exported: their authors took them back. Who may export is
the caller's business (the admin checks the group's moderators; the command is the server's).
"""

import csv
import io
from collections import defaultdict

from django.utils import timezone

from forum.models import Comment, display_name

from .report import questions_of

CSV_COLUMNS = [
    "id",
    "passage anchor",
    "passage kind",
    "passage label",
    "question",
    "parent id",
    "in-reply-to id",
    "depth",
    "author",
    "created",
    "edited",
    "status",
    "body",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def comments_of(reading, include_hidden=False):
    comments = Comment.objects.filter(group=reading.group_id, source=reading.source_id, is_deleted=False)
    if not include_hidden:
        comments = comments.filter(status=Comment.Status.APPROVED)
    return list(comments.select_related("author__profile", "passage", "prompt").order_by("created", "id"))


def when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def spreadsheet_safe(text):
    """A cell a spreadsheet will not run as a formula (a student's text can start with "=")."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(reading, include_hidden=False):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in comments_of(reading, include_hidden):
        passage = c.passage
        writer.writerow(
            [
                c.pk,
                passage.anchor if passage else "",
                passage.kind if passage else "",
                passage.label if passage else "",
                spreadsheet_safe(c.prompt.text if c.prompt_id else ""),
                c.parent_id or "",
                c.in_reply_to_id or "",
                c.depth,
                spreadsheet_safe(display_name(c.author)),
                timezone.localtime(c.created).isoformat(),
                timezone.localtime(c.edited).isoformat() if c.edited else "",
                c.status,
                spreadsheet_safe(c.body),
            ]
        )
    return out.getvalue()


def indent(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.strip().splitlines())


def thread_lines(comment, children, level, include_hidden):
    head = f"{'  ' * level}- **{display_name(comment.author)}** · {when(comment.created)}"
    if comment.prompt_id:
        head += f" · answering “{comment.prompt.text}”"
    if comment.edited:
        head += " · edited"
    if include_hidden and comment.status != Comment.Status.APPROVED:
        head += f" · *{comment.status}*"
    lines = [head, "", indent(comment.body, 2 * level + 2), ""]
    for child in children[comment.pk]:
        lines += thread_lines(child, children, level + 1, include_hidden)
    return lines


def markdown(reading, include_hidden=False):
    source, group = reading.source, reading.group
    comments = comments_of(reading, include_hidden)
    shown = {c.pk for c in comments}
    children, roots = defaultdict(list), defaultdict(list)
    for c in comments:
        # A reply whose parent is not exported (held, hidden, deleted) starts a thread of its own.
        (children[c.parent_id] if c.parent_id in shown else roots[c.passage_id]).append(c)
    questions = defaultdict(list)
    for prompt in questions_of(reading):
        questions[prompt.passage_id].append(prompt)
    byline = " · ".join(part for part in (source.author, source.publication, source.date) if part)
    scope = "all comments, with their status" if include_hidden else "approved comments"
    lines = [f"# {source.title}", ""]
    if byline:
        lines += [byline, ""]
    if source.url:
        lines += [f"Original: <{source.url}>", ""]
    lines += [
        f"The discussion of {group.name}, exported {when(timezone.now())}: {len(comments)} {scope}.",
        "",
    ]
    for passage in source.passages.order_by("position"):
        label = f" {passage.label}" if passage.label else ""
        lines += [f"## {passage.anchor} · {passage.kind}{label}", "", indent(passage.text, 0).replace("\n", "\n> ")]
        lines[-1] = "> " + lines[-1]
        lines.append("")
        for prompt in questions[passage.pk]:
            owner = f"{group.name}’s question" if prompt.group_only else "Reading question"
            retired = " (retired)" if prompt.group_only and prompt.group_question.retired_at else ""
            lines += [f"**{owner}{retired}:** {prompt.text}", ""]
        for root in roots[passage.pk]:
            lines += thread_lines(root, children, 0, include_hidden)
    if roots[None]:
        lines += ["## On the whole reading", ""]
        for root in roots[None]:
            lines += thread_lines(root, children, 0, include_hidden)
    return "\n".join(lines).rstrip() + "\n"


def render(reading, fmt, include_hidden=False):
    """(text, content type, file extension) for `fmt` ("markdown" or "csv")."""
    if fmt == "csv":
        return csv_text(reading, include_hidden), "text/csv", "csv"
    if fmt == "markdown":
        return markdown(reading, include_hidden), "text/markdown", "md"
    raise ValueError(f"Unknown export format “{fmt}”: choose markdown or csv.")
