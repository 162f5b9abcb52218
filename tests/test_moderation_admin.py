"""The admin as the moderation desk: the queue, the acts, the read-only log, scope per group, safety."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import acts
from forum.models import Comment, Flag, Membership, ModerationAction, ReadingGroup
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source, make_user

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
QUEUE = reverse("admin:forum_comment_changelist")


@pytest.fixture
def group():
    return make_group(make_source(), slug="ours")


@pytest.fixture
def other_group():
    return make_group(make_source(), slug="theirs")


@pytest.fixture
def other_moderator(other_group):
    return make_moderator(other_group)


def pending(group, body="Held for review.", **fields):
    comment = make_comment(group, make_member(group).user, body, **fields)
    acts.hold(comment, "held: first comment in the group")
    return comment


def flagged(group, body="Flagged once."):
    passage = group.sources.first().passages.first()
    comment = make_comment(group, make_member(group).user, body, passage=passage)
    acts.flag(comment, make_member(group).user, "spam")
    return comment


def act_url(comment, act):
    return reverse("admin:forum_comment_act", args=[comment.pk, act])


# Access.


def test_student_has_no_admin_access(client, group):
    client.force_login(make_member(group).user)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_moderator_can_open_the_admin_index(desk):
    response = desk.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Comments" in response.content


# The queue.


def test_queue_shows_held_and_flagged_comments_but_not_settled_ones(desk, group):
    held, reported = pending(group, "Held one."), flagged(group, "Reported one.")
    make_comment(group, make_member(group).user, "Nothing wrong here.")
    shown = list(desk.get(QUEUE).context["cl"].result_list)
    assert shown == [held, reported]


def test_queue_lists_oldest_first(desk, group):
    newer, older = pending(group, "newer", ago=60), pending(group, "older", ago=600)
    assert list(desk.get(QUEUE).context["cl"].result_list) == [older, newer]


def test_queue_all_filter_shows_every_status(desk, group):
    comments = [pending(group), make_comment(group, make_member(group).user, "Fine.")]
    assert set(desk.get(QUEUE, {"status": "all"}).context["cl"].result_list) == set(comments)


def test_queue_row_shows_passage_flag_reasons_and_link_in_context(desk, group):
    comment = flagged(group, "Buy now")
    html = desk.get(QUEUE).content.decode()
    assert f"Passage 1 of {group.sources.first().slug}." in html
    assert "<strong>1</strong>: spam" in html
    assert comment.get_absolute_url() in html


def test_queue_row_says_why_the_rules_held_the_comment(desk, group):
    pending(group)
    assert "held: first comment in the group" in desk.get(QUEUE).content.decode()


def test_queue_search_finds_by_text(desk, group):
    pending(group, "about the footnotes")
    pending(group, "about something else")
    shown = desk.get(QUEUE, {"q": "footnotes"}).context["cl"].result_list
    assert [c.body for c in shown] == ["about the footnotes"]


def test_queue_filters_by_author(desk, group):
    comment = pending(group)
    pending(group)
    shown = desk.get(QUEUE, {"author__id__exact": comment.author_id}).context["cl"].result_list
    assert list(shown) == [comment]


def _queue_query_count(desk, group, count, django_assert_num_queries, expected):
    member = make_member(group)
    source = group.sources.first()
    Comment.objects.bulk_create(
        [
            Comment(
                group=group,
                source=source,
                passage=source.passages.first(),
                author=member.user,
                body=f"comment {i}",
                body_html=f"<p>comment {i}</p>",
                status=Comment.Status.PENDING,
            )
            for i in range(count)
        ]
    )
    Flag.objects.create(comment=Comment.objects.first(), user=make_member(group).user, reason="spam")
    with django_assert_num_queries(expected):
        assert desk.get(QUEUE).status_code == 200


# Measured: session, user, the user's and their groups' permissions, the groups they moderate,
# the group, source and author filters' choices, the page's count, its rows.
QUEUE_QUERIES = 10


def test_queue_query_count_with_10_comments(desk, group, django_assert_num_queries):
    _queue_query_count(desk, group, 10, django_assert_num_queries, QUEUE_QUERIES)


def test_queue_query_count_with_200_comments(desk, group, django_assert_num_queries):
    _queue_query_count(desk, group, 200, django_assert_num_queries, QUEUE_QUERIES)


# Acts from the queue and from the comment's page.


def test_bulk_approve_first_asks_for_a_reason(desk, group):
    comment = pending(group)
    response = desk.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk], "index": 0})
    assert response.status_code == 200
    assert response.templates[0].name == "admin/forum/act_confirmation.html"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_bulk_approve_confirmed_approves_and_logs_the_reason(desk, group, moderator):
    comments = [pending(group), pending(group)]
    ids = [c.pk for c in comments]
    response = desk.post(
        QUEUE, {"action": "approve", "_selected_action": ids, "confirm": "yes", "reason": "Checked the links."}
    )
    assert response.status_code == 302
    assert set(Comment.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"approved"}
    logged = ModerationAction.objects.filter(action="approve", comment__in=ids)
    assert {(e.actor, e.reason) for e in logged} == {(moderator, "Checked the links.")}


@pytest.mark.parametrize(
    ("act", "start", "status"),
    [
        ("hide", "approved", "hidden"),
        ("remove", "approved", "removed"),
        ("restore", "hidden", "approved"),
    ],
)
def test_each_bulk_act_goes_through_forum_actions(desk, group, act, start, status):
    comment = make_comment(group, make_member(group).user, status=start)
    desk.post(QUEUE + "?status=all", {"action": act, "_selected_action": [comment.pk], "confirm": "yes", "reason": "r"})
    assert Comment.objects.get(pk=comment.pk).status == status
    assert ModerationAction.objects.get(comment=comment).reason == "r"


def test_remove_as_spam_suggests_spam_as_the_reason(desk, group):
    comment = make_comment(group, make_member(group).user)
    response = desk.get(act_url(comment, "remove"))
    assert response.context["form"]["reason"].value() == "spam"


def test_refused_act_in_a_bulk_is_reported_and_the_rest_done(desk, group):
    held, up = pending(group), make_comment(group, make_member(group).user, "Up already.")
    response = desk.post(
        QUEUE + "?status=all",
        {"action": "approve", "_selected_action": [held.pk, up.pk], "confirm": "yes"},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "Approve: 1 comment(s)." in texts
    assert f"Comment #{up.pk} is already approved." in texts


def test_act_from_the_comment_page_hides_with_the_reason(desk, group, moderator):
    comment = make_comment(group, make_member(group).user)
    response = desk.post(act_url(comment, "hide"), {"confirm": "yes", "reason": "Off topic."})
    assert response["Location"] == reverse("admin:forum_comment_change", args=[comment.pk])
    entry = ModerationAction.objects.get(comment=comment)
    assert (entry.action, entry.actor, entry.reason) == ("hide", moderator, "Off topic.")


def test_comment_page_shows_flags_history_and_author_history(desk, group):
    comment = flagged(group, "The flagged one")
    make_comment(group, comment.author, "An earlier thought", ago=3600)
    html = desk.get(reverse("admin:forum_comment_change", args=[comment.pk])).content.decode()
    assert "An earlier thought" in html
    assert "Flag</strong> by" in html
    assert 'name="_save"' not in html  # status changes only through the acts


def test_comment_page_cannot_change_status_by_posting_the_form(desk, group):
    comment = pending(group)
    desk.post(reverse("admin:forum_comment_change", args=[comment.pk]), {"status": "approved"})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


# Members and groups.


def test_mute_from_the_members_admin_asks_duration_and_reason_and_logs(desk, group, moderator):
    member = make_member(group)
    desk.post(
        reverse("admin:forum_membership_changelist"),
        {
            "action": "mute",
            "_selected_action": [member.pk],
            "confirm": "yes",
            "duration": "7d",
            "reason": "Repeated insults.",
        },
    )
    member.refresh_from_db()
    assert member.muted_now() and member.mute_reason == "Repeated insults."
    assert ModerationAction.objects.get(action="mute").actor == moderator


@pytest.mark.parametrize("value, expected", [("yes", {"now", "forever"}), ("no", {"expired", "never"})])
def test_members_admin_muted_filter_counts_an_expired_mute_as_not_muted(desk, group, value, expected):
    now = timezone.now()
    members = {
        "now": make_member(group, is_muted=True, muted_until=now + timedelta(days=1)),
        "forever": make_member(group, is_muted=True),
        "expired": make_member(group, is_muted=True, muted_until=now - timedelta(days=1)),
        "never": make_member(group),
    }
    response = desk.get(reverse("admin:forum_membership_changelist"), {"muted": value})
    shown = {pk for pk in response.context["cl"].result_list.values_list("pk", flat=True)}
    assert {name for name, member in members.items() if member.pk in shown} == expected


def test_role_change_from_the_members_admin_is_logged(desk, group):
    member = make_member(group)
    desk.post(reverse("admin:forum_membership_act", args=[member.pk, "make_moderator"]), {"confirm": "yes"})
    assert Membership.objects.get(pk=member.pk).role == "moderator"
    assert ModerationAction.objects.get(action="role").member == member.user


def test_rotating_the_invite_code_changes_it(desk, group):
    old = group.invite_code
    desk.post(reverse("admin:forum_readinggroup_act", args=[group.pk, "rotate_invite_code"]), {"confirm": "yes"})
    group.refresh_from_db()
    assert group.invite_code != old


def test_moderator_edits_the_groups_rules(desk, group):
    reading = group.readings.get()
    data = {
        "name": group.name,
        "slug": group.slug,
        "is_private": "on",
        "max_links": 5,
        "blocked_words": "casino",
        "flood_interval_seconds": 15,
        "hourly_cap": 30,
        "flag_threshold": 2,
        "readings-TOTAL_FORMS": 1,
        "readings-INITIAL_FORMS": 1,
        "readings-0-id": reading.pk,
        "readings-0-group": group.pk,
        "readings-0-source": reading.source_id,
        "readings-0-position": 0,
    }
    assert desk.post(reverse("admin:forum_readinggroup_change", args=[group.pk]), data).status_code == 302
    group.refresh_from_db()
    assert (group.max_links, group.blocked_words, group.flag_threshold) == (5, "casino", 2)


# The log.


def test_log_is_read_only_even_for_a_superuser(client, group):
    comment = pending(group)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    entry = ModerationAction.objects.get(comment=comment)
    change = client.get(reverse("admin:forum_moderationaction_change", args=[entry.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content
    assert client.get(reverse("admin:forum_moderationaction_add")).status_code == 403
    assert (
        client.post(reverse("admin:forum_moderationaction_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


def test_log_shows_automatic_acts(desk, group):
    pending(group)
    html = desk.get(reverse("admin:forum_moderationaction_changelist")).content.decode()
    assert "<em>automatic</em>" in html and "held: first comment in the group" in html


# Scope: each moderator sees and acts on their own groups only.


def test_queue_shows_only_the_moderators_groups(desk, group, other_group):
    ours, _ = pending(group), pending(other_group)
    assert list(desk.get(QUEUE, {"status": "all"}).context["cl"].result_list) == [ours]


def test_superuser_sees_every_group(client, group, other_group):
    comments = [pending(group), pending(other_group)]
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert list(client.get(QUEUE).context["cl"].result_list) == comments


@pytest.mark.parametrize("name", ["comment", "membership", "readinggroup", "flag", "moderationaction"])
def test_direct_url_of_another_groups_object_says_it_does_not_exist(desk, other_group, name):
    comment = flagged(other_group)
    obj = {
        "comment": comment,
        "membership": Membership.objects.filter(group=other_group).first(),
        "readinggroup": other_group,
        "flag": comment.flags.get(),
        "moderationaction": ModerationAction.objects.filter(group=other_group).first(),
    }[name]
    response = desk.get(reverse(f"admin:forum_{name}_change", args=[obj.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_act_url_on_another_groups_comment_does_nothing(desk, other_group):
    comment = pending(other_group)
    response = desk.post(act_url(comment, "approve"), {"confirm": "yes"})
    assert response["Location"] == reverse("admin:index")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_bulk_act_with_another_groups_ids_does_nothing_to_them(desk, group, other_group):
    theirs = pending(other_group)
    desk.post(QUEUE, {"action": "hide", "_selected_action": [theirs.pk], "confirm": "yes"})
    assert Comment.objects.get(pk=theirs.pk).status == Comment.Status.PENDING
    assert not ModerationAction.objects.filter(action="hide").exists()


@pytest.mark.parametrize("name", ["membership", "readinggroup", "flag", "moderationaction"])
def test_other_changelists_show_only_the_moderators_groups(desk, group, other_group, name):
    flagged(group)
    flagged(other_group)
    shown = desk.get(reverse(f"admin:forum_{name}_changelist")).context["cl"].result_list
    group_of = {
        "membership": lambda o: o.group,
        "readinggroup": lambda o: o,
        "flag": lambda o: o.comment.group,
        "moderationaction": lambda o: o.group,
    }[name]
    assert shown and {group_of(obj) for obj in shown} == {group}


def test_group_filter_offers_only_the_moderators_groups(desk, group, other_group):
    pending(group)
    pending(other_group)
    html = desk.get(QUEUE).content.decode()
    assert "Group theirs" not in html


def test_moderator_cannot_add_groups_or_comments(desk):
    assert desk.get(reverse("admin:forum_readinggroup_add")).status_code == 403
    assert desk.get(reverse("admin:forum_comment_add")).status_code == 403


def test_moderator_of_a_group_cannot_see_reading_groups_they_only_belong_to(client, group, other_group):
    user = make_moderator(group)
    make_member(other_group, user=user)
    client.force_login(user)
    shown = client.get(reverse("admin:forum_readinggroup_changelist")).context["cl"].result_list
    assert list(shown) == [ReadingGroup.objects.get(pk=group.pk)]


# Hostile text in the preview.


def _payloads():
    lines = (DATA / "xss_payloads_public.txt").read_text(encoding="utf-8").splitlines()
    payloads = [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]
    extra = json.loads((DATA / "xss_payloads_public.json").read_text(encoding="utf-8"))
    payloads += [
        item if isinstance(item, str) else item.get("payload", "")
        for item in (extra if isinstance(extra, list) else extra.get("payloads", []))
    ]
    return [p for p in payloads if p]


class PreviewTags(HTMLParser):
    """Collects the tags and attributes inside the desk's comment previews."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.seen = 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.seen.append((tag, attrs))
            if tag not in {"br"}:
                self.depth += 1
        elif ("class", "desk-preview") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


SAFE_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"}


def assert_only_safe_markup(html):
    parser = PreviewTags()
    parser.feed(html)
    for tag, attrs in parser.seen:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs:
            assert name in {"href", "rel", "title"}, (tag, name)
            scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", value or "", re.IGNORECASE)
            if name == "href" and scheme:  # no scheme is a relative link, which runs nothing
                assert scheme.group(1).lower() in {"http", "https", "mailto"}, value


def test_hostile_html_stored_in_body_html_is_neutralised_in_the_queue(desk, group):
    payloads = _payloads()
    assert len(payloads) > 20
    author = make_member(group).user
    source = group.sources.first()
    for payload in payloads:
        comment = make_comment(group, author, "x", source=source, status=Comment.Status.PENDING)
        # Bypass the save-time cleaning: the desk must be safe even if body_html was not.
        # (NUL is dropped: PostgreSQL text cannot hold it, so no stored comment can contain it.)
        raw = payload.replace("\x00", "")
        Comment.objects.filter(pk=comment.pk).update(body=raw, body_html=raw)
    html = desk.get(QUEUE, {"status": "all"}).content.decode()
    assert html.count('class="desk-preview"') >= min(len(payloads), 50)
    assert_only_safe_markup(html)


@pytest.mark.parametrize(
    "payload",
    [
        '<img src=x onerror="alert(1)">',
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<svg onload="alert(1)">',
    ],
)
def test_hostile_html_is_neutralised_on_the_comment_page(desk, group, payload):
    comment = pending(group)
    Comment.objects.filter(pk=comment.pk).update(body=payload, body_html=payload)
    html = desk.get(reverse("admin:forum_comment_change", args=[comment.pk])).content.decode()
    assert_only_safe_markup(html)
    assert "<script>alert" not in html


def _busy_group(group, count):
    """`count` members, each with a flagged comment and its log entry, made in bulk."""
    flagger = make_member(group).user
    source = group.sources.first()
    users = User.objects.bulk_create([User(username=f"busy{i}") for i in range(count)])
    Membership.objects.bulk_create([Membership(group=group, user=user) for user in users])
    comments = Comment.objects.bulk_create(
        [Comment(group=group, source=source, author=user, body="b", body_html="<p>b</p>") for user in users]
    )
    Flag.objects.bulk_create([Flag(comment=comment, user=flagger, reason="spam") for comment in comments])
    ModerationAction.objects.bulk_create(
        [
            ModerationAction(group=group, action="flag", actor=flagger, comment=comment, member=comment.author)
            for comment in comments
        ]
    )


# Measured, and equal for 10 and 200 rows: session, user, permissions (2), moderated groups, list filters'
# choices, the page's count, its rows (plus the action form's nothing: no queries per row anywhere).
CHANGELIST_QUERIES = {"membership": 9, "flag": 9, "moderationaction": 10, "readinggroup": 8}


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("name", list(CHANGELIST_QUERIES))
def test_other_changelists_have_a_constant_query_count(desk, group, django_assert_num_queries, name, rows):
    _busy_group(group, rows)
    with django_assert_num_queries(CHANGELIST_QUERIES[name]):
        assert desk.get(reverse(f"admin:forum_{name}_changelist")).status_code == 200


def _comment_with_history(group, size):
    comment = make_comment(group, make_member(group).user)
    for i in range(size):
        make_comment(group, comment.author, f"earlier {i}", ago=3600 + i)
        Flag.objects.create(comment=comment, user=make_member(group).user, reason="abuse")
        ModerationAction.objects.create(group=group, action="flag", comment=comment, member=comment.author)
    return comment


# Measured, equal for 2 and 20 flags, log entries and earlier comments.
COMMENT_PAGE_QUERIES = 10


@pytest.mark.parametrize("size", [2, 20])
def test_comment_page_query_count_does_not_grow_with_flags_or_history(desk, group, django_assert_num_queries, size):
    comment = _comment_with_history(group, size)
    with django_assert_num_queries(COMMENT_PAGE_QUERIES):
        assert desk.get(reverse("admin:forum_comment_change", args=[comment.pk])).status_code == 200


def test_group_list_counts_members_and_held_comments_without_joining_them(client, group):
    superuser = make_user(is_superuser=True, is_staff=True)
    for _ in range(3):
        make_member(group)
    for _ in range(4):
        pending(group)
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("admin:forum_readinggroup_changelist")).content.decode()
    listing = [q["sql"] for q in queries if 'FROM "forum_readinggroup"' in q["sql"] and "COUNT" in q["sql"].upper()]
    assert listing and not any('JOIN "forum_comment"' in sql for sql in listing)
    assert re.search(r'field-member_count">7<', html)  # 3 members + the 4 authors of held comments
    assert re.search(r'field-pending_count"><a [^>]*>4<', html)


def test_the_comment_list_is_titled_as_a_queue(desk, group):
    html = desk.get(QUEUE).content.decode()
    assert "<h1>Comment queue</h1>" in html
    assert "<title>Comment queue" in html
    assert "Select comment to change" not in html


def test_a_deleted_comment_is_marked_deleted_in_the_queues_status_column(desk, group):
    gone = pending(group, "Taken back.")
    gone.is_deleted = True
    gone.save(update_fields=["is_deleted"])
    pending(group, "Still here.")
    rows = desk.get(QUEUE, {"status": "all"}).content.decode().split("<tr")
    gone_row = next(row for row in rows if "Taken back." in row)
    kept_row = next(row for row in rows if "Still here." in row)
    assert 'class="desk-status desk-status-deleted">deleted</span>' in gone_row
    assert "desk-status-deleted" not in kept_row
