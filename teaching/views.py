"""The site side of teaching: plain POST forms on the group reading page, each redirecting back
to where it was used, so they work without JavaScript.

A moderator adds a question; a member marks their comment as a question; the asker or a
moderator marks the answer; a moderator gives private feedback. Anyone who cannot see the
comment, or is not in the group, gets the same 404 as for a page they cannot see; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Comment, Membership
from forum.views import comment_redirect, member_group_for, reading_for

from . import qa
from .forms import QuestionForm
from .models import CommentQuestion


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, slug, source_slug):
    """GET: the form for the passage in ?passage= (the reading page's "Add a question here"
    without JavaScript); POST: add the question and go back to it on the reading page."""
    group, _ = member_group_for(request, slug)
    if not Membership.objects.moderating(request.user, group).exists():
        raise Http404("Only the group's moderators write its questions.")
    source = reading_for(request, group, source_slug).source
    if request.method == "GET":
        number = request.GET.get("passage", "")
        passage = source.passages.filter(pk=number).first() if number.isdigit() and len(number) < 10 else None
        if passage is None:
            raise Http404("That passage is not part of this reading.")
        form = QuestionForm(initial={"passage": passage.pk}, group=group, source=source)
        return render(
            request, "teaching/question_form.html", {"group": group, "source": source, "form": form, "passage": passage}
        )
    form = QuestionForm(request.POST, group=group, source=source)
    if form.is_valid():
        question = form.save(request.user)
        messages.success(request, "Question added: only this group sees it.")
        url = reverse("forum:reading", args=[group.slug, source.slug])
        return redirect(f"{url}#prompt-{question.prompt_id}")
    passage = form.cleaned_data.get("passage")
    context = {"group": group, "source": source, "form": form, "passage": passage}
    return render(request, "teaching/question_form.html", context, status=400)


def seen_comment(request, slug, pk):
    """The group's comment `pk`, if the member can see it on the site (answer first included)."""
    group, _ = member_group_for(request, slug)
    comments = Comment.objects.visible_to(request.user, group).select_related("group", "source")
    return get_object_or_404(comments, pk=pk)


def act(request, comment, perform, done):
    try:
        perform()
    except qa.TeachingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return comment_redirect(request, comment)


@login_required
@require_POST
def ask(request, slug, pk):
    comment = seen_comment(request, slug, pk)
    return act(
        request, comment, lambda: qa.ask(comment, request.user), "Marked as a question: the group can answer it."
    )


@login_required
@require_POST
def mark_answer(request, slug, pk):
    reply = seen_comment(request, slug, pk)
    asked = thread_question(request.user, reply)
    if asked is None:
        messages.error(request, "There is no open question above this reply.")
        return comment_redirect(request, reply)
    return act(request, reply, lambda: qa.mark_answer(asked, reply, request.user), "Marked as the answer.")


def thread_question(user, reply):
    """The nearest question above `reply` in its thread that `user` can see, or None."""
    visible = Comment.objects.visible_to(user, reply.group)
    ancestors, node = [], reply
    while node.parent_id is not None:
        node = visible.filter(pk=node.parent_id).first()
        if node is None:
            break
        ancestors.append(node.pk)
    found = CommentQuestion.objects.filter(comment_id__in=ancestors).select_related("comment")
    questions = {question.comment_id: question for question in found}
    return next((questions[pk] for pk in ancestors if pk in questions), None)


@login_required
@require_POST
def feedback(request, slug, pk):
    comment = seen_comment(request, slug, pk)
    if not Membership.objects.moderating(request.user, comment.group).exists():
        raise Http404("Only the group's moderators give feedback.")
    body = request.POST.get("body", "")
    return act(
        request,
        comment,
        lambda: qa.give_feedback(comment, request.user, body),
        "Feedback saved: only the member and the group's moderators see it.",
    )
