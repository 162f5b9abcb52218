"""The bell, the notifications page, marking read, email preferences and pruning."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from forum import acts
from notify.models import Delivery, Kind, Notification, Preference
from tests.factories import make_comment, make_source, make_user

pytestmark = pytest.mark.django_db


def notify(recipient, comment, kind=Kind.REPLY, **fields):
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        group=comment.group,
        source=comment.source,
        comment=comment,
        **({"actor": comment.author} | fields),
    )


def replies(group, alice, bob, n):
    first = make_comment(group, alice, body="Where does it start?")
    return [notify(alice, make_comment(group, bob, parent=first, body=f"Reply number {i}")) for i in range(n)]


def test_the_bell_shows_the_unread_count_on_every_page(client, group, alice, bob):
    replies(group, alice, bob, 3)
    client.force_login(alice)
    for url in ("/", reverse("forum:home"), reverse("notify:preferences")):
        html = client.get(url).content.decode()
        assert 'class="bell has-unread"' in html
        assert '<span class="bell-count">3<span class="visually-hidden"> unread</span></span>' in html


def test_a_visitor_sees_no_bell(client, group):
    assert "bell" not in client.get("/").content.decode()


@pytest.mark.parametrize("n", [1, 60])
def test_the_bell_costs_one_query_however_many_notifications(client, group, alice, bob, n, django_assert_num_queries):
    replies(group, alice, bob, n)
    client.force_login(alice)
    baseline_with_bell = client.get(reverse("notify:preferences"))
    assert baseline_with_bell.status_code == 200
    # session, user, the member's preferences, whether they moderate, the bell
    with django_assert_num_queries(5):
        client.get(reverse("notify:preferences"))


@pytest.mark.parametrize("n", [2, 120])
def test_the_notifications_page_costs_the_same_queries_for_few_and_many(
    client, group, alice, bob, n, django_assert_num_queries
):
    replies(group, alice, bob, n)
    client.force_login(alice)
    client.get(reverse("notify:list"))
    # session, user, count (paginator), the page's rows, the bell
    with django_assert_num_queries(5):
        client.get(reverse("notify:list"))


def test_the_page_lists_newest_first_grouped_by_reading(client, group, alice, bob, source):
    other = make_source()
    group.readings.create(source=other, position=2)
    replies(group, alice, bob, 1)
    first_elsewhere = make_comment(group, alice, source=other)
    notify(alice, make_comment(group, bob, parent=first_elsewhere, body="Newest, elsewhere"))
    client.force_login(alice)
    html = client.get(reverse("notify:list")).content.decode()
    assert html.index(other.title) < html.index(source.title)
    assert "Bob replied to your comment" in html
    assert html.index("Newest, elsewhere") < html.index("Reply number 0")


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(client, group, alice, bob):
    (note,) = replies(group, alice, bob, 1)
    client.force_login(alice)
    response = client.get(reverse("notify:open", args=[note.pk]))
    assert response.status_code == 302
    assert response.url == reverse("forum:comment", args=[group.slug, note.comment_id])
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_one_and_mark_all_read(client, group, alice, bob):
    notes = replies(group, alice, bob, 3)
    client.force_login(alice)
    client.post(reverse("notify:read", args=[notes[0].pk]))
    assert Notification.objects.unread_count(alice) == 2
    response = client.post(reverse("notify:read_all"), follow=True)
    assert Notification.objects.unread_count(alice) == 0
    assert "2 notifications marked as read." in response.content.decode()


def test_nobody_reads_or_marks_someone_elses_notification(client, group, alice, bob):
    (note,) = replies(group, alice, bob, 1)
    client.force_login(bob)
    assert client.get(reverse("notify:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notify:read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_needs_a_post(client, group, alice, bob):
    (note,) = replies(group, alice, bob, 1)
    client.force_login(alice)
    assert client.get(reverse("notify:read", args=[note.pk])).status_code == 405
    assert client.get(reverse("notify:read_all")).status_code == 405


def test_the_page_needs_a_login(client):
    response = client.get(reverse("notify:list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_notification_whose_comment_was_hidden_no_longer_shows_its_text(client, group, alice, bob):
    moderator = make_user()
    group.join(moderator)
    (note,) = replies(group, alice, bob, 1)
    acts.hide(note.comment, moderator, "rude")
    client.force_login(alice)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Reply number 0" not in html
    assert "This comment is no longer shown to you." in html
    response = client.get(reverse("notify:open", args=[note.pk]))
    assert response.url == reverse("forum:reading", args=[group.slug, group.sources.first().slug])


def test_the_author_of_a_removed_comment_sees_why_but_not_the_text(client, group, alice, bob):
    moderator = make_user("mod", display_name="Mod")
    group.join(moderator)
    comment = make_comment(group, alice, body="Something regrettable")
    acts.remove(comment, moderator, "personal attack")
    notify(alice, comment, kind=Kind.MODERATION, status="removed", reason="personal attack", actor=moderator)
    client.force_login(alice)
    html = client.get(reverse("notify:list")).content.decode()
    assert "A moderator removed your comment" in html
    assert "Why: personal attack" in html
    assert "Something regrettable" not in html


def test_comment_text_on_the_page_is_escaped(client, group, alice, bob):
    first = make_comment(group, alice)
    notify(alice, make_comment(group, bob, parent=first, body="<script>alert(1)</script> **bold**"))
    client.force_login(alice)
    html = client.get(reverse("notify:list")).content.decode()
    assert "<script>alert(1)" not in html


# Email preferences


def test_preferences_default_to_replies_and_mentions_immediately(client, alice):
    client.force_login(alice)
    form = client.get(reverse("notify:preferences")).context["form"]
    assert form["reply"].initial == form["mention"].initial == Delivery.IMMEDIATELY
    assert form["thread"].initial == form["moderation"].initial == Delivery.DIGEST


def test_only_moderators_are_offered_the_moderators_kinds(client, group, alice):
    client.force_login(alice)
    assert "flag" not in client.get(reverse("notify:preferences")).context["form"].fields
    moderator = make_user()
    group.memberships.create(user=moderator, role="moderator")
    client.force_login(moderator)
    form = client.get(reverse("notify:preferences")).context["form"]
    assert form["flag"].initial == form["held"].initial == Delivery.DIGEST


def test_saving_preferences_stores_each_kind(client, alice):
    client.force_login(alice)
    data = dict.fromkeys(Kind.values, Delivery.NEVER) | {"reply": Delivery.DIGEST}
    response = client.post(reverse("notify:preferences"), data)
    assert response.status_code == 302
    assert Preference.objects.deliveries([alice])[(alice.pk, "reply")] == Delivery.DIGEST
    assert Preference.objects.deliveries([alice])[(alice.pk, "mention")] == Delivery.NEVER


@pytest.mark.parametrize(
    "bad",
    [
        {"reply": "sometimes"},
        {"reply": ""},
        {"due": Delivery.IMMEDIATELY},
        {"reply": "x" * 10_000},
    ],
)
def test_an_invalid_preferences_form_keeps_the_members_settings(client, alice, bad):
    Preference.objects.set_all(alice, {"reply": Delivery.NEVER})
    client.force_login(alice)
    data = dict.fromkeys(Kind.values, Delivery.DIGEST) | bad
    response = client.post(reverse("notify:preferences"), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode() or "This field is required" in response.content.decode()
    assert dict(Preference.objects.filter(user=alice).values_list("kind", "delivery")) == {"reply": Delivery.NEVER}


# Pruning


def test_prune_deletes_only_read_notifications_older_than_ninety_days(group, alice, bob):
    old_read, old_unread, new_read = replies(group, alice, bob, 3)
    long_ago = timezone.now() - timedelta(days=91)
    Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk]).update(created=long_ago)
    Notification.objects.filter(pk__in=[old_read.pk, new_read.pk]).update(read_at=timezone.now())
    call_command("prune_notifications", stdout=open("/dev/null", "w"))
    assert set(Notification.objects.values_list("pk", flat=True)) == {old_unread.pk, new_read.pk}
    call_command("prune_notifications", stdout=open("/dev/null", "w"))
    assert Notification.objects.count() == 2


def test_prune_dry_run_deletes_nothing(group, alice, bob, capsys):
    (note,) = replies(group, alice, bob, 1)
    Notification.objects.filter(pk=note.pk).update(created=timezone.now() - timedelta(days=100), read_at=timezone.now())
    call_command("prune_notifications", "--dry-run")
    assert "Would delete 1" in capsys.readouterr().out
    assert Notification.objects.count() == 1


def test_prune_refuses_a_nonsense_age():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_notifications", "--days", "0")
