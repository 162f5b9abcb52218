"""Moderation on the site: members flag comments, a group's moderators approve or hide in place.

Both go through forum.actions, the same code path (and log) as the admin desk. Plain POST forms
that redirect back to the comment's anchor, so they work without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import actions
from .models import Comment, Flag, ReadingGroup
from .moderation import can_moderate

INLINE_ACTS = {"approve": actions.approve, "hide": actions.hide, "restore": actions.restore}


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices)
    note = forms.CharField(required=False, max_length=Flag._meta.get_field("note").max_length)


class InlineActForm(forms.Form):
    act = forms.ChoiceField(choices=[("approve", "approve"), ("hide", "hide")])
    reason = forms.CharField(required=False, max_length=300)


def _back(request, comment):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(comment.get_absolute_url())


def _comment_seen_by(user, pk):
    """The comment, if `user` can see it on the site; a 404 otherwise, as for a non-member."""
    comment = get_object_or_404(Comment.objects.select_related("group", "source", "author"), pk=pk)
    readable = ReadingGroup.objects.readable_by(user).filter(pk=comment.group_id).exists()
    if not readable or not Comment.objects.visible_to(user, comment.group).filter(pk=pk).exists():
        raise Http404
    return comment


@require_POST
@login_required
def flag(request, pk):
    comment = _comment_seen_by(request.user, pk)
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Choose a reason for flagging (spam, abuse, off-topic or other), and keep the note under 300 characters.",
        )
        return _back(request, comment)
    try:
        actions.flag(comment, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Thank you: the group's moderators will look at this comment.")
    return _back(request, comment)


@require_POST
@login_required
def moderate(request, pk):
    comment = _comment_seen_by(request.user, pk)
    if not can_moderate(request.user, comment.group):
        raise Http404
    form = InlineActForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Unknown moderation act.")
        return _back(request, comment)
    act = form.cleaned_data["act"]
    if act == "approve" and comment.status in (Comment.Status.HIDDEN, Comment.Status.REMOVED):
        act = "restore"
    try:
        INLINE_ACTS[act](comment, request.user, form.cleaned_data["reason"])
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, {"approve": "Comment approved.", "hide": "Comment hidden.", "restore": "Comment restored."}[act]
        )
    return _back(request, comment)
