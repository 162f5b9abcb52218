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
