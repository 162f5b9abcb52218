"""The site side of teaching: a group's moderator adds a question from the reading page.

Anyone else gets the same 404 as for a page they cannot see, and nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.models import Membership
from forum.views import member_group_for, reading_for

from .forms import QuestionForm


@login_required
@require_POST
def question_add(request, slug, source_slug):
    group, _ = member_group_for(request, slug)
    if not Membership.objects.moderating(request.user, group).exists():
        raise Http404("Only the group's moderators write its questions.")
    source = reading_for(request, group, source_slug).source
    form = QuestionForm(request.POST, group=group, source=source)
    if form.is_valid():
        question = form.save(request.user)
        messages.success(request, "Question added: only this group sees it.")
        url = reverse("forum:reading", args=[group.slug, source.slug])
        return redirect(f"{url}#prompt-{question.prompt_id}")
    passage = form.cleaned_data.get("passage")
    context = {"group": group, "source": source, "form": form, "passage": passage}
    return render(request, "teaching/question_form.html", context, status=400)
