"""Answer first: until a member has answered a reading question, its answers and their replies
are hidden from them, and they see only how many classmates have answered.

The rule is a filter registered in forum's visibility seam (forum/hooks.py), so it holds wherever
forum decides what a member may see: the reading page and its counts, thread pages, permalinks,
replies, flags, the home page's "N new", and anything built on Comment.visibility_q later
(notifications, search). Moderators and a comment's author are never gated (forum applies the
rules only to others). The subqueries are correlated on the comment's own group and source, so
the rule also works inside the home page's per-reading subquery.
"""

from django.db.models import Count, Exists, OuterRef, Q

from forum import hooks
from forum.models import Comment

from .models import ReadingSettings


def answers_by(user):
    """`user`'s answers in the comment's group (to be narrowed to one question); what counts as
    having answered: a question comment they have not deleted and that was not removed."""
    return Comment.objects.filter(group=OuterRef("group"), author=user, is_deleted=False, prompt__isnull=False).exclude(
        status=Comment.Status.REMOVED
    )


def gated_reading():
    return Exists(
        ReadingSettings.objects.filter(
            answer_first=True, reading__group=OuterRef("group"), reading__source=OuterRef("source")
        )
    )


def answer_first_annotation():
    """The group reading page's reading carries `answer_first` (forum.hooks.reading_annotations)."""
    return {"answer_first": Exists(ReadingSettings.objects.filter(reading=OuterRef("pk"), answer_first=True))}


def answer_first_rule(user, group, reading=None):
    """Q: the comment is not behind the gate for `user`. A thread's question is its first
    comment's prompt (Comment.root), so replies are gated with the answer they sit under. On a
    reading known to be open (`reading.answer_first` false) nothing is gated: Q()."""
    gated = getattr(reading, "answer_first", None)
    if gated is False:
        return Q()
    not_a_question_thread = Q(prompt__isnull=True) & Q(root__prompt__isnull=True)
    allowed = not_a_question_thread if gated else ~gated_reading() | not_a_question_thread
    if user.is_authenticated:
        answers = answers_by(user)
        allowed |= Exists(answers.filter(prompt=OuterRef("prompt")))
        allowed |= Exists(answers.filter(prompt=OuterRef("root__prompt")))
    return allowed


def gate_counts(user, group, source):
    """({prompt id: classmates who have answered it}, {ids of the prompts `user` has answered})
    on this reading, in one query. Only the count: nothing of what they wrote."""
    me = user.pk if user.is_authenticated else None
    rows = (
        Comment.objects.filter(group=group, source=source, prompt__isnull=False, root__isnull=True, is_deleted=False)
        .values("prompt_id")
        .annotate(
            others=Count("author", distinct=True, filter=Q(status=Comment.Status.APPROVED) & ~Q(author_id=me)),
            mine=Count("pk", filter=Q(author_id=me) & ~Q(status=Comment.Status.REMOVED)),
        )
        .order_by()
    )
    rows = list(rows)
    return {row["prompt_id"]: row["others"] for row in rows}, {row["prompt_id"] for row in rows if row["mine"]}


def register():
    if answer_first_rule not in hooks.visibility_rules:
        hooks.visibility_rules.append(answer_first_rule)
    if answer_first_annotation not in hooks.reading_annotations:
        hooks.reading_annotations.append(answer_first_annotation)
