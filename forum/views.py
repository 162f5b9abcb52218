"""Discussion pages: home, invites, group pages, the group reading page and comment forms.

Every page of a private group answers 404 to anyone who is not a member, so a group's
existence is not revealed. Every form works without JavaScript: plain POST, then a redirect
to the comment's anchor, or the page again with the error and the text kept.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sources.models import Passage

from . import conf, hooks, posting, threads
from .forms import CommentForm, EditCommentForm, ProfileForm
from .models import Comment, GroupReading, Membership, Profile, ReadingGroup, ReadingVisit


def group_for(request, slug):
    """(group, membership) for a group the visitor may read, else 404. One query for members."""
    membership = None
    if request.user.is_authenticated:
        membership = Membership.objects.select_related("group").filter(user=request.user, group__slug=slug).first()
    if membership is not None:
        return membership.group, membership
    return get_object_or_404(ReadingGroup, slug=slug, is_private=False), None


def member_group_for(request, slug):
    """Like group_for, but writing needs membership: 404 otherwise."""
    group, membership = group_for(request, slug)
    if membership is None:
        raise Http404("Only members of this group can write in it.")
    return group, membership


def reading_for(request, group, source_slug):
    """The group's reading of that source, if the visitor may open it (restricted readings: members only)."""
    readings = GroupReading.objects.open_to(request.user).select_related("source")
    reading = readings.filter(group=group, source__slug=source_slug).first()
    if reading is None:
        raise Http404("This group is not reading that source.")
    return reading


@login_required
def home(request):
    readings = list(GroupReading.objects.for_home(request.user))
    groups = {}
    for reading in readings:
        groups.setdefault(reading.group, []).append(reading)
    memberships = Membership.objects.filter(user=request.user).select_related("group").order_by("group__name")
    return render(request, "forum/home.html", {"groups": groups, "memberships": memberships})


def join(request, code):
    group = ReadingGroup.objects.filter(invite_code=code).first()
    if group is None:
        return render(request, "forum/join_invalid.html", status=404)
    if not request.user.is_authenticated:
        return render(request, "forum/join.html", {"group": group, "next": request.path})
    # Joining on GET is what an invite link is for; the unguessable code is the protection.
    _, created = group.join(request.user)
    if created:
        messages.success(request, f"Welcome to {group.name}.")
    return redirect(group)


def group_detail(request, slug):
    group, membership = group_for(request, slug)
    readings = group.readings.open_to(request.user).select_related("source")
    return render(request, "forum/group.html", {"group": group, "membership": membership, "readings": readings})


def load_discussion(user, group, source, open_passage_id):
    """The reading's discussion as threads: all of it while it is short, else only the whole-source
    comments and the passage the reader opened. Two queries either way."""
    counts = Comment.objects.visible_counts(user, group, source)
    if sum(counts.values()) <= conf.get("INLINE_COMMENTS"):
        return threads.build(Comment.objects.for_reading_page(user, group, source), counts)
    loaded = {open_passage_id} if open_passage_id else set()
    comments = Comment.objects.for_reading_page(user, group, source, passage_ids=loaded)
    return threads.build(comments, counts, loaded)


def comment_location(user, comment):
    """The reading page URL that shows `comment`: its passage opened, on the page of threads
    that holds it, scrolled to it."""
    url = reverse("forum:reading", args=[comment.group.slug, comment.source.slug])
    place = {comment.passage_id} if comment.passage_id else set()
    discussion = threads.build(Comment.objects.for_reading_page(user, comment.group, comment.source, passage_ids=place))
    params = {"open": comment.passage_id} if comment.passage_id else {}
    number = discussion.page_number_of(comment.pk, comment.passage_id)
    if number and number > 1:
        params["page" if comment.passage_id else "cpage"] = number
    query = f"?{urlencode(params)}" if params else ""
    return f"{url}{query}#{comment.anchor}"


@require_safe
def reading_page(request, slug, source_slug):
    group, membership = group_for(request, slug)
    reading = reading_for(request, group, source_slug)
    source = reading.source
    passages = list(source.reading())
    open_passage = request.GET.get("open", "")
    open_passage_id = int(open_passage) if open_passage.isdigit() else None
    discussion = load_discussion(request.user, group, source, open_passage_id)
    discussion.attach(passages, open_passage_id, request.GET.get("page"))
    source_page = discussion.page(None, request.GET.get("cpage"))
    if membership is not None and request.method == "GET":
        ReadingVisit.objects.record(request.user, group, source)
    hooks.decorate_reading(
        {
            "user": request.user,
            "group": group,
            "membership": membership,
            "source": source,
            "reading": reading,
            "all_passages": passages,
            "discussion": discussion,
        }
    )
    context = {
        "group": group,
        "membership": membership,
        "reading": reading,
        "source": source,
        "passages": [p for p in passages if p.kind != Passage.Kind.FOOTNOTE],
        "notes": [p for p in passages if p.kind == Passage.Kind.FOOTNOTE],
        "discussion": discussion,
        "source_page": source_page,
        "source_threads": source_page.object_list,
        "source_count": discussion.count_for(None),
        "open_passage": open_passage,
        # Reversed once per page, not once per comment: thousands of reverse() calls add up.
        "new_comment_url": reverse("forum:comment_new", args=[group.slug, source.slug]),
        "comment_url_prefix": reverse("forum:comment_edit", args=[group.slug, 0]).removesuffix("0/edit/"),
        "extras": hooks.partials(),
        "comment_form": CommentForm(user=request.user, membership=membership, group=group, source=source),
    }
    return render(request, "forum/reading.html", context)


def comment_redirect(request, comment):
    return redirect(comment_location(request.user, comment))


@require_safe
def comment_permalink(request, slug, pk):
    """A comment's lasting address (Comment.get_absolute_url): sends the reader to where it is shown.
    A comment the visitor cannot see (removed, deleted, someone else's pending or hidden) is a 404,
    like anything else they cannot see."""
    group, _ = group_for(request, slug)
    comments = Comment.objects.visible_to(request.user, group).select_related("group", "source")
    comment = get_object_or_404(comments, pk=pk)
    if not group.shows_source_to(request.user, comment.source):
        raise Http404("No such comment.")
    return comment_redirect(request, comment)


@login_required
@require_http_methods(["GET", "POST"])
def comment_new(request, slug, source_slug):
    """GET: the form on its own page (reply, passage, prompt), for when JavaScript is off.
    POST: post the comment; on error the form comes back here with the text kept."""
    group, membership = member_group_for(request, slug)
    source = reading_for(request, group, source_slug).source
    data = request.POST if request.method == "POST" else None
    form = CommentForm(
        data, initial=request.GET.dict(), user=request.user, membership=membership, group=group, source=source
    )
    if form.is_bound and form.is_valid():
        result = posting.post_comment(group=group, author=request.user, source=source, **form.cleaned_data)
        if result.refused:
            form.add_error(None, result.reason)
        else:
            if result.held:
                messages.info(request, "Your comment is awaiting moderation: only you and the moderators see it.")
            return comment_redirect(request, result.comment)
    context = {"group": group, "membership": membership, "source": source, "form": form, "target": form.target()}
    return render(request, "forum/comment_form.html", context, status=400 if form.is_bound else 200)


def own_comment(request, slug, pk):
    group, membership = member_group_for(request, slug)
    comment = get_object_or_404(Comment.objects.select_related("group", "source"), pk=pk, group=group, is_deleted=False)
    if comment.author_id != request.user.pk or comment.status == Comment.Status.REMOVED:
        raise Http404("You can only change your own comments.")
    return comment, membership


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, slug, pk):
    comment, membership = own_comment(request, slug, pk)
    form = EditCommentForm(request.POST or None, comment=comment, membership=membership)
    if form.is_bound and form.is_valid():
        posting.edit_comment(comment, form.cleaned_data["body"])
        if comment.status == Comment.Status.PENDING:
            messages.info(request, "Your edit is awaiting moderation: only you and the moderators see it.")
        return comment_redirect(request, comment)
    return render(
        request,
        "forum/comment_edit.html",
        {"comment": comment, "form": form, "group": comment.group},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def comment_delete(request, slug, pk):
    comment, membership = own_comment(request, slug, pk)
    message = membership.mute_message()
    if message:
        messages.error(request, message)
        return comment_redirect(request, comment)
    comment.soft_delete()
    messages.success(request, "Your comment was deleted.")
    return comment_redirect(request, comment)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Your display name is saved.")
        return redirect("forum:profile")
    return render(request, "forum/profile.html", {"form": form})
