"""Notification emails: immediate ones, daily digests, their content and headers, unsubscribe."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.sites.models import Site
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.urls import reverse

from forum import acts
from forum.models import GroupReading
from notify.models import Delivery, DigestSent, Kind, Notification, Preference
from notify.unsubscribe import SALT, make_token
from tests.factories import make_comment, make_group, make_moderator, make_user

from .notify_helpers import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    Site.objects.update_or_create(pk=1, defaults={"name": "Reading Room", "domain": "reading.example.org"})


@pytest.fixture
def moderator():
    return make_user("morgan", "Morgan")


@pytest.fixture
def group(group, moderator):
    """Alice and Bob's group (tests/conftest.py), named as a seminar would be, with Morgan moderating."""
    group.name = "Tuesday seminar"
    group.save(update_fields=["name"])
    make_moderator(group, moderator)
    return group


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_a_reply_is_emailed_once_the_outbox_is_drained_not_during_the_request(capture, group, alice, bob):
    first = post(capture, alice, group, "Where does the famine start?")
    post(capture, bob, group, "In 1932, with the quotas & the *grain*.", parent=first)
    assert mail.outbox == []
    assert "Sent 1 notification emails" in run("send_notification_emails")
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Reading Room: Bob replied to your comment"
    assert "In 1932, with the quotas & the grain." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "In 1932, with the quotas &amp; the grain." in html
    assert "Reading Room" in html and "Tuesday seminar" in message.body


def test_draining_twice_sends_once(capture, group, alice, bob):
    post(capture, bob, group, "Hi", parent=post(capture, alice, group))
    run("send_notification_emails")
    run("send_notification_emails")
    assert len(mail.outbox) == 1


def test_every_email_carries_a_working_one_click_unsubscribe(capture, client, group, alice, bob):
    post(capture, bob, group, "Hi", parent=post(capture, alice, group))
    run("send_notification_emails")
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(https://reading\.example\.org(/notifications/unsubscribe/[^>]+/))>", header)
    assert url and url.group(1) in message.body and url.group(1) in message.alternatives[0][0]
    # The mail client's one-click POST: no session, no CSRF token.
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post(url.group(2), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert set(Preference.objects.filter(user=alice).values_list("delivery", flat=True)) == {Delivery.NEVER}


def test_the_unsubscribe_link_asks_before_acting_on_a_plain_visit(client, alice):
    response = client.get(reverse("notify:unsubscribe", args=[make_token(alice)]))
    assert response.status_code == 200 and b"Stop emails?" in response.content
    assert not Preference.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "",
        "x" * 1000,
        "<script>alert(1)</script>",
    ],
)
def test_a_malformed_unsubscribe_link_changes_nothing(client, alice, token):
    Preference.objects.set_all(alice, {"reply": Delivery.IMMEDIATELY})
    url = reverse("notify:unsubscribe", args=["placeholder"]).replace("placeholder", token)
    response = client.post(url)
    assert response.status_code in (400, 404)
    assert "<script>alert(1)" not in response.content.decode()
    assert dict(Preference.objects.filter(user=alice).values_list("kind", "delivery")) == {"reply": "immediately"}


def test_a_tampered_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, alice, bob):
    token = make_token(alice)
    payload, rest = token.split(":", 1)
    forged = signing.dumps({"u": bob.pk}, salt=SALT, compress=True).split(":", 1)[0] + ":" + rest
    response = client.post(reverse("notify:unsubscribe", args=[forged]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode() and "have not changed" in response.content.decode()
    assert not Preference.objects.exists()


def test_an_expired_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, alice, settings):
    token = make_token(alice)
    settings.MARGINALIA_UNSUBSCRIBE_MAX_AGE_DAYS = 0
    response = client.post(reverse("notify:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_member_who_chose_never_gets_no_email_but_still_the_notification(capture, group, alice, bob):
    Preference.objects.set_all(alice, {"reply": Delivery.NEVER})
    post(capture, bob, group, "Hi", parent=post(capture, alice, group))
    run("send_notification_emails")
    run("send_digests")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=alice).email == Notification.Email.NONE


def test_a_comment_hidden_before_the_email_leaves_is_not_emailed(capture, group, alice, bob, moderator):
    reply = post(capture, bob, group, "Hi", parent=post(capture, alice, group))
    acts.hide(reply, moderator, "rude")
    assert "0 notification emails; 1 dropped" in run("send_notification_emails")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=alice, kind=Kind.REPLY).email == Notification.Email.DROPPED


# Digests


def test_the_digest_gathers_the_days_notifications_in_one_email(capture, group, alice, bob, moderator):
    first = post(capture, alice, group, "First")
    post(capture, bob, group, "Second", parent=first)
    post(capture, moderator, group, "Third", parent=first)  # thread starter: digest by default
    Preference.objects.set_all(alice, {"reply": Delivery.DIGEST})
    post(capture, bob, group, "Fourth", parent=first)
    run("send_notification_emails")
    mail.outbox.clear()
    assert "Sent 1 digests" in run("send_digests")
    (digest,) = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert digest.subject.startswith("Reading Room: your daily digest")
    assert "Fourth" in digest.body and "List-Unsubscribe" in digest.extra_headers


def test_send_digests_twice_in_a_day_sends_one(capture, group, alice, bob):
    Preference.objects.set_all(alice, {"reply": Delivery.DIGEST})
    first = post(capture, alice, group)
    post(capture, bob, group, "One", parent=first)
    run("send_digests", "--date", "2026-12-01")
    post(capture, bob, group, "Two", parent=first)
    assert "1 members already had theirs" in run("send_digests", "--date", "2026-12-01")
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=alice).count() == 1
    run("send_digests", "--date", "2026-12-02")
    assert len(mail.outbox) == 2 and "Two" in mail.outbox[1].body and "One" not in mail.outbox[1].body


def test_a_digest_with_nothing_left_to_show_is_not_sent_and_keeps_the_day(capture, group, alice, bob, moderator):
    Preference.objects.set_all(alice, {"reply": Delivery.DIGEST})
    reply = post(capture, bob, group, "Gone soon", parent=post(capture, alice, group))
    acts.remove(reply, moderator, "spam")
    run("send_digests")
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_send_digests_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="--date must look like"):
        call_command("send_digests", "--date", "tomorrow")


def test_a_reading_due_tomorrow_reaches_students_who_have_not_answered(capture, group, source, alice, bob):
    reading = GroupReading.objects.get(group=group, source=source)
    reading.due = datetime.date(2026, 12, 2)
    reading.save()
    make_comment(group, bob, passage=source.passages.first(), prompt=source.passages.first().prompts.first())
    run("send_digests", "--date", "2026-12-01")
    due = Notification.objects.filter(kind=Kind.DUE)
    assert list(due.values_list("recipient__username", flat=True)) == ["alice"]
    (message,) = mail.outbox
    assert "is due soon and you have not answered its questions" in message.body
    run("send_digests", "--date", "2026-12-01")
    assert due.count() == 1


def test_due_reminders_count_the_groups_own_questions_not_other_groups(group, source, alice, bob, moderator):
    from teaching import questions

    reading = GroupReading.objects.get(group=group, source=source)
    reading.due = datetime.date(2026, 12, 1)
    reading.save()
    passage = source.passages.first()
    other = make_group(source, moderators=[make_user()])
    questions.add(other, passage, None, "Another class's question")
    # Both answered the reading's own question; only bob answered this group's own question.
    mine = questions.add(group, passage, moderator, "Our question")
    for student in (alice, bob):
        make_comment(group, student, passage=passage, prompt=passage.prompts.filter(group_only=False).first())
    make_comment(group, bob, passage=passage, prompt=mine.prompt)
    run("send_digests", "--date", "2026-12-01")
    assert list(Notification.objects.filter(kind=Kind.DUE).values_list("recipient__username", flat=True)) == ["alice"]
