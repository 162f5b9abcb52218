"""Group questions: one code path per act (add, edit, retire, restore, move), shared by the
reading page's "Add a question here" form and the admin.

Who may act is checked by the callers against forum.moderation (a group's moderators, or a
superuser); what may be written is checked here, so every door refuses the same bad input.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from forum.models import GroupReading
from forum.sanitize import strip_control_chars
from sources.models import Prompt

from .models import GroupQuestion

MAX_LENGTH = 1000
# Group questions are numbered after any the editor could write on a passage, so a re-import
# of the text (which renumbers the reading's own questions) never collides with them.
FIRST_GROUP_POSITION = 100_000
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def clean_text(value):
    """The question as plain text, or a ValidationError that says what to change."""
    text = strip_control_chars(value or "").strip()
    if not text:
        raise ValidationError("Write the question: it is empty.")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"A question can be at most {MAX_LENGTH:,} characters long; this one has {len(text):,}.")
    if TAG.search(text):
        raise ValidationError("Write the question as plain text: HTML tags are not allowed.")
    return text


def check_passage(group, passage):
    if not GroupReading.objects.filter(group=group, source_id=passage.source_id).exists():
        raise ValidationError(f"{group.name} is not reading “{passage.source.title}”.")


@transaction.atomic
def add(group, passage, author, text):
    """A new question for `group` on `passage`, after the group's other questions there."""
    text = clean_text(text)
    check_passage(group, passage)
    top = Prompt.objects.select_for_update().filter(passage=passage).aggregate(top=Max("position"))["top"]
    prompt = Prompt.objects.create(
        passage=passage, text=text, group_only=True, position=max(top or 0, FIRST_GROUP_POSITION - 1) + 1
    )
    last = GroupQuestion.objects.filter(group=group, prompt__passage=passage).aggregate(last=Max("position"))["last"]
    return GroupQuestion.objects.create(
        prompt=prompt, group=group, author=author, position=0 if last is None else last + 1
    )


def edit(question, text):
    question.prompt.text = clean_text(text)
    question.prompt.save(update_fields=["text"])
    return question


def retire(question, now=None):
    """Hide the question and stop new answers; the answers already written stay."""
    if question.retired_at is None:
        question.retired_at = now or timezone.now()
        question.save(update_fields=["retired_at"])


def restore(question):
    if question.retired_at is not None:
        question.retired_at = None
        question.save(update_fields=["retired_at"])


@transaction.atomic
def move(question, step):
    """Swap the question with its neighbour among the group's questions on the same passage
    (step -1: earlier, +1: later). Returns False at either end."""
    siblings = list(
        GroupQuestion.objects.select_for_update()
        .filter(group=question.group_id, prompt__passage=question.prompt.passage_id)
        .order_by("position", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    GroupQuestion.objects.bulk_update(siblings, ["position"])
    question.position = other
    return True


COPY, ALREADY_THERE, NOT_READ = "will be copied", "already there", "not read by that group"


def copy_plan(questions, target):
    """[(question, what copying it to `target` would do)]: a question counts as already there
    when `target` has one with the same text on the same passage (so copying twice adds nothing)."""
    questions = list(questions.select_related("prompt__passage__source", "group"))
    read = set(GroupReading.objects.filter(group=target).values_list("source_id", flat=True))
    there = set(GroupQuestion.objects.filter(group=target).values_list("prompt__passage_id", "prompt__text"))
    plan = []
    for question in questions:
        if question.prompt.passage.source_id not in read:
            plan.append((question, NOT_READ))
        elif (question.prompt.passage_id, question.prompt.text) in there or question.group_id == target.pk:
            plan.append((question, ALREADY_THERE))
        else:
            plan.append((question, COPY))
    return plan


@transaction.atomic
def copy(questions, target, author):
    """Copy what copy_plan says will be copied; returns how many were. Retired questions are
    copied as asked: next term's class starts fresh."""
    copied = 0
    for question, state in copy_plan(questions, target):
        if state == COPY:
            add(target, question.prompt.passage, author, question.prompt.text)
            copied += 1
    return copied
