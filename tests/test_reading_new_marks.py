"""On the reading page: comments new since the member's last visit are marked, and "Next new"
walks through them with plain links (no JavaScript needed)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import ReadingVisit

from .factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    source = make_source()
    ana, ben = make_user("ana"), make_user("ben")
    group = make_group(source, members=[ana, ben])
    passage = source.passages.first()
    old = make_comment(group, ben, passage=passage, body="Old news", created=timezone.now() - timedelta(days=2))
    visit = timezone.now() - timedelta(days=1)
    ReadingVisit.objects.record(ana, group, source, now=visit)
    first = make_comment(group, ben, passage=passage, body="First new")
    second = make_comment(group, ben, parent=old, body="Second new")
    make_comment(group, ana, passage=passage, body="My own, not news to me")
    url = reverse("forum:reading", args=[group.slug, source.slug])
    return {"visit": visit, "ana": ana, "group": group, "source": source, "first": first, "second": second, "url": url}


def test_comments_by_others_since_the_last_visit_are_marked_and_linked_in_order(client, scene):
    client.force_login(scene["ana"])
    html = client.get(scene["url"]).content.decode()
    since = int(scene["visit"].timestamp())
    first, second = scene["first"], scene["second"]
    assert "2 new comments since your last visit." in html
    assert f'<a href="?open={first.passage_id}&amp;since={since}#c-{first.pk}">Go to the first</a>' in html
    assert f'<a class="next-new" href="?open={second.passage_id}&amp;since={since}#c-{second.pk}">Next new</a>' in html
    assert html.count('<span class="comment-new">New</span>') == 2
    assert html.count('class="next-new"') == 1


def test_following_next_new_without_javascript_keeps_the_starting_point(client, scene):
    """Each step is a page load, which records this visit; the link's `since` keeps the walk going."""
    client.force_login(scene["ana"])
    client.get(scene["url"])
    assert "since your last visit" not in client.get(scene["url"]).content.decode()
    since = int(scene["visit"].timestamp())
    html = client.get(scene["url"], {"open": scene["second"].passage_id, "since": since}).content.decode()
    assert html.count('<span class="comment-new">New</span>') == 2


@pytest.mark.parametrize("since", ["yesterday", "-5", "9" * 40, str(10**11), ""])
def test_a_malformed_or_future_since_is_ignored(client, scene, since):
    ReadingVisit.objects.record(scene["ana"], scene["group"], scene["source"])
    client.force_login(scene["ana"])
    response = client.get(scene["url"], {"since": since})
    assert response.status_code == 200
    assert '<span class="comment-new">' not in response.content.decode()


def test_the_next_visit_has_nothing_new(client, scene):
    ReadingVisit.objects.record(scene["ana"], scene["group"], scene["source"])
    client.force_login(scene["ana"])
    html = client.get(scene["url"]).content.decode()
    assert "since your last visit" not in html and '<span class="comment-new">' not in html


def test_a_first_visit_marks_nothing(client, scene):
    newcomer = make_user()
    scene["group"].join(newcomer)
    client.force_login(newcomer)
    html = client.get(scene["url"]).content.decode()
    assert "since your last visit" not in html and '<span class="comment-new">' not in html
