"""Discussion pages: home, invites, group pages, the group reading page and comment forms.

Every page of a private group answers 404 to anyone who is not a member, so a group's
existence is not revealed. Every form works without JavaScript: plain POST, then a redirect
to the comment's anchor, or the page again with the error and the text kept. The reading page's
script posts a comment in place instead (wants_json), and shows a refusal at the form.
"""

import posixpath
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sources.rendered import rendered_reading

from . import hooks, posting, reading_html, threads, timezones
from .forms import CommentForm, EditCommentForm, ProfileForm
from .models import Comment, Flag, GroupReading, Membership, Profile, ReadingGroup, ReadingVisit, Viewer


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


def comment_location(user, comment, since=None):
    """The reading page URL that shows `comment`: its passage (or the whole reading's discussion)
    opened, on the page of threads that holds it, scrolled to it. One count query, whatever the
    length of the discussion."""
    url = reverse("forum:reading", args=[comment.group.slug, comment.source.slug])
    params = {"open": comment.passage_id or WHOLE_READING}
    number = threads.page_number_of(user, comment)
    if number > 1:
        params["page" if comment.passage_id else "cpage"] = number
    if since is not None:
        params["since"] = int(since.timestamp())
    return f"{url}?{urlencode(params)}#{comment.anchor}"


# ?open=reading opens the whole reading's discussion (loaded on demand once a discussion is long).
WHOLE_READING = "reading"
# A member's visit is written at most this often: the write was the page's one commit.
VISIT_REFRESH = timedelta(minutes=1)


def page_number(value):
    return int(value) if value and value.isdigit() else 1


def reading_with_visit(request, group, membership, source_slug):
    """The group's reading of `source_slug` with `last_seen`, the member's last visit (None for a
    visitor or a first visit), in one query; 404 when the group does not read it or the visitor
    may not open it (a member may open all their group's readings, restricted ones too)."""
    readings = GroupReading.objects if membership is not None else GroupReading.objects.open_to(request.user)
    readings = readings.select_related("source")
    readings = readings.filter(group=group, source__slug=source_slug)
    if request.user.is_authenticated:
        visits = ReadingVisit.objects.filter(user=request.user, group=group, source=OuterRef("source"))
        readings = readings.annotate(last_seen=Subquery(visits.values("seen_at")[:1]))
    reading = readings.annotate(**hooks.reading_annotations_for()).first()
    if reading is None:
        raise Http404("This group is not reading that source.")
    return reading


@require_safe
def reading_page(request, slug, source_slug):
    group, membership = group_for(request, slug)
    reading = reading_with_visit(request, group, membership, source_slug)
    source = reading.source
    text = rendered_reading(source)
    open_passage = request.GET.get("open", "")
    open_id = int(open_passage) if open_passage.isdigit() else None
    number, cpage = page_number(request.GET.get("page")), page_number(request.GET.get("cpage"))
    whole_open = open_passage == WHOLE_READING or "cpage" in request.GET
    viewer = Viewer.on_page(request.user, group, membership, reading)
    discussion = threads.load(viewer, source, open_id, number, cpage, whole_open)
    page_messages = place_messages(request, discussion)
    if membership is not None:
        discussion.mark(threads.flagged_by(request.user, discussion), flagged=True)
        last_seen = getattr(reading, "last_seen", None)
        if request.method == "GET" and (last_seen is None or timezone.now() - last_seen > VISIT_REFRESH):
            ReadingVisit.objects.record(request.user, group, source)
    member = membership is not None
    source_page = discussion.page(None, cpage)
    places = discussion.places(text.passages, open_id, number, member)
    notes = discussion.places(text.notes, open_id, number, member)
    source_comments = threads.flatten(source_page.object_list)
    relative_comment_prefix = posixpath.relpath(reverse("forum:comment", args=[group.slug, 0])[:-2], request.path) + "/"
    new_comments, new_since, first_new = [], None, ""
    if member:
        new_since = threads.since_param(request.GET.get("since")) or getattr(reading, "last_seen", None)
    if new_since is not None:
        new_comments = threads.new_comment_ids(viewer, source, new_since)
        first_new = threads.mark_new(
            shown_at(places + notes, source_comments, source_page), new_comments, new_since, relative_comment_prefix
        )
    hooks.decorate_reading(
        {
            "user": request.user,
            "group": group,
            "membership": membership,
            "source": source,
            "reading": reading,
            # This page's own copies (forum.threads.Place): the text itself is shared between requests.
            "all_passages": places + notes,
            "discussion": discussion,
            "viewer": viewer,
        }
    )
    context = {
        "group": group,
        "membership": membership,
        # Muted members read but do not flag: asked once here, not once per comment.
        "may_flag": member and not membership.muted_now(),
        "reading": reading,
        "source": source,
        "passages": places,
        "notes": notes,
        "discussion": discussion,
        "page_messages": page_messages,
        "source_page": source_page,
        "source_loaded": discussion.is_loaded(None),
        "source_comments": source_comments,
        "new_comments": new_comments,
        "first_new": first_new,
        "source_count": discussion.count_for(None),
        "open_passage": open_passage,
        # Reversed once per page, not once per comment: thousands of reverse() calls add up.
        "new_comment_url": reverse("forum:comment_new", args=[group.slug, source.slug]),
        "comment_url_prefix": reverse("forum:comment_edit", args=[group.slug, 0]).removesuffix("0/edit/"),
        # Relative to this page, for the links every comment carries: shorter by some 60 bytes each.
        "reply_url": reverse("forum:comment_new", args=[group.slug, source.slug]).removeprefix(request.path),
        "relative_comment_prefix": relative_comment_prefix,
        "extras": hooks.partials(),
        "moderate_url_prefix": reverse("forum:moderate", args=[0]).removesuffix("0/moderate/"),
        "comment_form": CommentForm(user=request.user, membership=membership, group=group, source=source),
        **flag_form_context(),
    }
    context.update(reading_html.render(request, context))
    return render(request, "forum/reading.html", context)


def shown_at(places, source_comments, source_page):
    """{comment id: (its Node, the query string that opens its place at the page shown)} for the
    comments this page shows, so "Next new" links to them reload the right page."""
    shown = {}
    for place in places:
        if place.page is None:
            continue
        opens = f"?open={place.pk}" + (f"&page={place.page.number}" if place.page.number > 1 else "")
        shown.update((node.comment.pk, (node, opens)) for node in place.comments)
    opens = f"?open={WHOLE_READING}" + (f"&cpage={source_page.number}" if source_page.number > 1 else "")
    shown.update((node.comment.pk, (node, opens)) for node in source_comments)
    return shown


def flag_form_context():
    return {
        "flag_url_prefix": reverse("forum:flag", args=[0]).removesuffix("0/flag/"),
        "flag_reasons": Flag.Reason.choices,
        "flag_note_max": Flag._meta.get_field("note").max_length,
    }


@login_required
@require_safe
def comment_flag(request, slug, pk):
    """The flag form on a page of its own, for when JavaScript is off (it posts to forum:flag)."""
    group, _ = member_group_for(request, slug)
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user, group).select_related("author__profile"), pk=pk
    )
    return render(request, "forum/flag.html", {"group": group, "comment": comment, **flag_form_context()})


# A message tagged "at-c-<id> posted" confirms a comment just posted: it is shown first under
# what it answers (threads.Discussion.bring_forward), also without JavaScript.
POSTED_TAG = "posted"


def place_messages(request, discussion):
    """Show a confirmation addressed to one comment (extra_tags "at-c-<id>") at that comment,
    where the reader is looking, not at the top of the page; return the rest for the top."""
    rest = []
    for message in messages.get_messages(request):
        tags = (message.extra_tags or "").split()
        at = next((tag[5:] for tag in tags if tag.startswith("at-c-") and tag[5:].isdigit()), "")
        comment_id = int(at) if at else None
        if comment_id in discussion.nodes:
            discussion.mark([comment_id], notice=message.message)
            if POSTED_TAG in tags:
                discussion.bring_forward(comment_id)
        else:
            rest.append(message)
    return rest


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
    # A "Next new" link (forum.threads.mark_new) carries where the walk through new comments started.
    return redirect(comment_location(request.user, comment, threads.since_param(request.GET.get("since"))))


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
            messages.success(request, posted_notice(result), extra_tags=f"at-c-{result.comment.pk} {POSTED_TAG}")
            location = comment_location(request.user, result.comment)
            if wants_json(request):
                return JsonResponse({"location": location})
            return redirect(location)
    if form.is_bound and wants_json(request):
        # Refused or invalid: the reading page's script shows why at the form, the text still in the box.
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        return JsonResponse({"errors": errors}, status=400)
    context = {"group": group, "membership": membership, "source": source, "form": form, "target": form.target()}
    return render(request, "forum/comment_form.html", context, status=400 if form.is_bound else 200)


def wants_json(request):
    """The reading page's script posts a comment with `Accept: application/json` and shows the
    answer where the member typed (static/js/discussion.js); a plain form post gets pages."""
    return "application/json" in request.headers.get("Accept", "")


def posted_notice(result):
    """The short confirmation shown at the new comment; a reply names whom it answers."""
    comment = result.comment
    notice = f"Posted, in reply to {comment.in_reply_to.author_name}" if comment.in_reply_to_id else "Posted"
    if result.held:
        return f"{notice}, and awaiting moderation: only you and the moderators see it for now."
    return f"{notice}."


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
    return redirect(place_after_delete(request.user, comment))


def place_after_delete(user, comment):
    """Where the reader was: the comment's own place if a placeholder keeps it in the thread,
    else the comment it answered, else its passage's discussion (or the whole-reading one)."""
    if comment.in_reply_to_id:
        answered = Comment.objects.visible_to(user, comment.group).filter(pk=comment.in_reply_to_id).first()
        if answered is not None:
            return comment_location(user, answered)
    location = comment_location(user, comment)
    if Comment.objects.filter(root=comment.root_id or comment.pk).exclude(pk=comment.pk).exists():
        return location
    fragment = f"d-{comment.passage.anchor}" if comment.passage_id else "comments"
    return f"{location.split('#')[0]}#{fragment}"


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_bound and form.is_valid():
        form.save()
        timezones.remember(request, form.instance.time_zone)
        messages.success(request, "Your profile is saved.")
        return redirect("forum:profile")
    return render(request, "forum/profile.html", {"form": form})
