"""The instructor's report on one group reading: who answered which question (on time, late or
not), each member's participation, the passages that drew the discussion, the open questions.

It counts what people wrote (comments, replies, answers, words, first and last activity) and
nothing else: no page views, no time spent reading. Built from a fixed handful of queries
(members, questions, every comment's few columns, the discussed passages, the open questions),
so its cost grows with the data's size but never its number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from forum.models import Comment, Membership, display_name
from sources.models import Passage, Prompt

from . import qa

ON_TIME, LATE, NOT_ANSWERED = "on time", "late", "not answered"
TOP_PASSAGES = 10


@dataclass
class Participation:
    member: object
    name: str
    comments: int = 0
    replies: int = 0
    answered: int = 0
    words: int = 0
    first: datetime.datetime | None = None
    last: datetime.datetime | None = None
    cells: list = field(default_factory=list)  # one state per question, in the report's question order


@dataclass
class Report:
    reading: object
    questions: list
    rows: list
    passages: list
    open_questions: list
    deadline: datetime.datetime | None

    @property
    def answer_counts(self):
        """Per question: how many members answered it (on time or late)."""
        return [sum(1 for row in self.rows if row.cells[i] != NOT_ANSWERED) for i in range(len(self.questions))]


def deadline_of(reading):
    """The end of the due day in the site's time zone: an answer written that day is on time."""
    if reading.due is None:
        return None
    end = datetime.datetime.combine(reading.due, datetime.time.max)
    return timezone.make_aware(end, timezone.get_current_timezone())


def questions_of(reading):
    """The reading's own questions and the group's (retired ones too: they have answers), in reading order."""
    mine = Q(group_only=False) | Q(group_question__group=reading.group_id)
    return list(
        Prompt.objects.filter(mine, passage__source=reading.source_id)
        .select_related("passage", "group_question")
        .order_by("passage__position", "position", "id")
    )


def word_count(text):
    return len(text.split())


def build(reading):
    deadline = deadline_of(reading)
    members = list(
        Membership.objects.filter(group=reading.group_id, role=Membership.Role.STUDENT)
        .select_related("user__profile")
        .order_by("user__username")
    )
    questions = questions_of(reading)
    rows = {m.user_id: Participation(member=m, name=display_name(m.user)) for m in members}
    first_answer = {}
    per_passage = defaultdict(int)
    comments = (
        Comment.objects.filter(group=reading.group_id, source=reading.source_id, is_deleted=False)
        .exclude(status=Comment.Status.REMOVED)
        .values_list("author_id", "prompt_id", "parent_id", "passage_id", "created", "body")
        .order_by("created", "id")
    )
    for author_id, prompt_id, parent_id, passage_id, created, body in comments:
        if passage_id is not None:
            per_passage[passage_id] += 1
        row = rows.get(author_id)
        if row is None:
            continue  # a moderator, or someone who has left the group
        if parent_id is None:
            row.comments += 1
        else:
            row.replies += 1
        row.words += word_count(body)
        row.first = row.first or created
        row.last = created
        if prompt_id is not None:
            first_answer.setdefault((author_id, prompt_id), created)
    for row in rows.values():
        for question in questions:
            when = first_answer.get((row.member.user_id, question.pk))
            if when is None:
                row.cells.append(NOT_ANSWERED)
            else:
                row.cells.append(LATE if deadline and when > deadline else ON_TIME)
        row.answered = sum(1 for cell in row.cells if cell != NOT_ANSWERED)
    ranked = sorted(per_passage.items(), key=lambda item: (-item[1], item[0]))[:TOP_PASSAGES]
    passages = {p.pk: p for p in Passage.objects.filter(pk__in=[pk for pk, _ in ranked])}
    return Report(
        reading=reading,
        questions=questions,
        rows=list(rows.values()),
        passages=[(passages[pk], count) for pk, count in ranked],
        open_questions=qa.open_questions_on(reading.group_id, reading.source_id),
        deadline=deadline,
    )


def csv_rows(report):
    """The report as CSV rows: one per member, their participation, then one column per question."""
    header = ["member", "display name", "comments", "replies", "questions answered", "words", "first", "last"]
    header += [
        f"Q{i} {question.passage.anchor}: {question.text[:60]}" for i, question in enumerate(report.questions, 1)
    ]
    yield header
    for row in report.rows:
        yield [
            row.member.user.get_username(),
            row.name,
            row.comments,
            row.replies,
            row.answered,
            row.words,
            row.first.isoformat() if row.first else "",
            row.last.isoformat() if row.last else "",
            *row.cells,
        ]
