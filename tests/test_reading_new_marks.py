"""On the reading page: comments new since the member's last visit are marked, and "Next new"
walks through them with plain links (no JavaScript needed)."""

import re
from datetime import timedelta
from urllib.parse import urljoin

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


def test_next_new_walks_to_every_new_comment_on_other_pages_and_passages(client, settings):
    """A long discussion shows one passage's first page of threads: the walk leaves the page through
    each comment's permalink, which opens the right passage and page and keeps `since`."""
    settings.MARGINALIA_INLINE_COMMENTS = 2
    settings.MARGINALIA_THREADS_PER_PAGE = 2
    source = make_source()
    ana, ben = make_user(), make_user()
    group = make_group(source, members=[ana, ben])
    first_passage, second_passage = source.passages.all()[:2]
    long_ago = timezone.now() - timedelta(days=3)
    for n in range(3):
        make_comment(group, ben, passage=first_passage, body=f"Old {n}", created=long_ago)
    visit = timezone.now() - timedelta(days=1)
    ReadingVisit.objects.record(ana, group, source, now=visit)
    new = [
        make_comment(group, ben, passage=first_passage, body="New on the second page"),
        make_comment(group, ben, passage=second_passage, body="New in another passage"),
        make_comment(group, ana, passage=second_passage, body="Mine, not new to me"),
        make_comment(group, ben, body="New on the whole reading"),
    ]
    del new[2]
    client.force_login(ana)
    response = client.get(reverse("forum:reading", args=[group.slug, source.slug]))
    html = response.content.decode()
    assert "3 new comments since your last visit." in html
    href = re.search(r'<a href="([^"]*)">Go to the first</a>', html).group(1)
    assert href == f"../../comments/{new[0].pk}/?since={int(visit.timestamp())}"  # on page 2: not shown here
    reached = []
    while href:
        response = client.get(urljoin(response.request["PATH_INFO"], href.replace("&amp;", "&")), follow=True)
        html = response.content.decode()
        landed = response.redirect_chain[-1][0] if response.redirect_chain else href
        assert "since=" in landed
        anchor = int(landed.rsplit("#c-", 1)[1])
        assert f'id="c-{anchor}"' in html and '<span class="comment-new">New</span>' in html
        reached.append(anchor)
        after = html.split(f'id="c-{anchor}"', 1)[1].split("</p>", 1)[0]
        found = re.search(r'<a class="next-new" href="([^"]*)">Next new</a>', after)
        href = found.group(1) if found else ""
    assert reached == [comment.pk for comment in new]


@pytest.mark.parametrize("since", ["yesterday", "-5", str(10**11), "1&open=9"])
def test_a_permalink_passes_on_only_a_valid_since(client, scene, since):
    client.force_login(scene["ana"])
    response = client.get(scene["second"].get_absolute_url(), {"since": since})
    assert response.status_code == 302 and "since" not in response["Location"]
    valid = int(scene["visit"].timestamp())
    response = client.get(scene["second"].get_absolute_url(), {"since": valid})
    assert f"since={valid}#c-{scene['second'].pk}" in response["Location"]
