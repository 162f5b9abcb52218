"""Dates in the member's time zone: the profile setting, its validation, and the reading page."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Profile
from forum.timezones import SESSION_KEY
from tests.factories import make_comment, make_group, make_source, make_user
from tests.test_reading_page import READING_PAGE_QUERIES

pytestmark = pytest.mark.django_db

NOON_UTC = datetime(2026, 3, 5, 12, 7, tzinfo=UTC)


@pytest.fixture
def page(client):
    source = make_source(passages=2)
    alice = make_user("alice", "Alice")
    group = make_group(source, members=[alice])
    make_comment(group, alice, body="At noon", created=NOON_UTC)
    url = reverse("forum:reading", args=[group.slug, source.slug])
    client.force_login(alice)
    return {"alice": alice, "url": url + "?open=reading", "client": client}


def save_profile(client, **data):
    return client.post(reverse("forum:profile"), {"display_name": "Alice", **data})


def test_profile_page_offers_the_zones_in_a_labelled_field(page):
    html = page["client"].get(reverse("forum:profile")).content.decode()
    assert '<label for="id_time_zone">Time zone:</label>' in html
    assert 'list="time-zones"' in html
    assert '<option value="Europe/London">' in html


def test_dates_default_to_the_sites_time_zone(page, settings):
    html = page["client"].get(page["url"]).content.decode()
    assert "5 Mar 2026, 12:07" in html


def test_a_saved_zone_changes_the_time_shown_on_the_reading_page(page):
    response = save_profile(page["client"], time_zone="Asia/Tokyo")
    assert response.status_code == 302
    assert Profile.objects.get(user=page["alice"]).time_zone == "Asia/Tokyo"
    html = page["client"].get(page["url"]).content.decode()
    assert "5 Mar 2026, 21:07" in html
    assert 'datetime="2026-03-05T12:07:00+00:00"' in html  # the machine-readable time stays UTC


def test_emptying_the_zone_returns_to_the_site_default(page):
    save_profile(page["client"], time_zone="Asia/Tokyo")
    save_profile(page["client"], time_zone="")
    assert Profile.objects.get(user=page["alice"]).time_zone == ""
    assert "5 Mar 2026, 12:07" in page["client"].get(page["url"]).content.decode()


def test_the_zone_follows_the_member_to_a_new_login(page):
    Profile.objects.filter(user=page["alice"]).update(time_zone="America/New_York")
    other = Client()
    other.force_login(page["alice"])
    assert other.session[SESSION_KEY] == "America/New_York"
    assert "5 Mar 2026, 07:07" in other.get(page["url"]).content.decode()


@pytest.mark.parametrize("bad", ["Mars/Olympus", "europe/london", "<script>", "../../etc/passwd", "UTC\x00", "A" * 65])
def test_an_unknown_zone_is_refused_and_the_old_one_kept(page, bad):
    save_profile(page["client"], time_zone="Asia/Tokyo")
    response = save_profile(page["client"], time_zone=bad)
    assert response.status_code == 200
    errors = response.context["form"].errors["time_zone"]
    assert any("not a time zone we know" in e or "at most 64" in e for e in errors)
    assert Profile.objects.get(user=page["alice"]).time_zone == "Asia/Tokyo"
    assert "5 Mar 2026, 21:07" in page["client"].get(page["url"]).content.decode()


def test_a_stale_zone_in_the_session_falls_back_to_the_default(page):
    session = page["client"].session
    session[SESSION_KEY] = "Nowhere/Gone"
    session.save()
    assert "5 Mar 2026, 12:07" in page["client"].get(page["url"]).content.decode()


def test_the_zone_adds_no_query_to_the_reading_page(page, django_assert_num_queries):
    save_profile(page["client"], time_zone="Asia/Tokyo")
    page["client"].get(page["url"])  # the text's first rendering, the visit's write
    with django_assert_num_queries(READING_PAGE_QUERIES):
        response = page["client"].get(page["url"])
    assert "5 Mar 2026, 21:07" in response.content.decode()
