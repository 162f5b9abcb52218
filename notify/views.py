"""The notifications page, marking read, email preferences and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.models import Membership

from . import conf
from .forms import PreferencesForm
from .models import Delivery, Kind, Notification, Preference
from .unsubscribe import BadLink, read_token


def by_reading(notes):
    """[(group, source, notes)]: the page's notifications grouped by reading, each reading placed
    by its newest notification (the list is newest first)."""
    readings = {}
    for note in notes:
        readings.setdefault((note.group_id, note.source_id), (note.group, note.source, []))[2].append(note)
    return list(readings.values())


@login_required
@require_safe
def notification_list(request):
    page = Paginator(Notification.objects.for_page(request.user), conf.get("NOTIFICATIONS_PER_PAGE")).get_page(
        request.GET.get("page")
    )
    return render(request, "notify/list.html", {"page": page, "readings": by_reading(page.object_list)})


def target_url(note):
    """Where a notification leads: its comment while the member may see it, else its reading."""
    if note.comment_id and note.comment_visible:
        return reverse("forum:comment", args=[note.group.slug, note.comment_id])
    if note.source_id:
        return reverse("forum:reading", args=[note.group.slug, note.source.slug])
    return reverse("forum:group", args=[note.group.slug])


@login_required
@require_safe
def notification_open(request, pk):
    """Follow a notification (from the page or an email): it is read once opened."""
    note = get_object_or_404(Notification.objects.for_page(request.user), pk=pk)
    Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(target_url(note))


@login_required
@require_POST
def notification_read(request, pk):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    page = request.POST.get("page", "")
    return redirect(reverse("notify:list") + (f"?page={page}" if page.isdigit() else ""))


@login_required
@require_POST
def notification_read_all(request):
    count = Notification.objects.mark_read(request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notify:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = Preference.objects.deliveries([request.user])
    form = PreferencesForm(
        request.POST or None,
        moderates=Membership.objects.moderators().filter(user=request.user).exists(),
        user=request.user,
        current={kind: current[(request.user.pk, kind)] for kind in Kind.values},
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Your email preferences are saved.")
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form}, status=400 if form.is_bound else 200)


# Mail clients POST the one-click unsubscribe (RFC 8058) with no session and no CSRF token;
# the signed token is the proof, and it can only turn email off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user = read_token(token)
    except BadLink as exc:
        return render(request, "notify/unsubscribe_invalid.html", {"message": str(exc)}, status=400)
    if request.method == "POST":
        Preference.objects.set_all(user, dict.fromkeys(Kind.values, Delivery.NEVER))
        return render(request, "notify/unsubscribed.html", {"member": user})
    return render(request, "notify/unsubscribe.html", {"member": user, "token": token})
