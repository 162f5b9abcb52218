"""What teaching adds to the group reading page, through forum's seams (forum/hooks.py):
the group's own questions under their passages, the answer-first notice and counts, the
moderators' "Add a question here", members' questions with their answers, and private
feedback. Five queries at most, whatever the reading's length.
"""

from django.db.models import Q
from django.urls import reverse

from forum import hooks

from . import gate, qa
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
    reading.teaching_moderator = moderator
    if moderator:
        reading.question_add_url = reverse("teaching:question_add", args=[group.slug, source.slug])
    decorate_comments(context, moderator)
    if reading.answer_first and not moderator:
        counts, answered = gate.gate_counts(user, group, source)
        for passage in passages.values():
            for prompt in passage.prompt_list:
                if prompt.pk not in answered:
                    prompt.gate_count = counts.get(prompt.pk, 0)


def walk(nodes, question=None):
    """(node, the nearest question above it) for every shown comment, depth first."""
    for node in nodes:
        yield node, question
        own = getattr(node.comment, "qa", None)
        yield from walk(node.children, own if own is not None else question)


def decorate_comments(context, moderator):
    """Badges and buttons for members' questions, and private feedback, on the loaded comments."""
    user, source, reading = context["user"], context["source"], context["reading"]
    discussion = context["discussion"]
    questions = list(qa.questions_on(context["viewer"], source))
    by_comment = {question.comment_id: question for question in questions}
    answers = {question.answer_id: question for question in questions if question.answer_id}
    feedback = {}
    if context["membership"] is not None:
        shown = [node.comment for node in discussion.nodes.values() if not node.placeholder]
        for note in qa.feedback_on(user, shown, moderator):
            feedback.setdefault(note.comment_id, []).append(note)
    for trees in discussion.threads.values():
        for node, above in walk_marked(trees, by_comment):
            comment = node.comment
            comment.answers_question = answers.get(comment.pk)
            comment.feedback_list = feedback.get(comment.pk, [])
            comment.can_ask = comment.author_id == user.pk and comment.qa is None and not node.placeholder
            comment.can_give_feedback = moderator and comment.author_id != user.pk and not node.placeholder
            comment.answer_for = None
            if above is not None and not node.placeholder and above.answer_id != comment.pk:
                if moderator or above.comment.author_id == user.pk:
                    comment.answer_for = above
    reading.open_questions = [question for question in questions if question.is_open]


def walk_marked(trees, by_comment):
    for node in trees:
        node.comment.qa = by_comment.get(node.comment.pk)
        mark_children(node, by_comment)
    return walk(trees)


def mark_children(node, by_comment):
    for child in node.children:
        child.comment.qa = by_comment.get(child.comment.pk)
        mark_children(child, by_comment)


def register():
    for registry, entry in (
        (hooks.prompt_rules, answerable_prompts),
        (hooks.reading_decorators, decorate),
        (hooks.reading_macros, "teaching/reading_extras.jinja"),
        (hooks.reading_partials, "teaching/_reading_notice.html"),
    ):
        if entry not in registry:
            registry.append(entry)
