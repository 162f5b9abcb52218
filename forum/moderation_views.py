"""Moderation on the site: members flag comments, a group's moderators approve or hide in place.

Both go through forum.acts, the same code path, table of acts and log as the admin desk. Plain POST forms
that redirect back to the comment's anchor, so they work without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import acts
from .models import Comment, Flag, Membership, ReadingGroup


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices)
    note = forms.CharField(required=False, max_length=acts.NOTE_MAX_LENGTH)


class InlineActForm(forms.Form):
    act = forms.ChoiceField(choices=[(act.name, act.label) for act in acts.COMMENT_ACTS if act.on_site])
    reason = forms.CharField(required=False, max_length=acts.REASON_MAX_LENGTH)


def _back(request, comment):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(comment.get_absolute_url())


def _comment_seen_by(user, pk):
    """The comment, if `user` can see it on the site; a 404 otherwise, as for a non-member."""
    comment = get_object_or_404(Comment.objects.select_related("group", "source", "author"), pk=pk)
    readable = ReadingGroup.objects.readable_by(user).filter(pk=comment.group_id).exists()
    if (
        not readable
        or not comment.group.shows_source_to(user, comment.source)
        or not Comment.objects.visible_to(user, comment.group).filter(pk=pk).exists()
    ):
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
            "Choose a reason for flagging (spam, abuse, off-topic or other), "
            f"and keep the note under {acts.NOTE_MAX_LENGTH} characters.",
            extra_tags=f"at-c-{comment.pk}",
        )
        return _back(request, comment)
    try:
        acts.flag(comment, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
    except acts.ActionRefused as refusal:
        messages.error(request, str(refusal), extra_tags=f"at-c-{comment.pk}")
    else:
        messages.success(
            request,
            "Flagged. Thank you: the group's moderators will look at this comment.",
            extra_tags=f"at-c-{comment.pk}",
        )
    return _back(request, comment)


@require_POST
@login_required
def moderate(request, pk):
    comment = _comment_seen_by(request.user, pk)
    if not Membership.objects.moderating(request.user, comment.group_id).exists():
        raise Http404
    form = InlineActForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Unknown moderation act.")
        return _back(request, comment)
    act = acts.COMMENT_ACTS_BY_NAME[form.cleaned_data["act"]]
    if act not in acts.acts_for(comment, on_site=True):
        messages.error(request, f"{act.label} does not apply to a comment that is {comment.status}.")
        return _back(request, comment)
    try:
        act.perform(comment, request.user, form.cleaned_data["reason"])
    except acts.ActionRefused as refusal:
        messages.error(request, str(refusal), extra_tags=f"at-c-{comment.pk}")
    else:
        messages.success(request, act.done, extra_tags=f"at-c-{comment.pk}")
    return _back(request, comment)
