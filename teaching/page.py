"""What teaching adds to the group reading page, through forum's seams (forum/hooks.py):
the group's own questions under their passages, the answer-first notice and counts, and the
moderators' "Add a question here". Three queries at most, whatever the reading's length.
"""

from django.db.models import Q

from forum import hooks

from . import gate
from .models import GroupQuestion


def answerable_prompts(group):
    """The questions a member of `group` may answer: the reading's own and the group's active ones."""
    return Q(group_only=False) | Q(group_question__group=group, group_question__retired_at__isnull=True)


def decorate(context):
    group, source, reading = context["group"], context["source"], context["reading"]
    membership, user = context["membership"], context["user"]
    passages = {passage.pk: passage for passage in context["all_passages"]}
    questions = GroupQuestion.objects.active().for_reading(group, source).select_related("prompt")
    for question in questions.order_by("position", "id"):
        prompt = question.prompt
        prompt.is_group_question = True
        if prompt.passage_id in passages:
            passages[prompt.passage_id].prompt_list.append(prompt)
    moderator = membership is not None and membership.is_moderator
    for passage in passages.values():
        passage.can_add_question = moderator
    reading.answer_first = gate.is_answer_first(reading)
    reading.teaching_moderator = moderator
    if reading.answer_first and not moderator:
        counts, answered = gate.gate_counts(user, group, source)
        for passage in passages.values():
            for prompt in passage.prompt_list:
                if prompt.pk not in answered:
                    prompt.gate_count = counts.get(prompt.pk, 0)


def register():
    for registry, entry in (
        (hooks.prompt_rules, answerable_prompts),
        (hooks.reading_decorators, decorate),
        (hooks.prompt_partials, "teaching/_prompt_gate.html"),
        (hooks.passage_partials, "teaching/_add_question.html"),
        (hooks.reading_partials, "teaching/_reading_notice.html"),
    ):
        if entry not in registry:
            registry.append(entry)
