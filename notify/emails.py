"""Notification emails: one at once for "immediately", one digest a day for the rest.

Both are sent by management commands, never in a request: the Notification rows are the outbox
("queued" and "digest"), written after the comment's transaction commits. Just before sending,
each notification is checked again against forum's visibility rule; one whose comment the
member can no longer see is dropped (not emailed), unless it tells them what happened to their
own comment, and then it goes without the comment's text.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import conf
from .models import DigestSent, Kind, Notification
from .unsubscribe import make_token


def site_context():
    site = Site.objects.get_current()
    return {"site_name": site.name, "base_url": f"{conf.get('EMAIL_LINK_SCHEME')}://{site.domain}"}


def sendable(notes):
    """Split `notes` (from for_page, so with comment_visible) into (to send, to drop)."""
    send, drop = [], []
    for note in notes:
        keep = not note.comment_id or note.comment_visible or note.kind == Kind.MODERATION
        (send if keep else drop).append(note)
    return send, drop


def build(user, notes, site, digest=False):
    """The email for `notes` to `user`: plain text and HTML, the site's name, and a one-click
    unsubscribe link plus its List-Unsubscribe headers (RFC 2369, RFC 8058)."""
    unsubscribe_url = site["base_url"] + reverse("notify:unsubscribe", args=[make_token(user)])
    context = {
        **site,
        "member": user,
        "notes": notes,
        "digest": digest,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": site["base_url"] + reverse("notify:preferences"),
        "list_url": site["base_url"] + reverse("notify:list"),
    }
    for note in notes:
        note.url = site["base_url"] + reverse("notify:open", args=[note.pk])
    subject = render_to_string("notify/email/subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("notify/email/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("notify/email/message.html", context), "text/html")
    return message


def _pending(state):
    """{recipient: [notification ids]} for the rows waiting in `state`: one query."""
    rows = Notification.objects.filter(email=state).select_related("recipient").order_by("recipient_id", "created")
    waiting = {}
    for note in rows.only("id", "recipient"):
        waiting.setdefault(note.recipient, []).append(note.pk)
    return waiting


def _deliver(user, ids, state, site, digest):
    """Send `user` one email about the notifications `ids` still in `state`, marking them sent or
    dropped; call inside a transaction. Claiming the rows first (an UPDATE that checks the state)
    means two runs at once cannot both send them. Returns the number of notifications sent."""
    claimed = Notification.objects.filter(pk__in=ids, email=state)
    ids = list(claimed.values_list("pk", flat=True))
    if not ids or claimed.filter(pk__in=ids).update(email=Notification.Email.SENT) != len(ids):
        return 0
    notes = list(Notification.objects.for_page(user).filter(pk__in=ids).order_by("created", "id"))
    send, drop = sendable(notes) if user.email else ([], notes)
    Notification.objects.filter(pk__in=[note.pk for note in drop]).update(email=Notification.Email.DROPPED)
    if send:
        build(user, send, site, digest=digest).send()
    return len(send)


def send_queued(dry_run=False):
    """Mail every "immediately" notification waiting, one email each. Returns (sent, dropped)."""
    site = site_context()
    sent = dropped = 0
    for user, ids in _pending(Notification.Email.QUEUED).items():
        if dry_run:
            sent += len(ids)
            continue
        for pk in ids:
            with transaction.atomic():
                count = _deliver(user, [pk], Notification.Email.QUEUED, site, digest=False)
            sent, dropped = sent + count, dropped + (1 - count)
    return sent, dropped


def send_digests(today=None, dry_run=False):
    """One digest per member with digest notifications waiting, at most one a day: a DigestSent
    row per (member, day), written in the transaction that sends, makes a second run a no-op.
    Returns (digests sent, members whose digest already went out today)."""
    today = today or timezone.localdate()
    site = site_context()
    sent = skipped = 0
    for user, ids in _pending(Notification.Email.DIGEST).items():
        if dry_run:
            sent += 1
            continue
        try:
            with transaction.atomic():
                record = DigestSent.objects.create(user=user, day=today)
                record.count = _deliver(user, ids, Notification.Email.DIGEST, site, digest=True)
                if record.count:
                    record.save(update_fields=["count"])
                else:
                    record.delete()  # nothing was left to send: no email, and the day is not used up
        except IntegrityError:
            skipped += 1
            continue
        sent += bool(record.count)
    return sent, skipped
