"""Posting rules under simultaneous requests: twelve posts fired at once by one member, through
the real form, against a live server whose request threads each have their own database
connection (SQLite: a file database, see conftest.py; PostgreSQL: as configured)."""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from forum.models import Comment
from tests.factories import make_group, make_source, make_user

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 12
CSRF_SECRET = "k" * 32  # any 32-character secret works when cookie and form carry the same one


@pytest.fixture
def member():
    return make_user()


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def fire_together(live_server, group, source, user, bodies):
    """POST every body at once (a barrier releases the threads together); returns the status codes."""
    url = live_server.url + reverse("forum:comment_new", args=[group.slug, source.slug])
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    passage = source.passages.first().pk
    barrier = threading.Barrier(len(bodies))
    codes = []

    def post(body):
        data = urllib.parse.urlencode({"body": body, "passage": passage, "csrfmiddlewaretoken": CSRF_SECRET})
        request = urllib.request.Request(url, data=data.encode(), headers={"Cookie": cookie})  # noqa: S310 - the live server
        opener = urllib.request.build_opener(NoRedirect)
        barrier.wait(timeout=30)
        try:
            codes.append(opener.open(request, timeout=60).status)
        except urllib.error.HTTPError as answer:
            codes.append(answer.code)

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(codes)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 (posted) is an answer to count, not to follow


def setup_group(member, **rules):
    source = make_source()
    group = make_group(source, members=[member])
    for name, value in rules.items():
        setattr(group, name, value)
    group.save()
    return group, source


def test_twelve_identical_posts_at_once_store_one(live_server, member):
    group, source = setup_group(member)
    codes = fire_together(live_server, group, source, member, ["Same words, sent twelve times."] * BURST)
    assert Comment.objects.filter(group=group).count() == 1
    assert codes == [302] + [400] * (BURST - 1)


def test_twelve_posts_inside_the_flood_interval_store_one(live_server, member):
    group, source = setup_group(member, flood_interval_seconds=15)
    codes = fire_together(live_server, group, source, member, [f"Thought number {n}." for n in range(BURST)])
    assert Comment.objects.filter(group=group).count() == 1
    assert codes.count(302) == 1


def test_twelve_posts_under_an_hourly_cap_of_five_store_five(live_server, member):
    group, source = setup_group(member, hourly_cap=5)
    codes = fire_together(live_server, group, source, member, [f"Thought number {n}." for n in range(BURST)])
    assert Comment.objects.filter(group=group).count() == 5
    assert codes.count(302) == 5
