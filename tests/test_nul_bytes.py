"""A NUL byte in any part of an address that could reach a query answers 404 (PostgreSQL refuses NUL in text)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db

NUL_VALUE = "abc%00def"
SAMPLES = {"int": "1", "slug": "a-slug"}
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def route_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from route_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def addresses_with_a_nul_in_each_text_part():
    """Every route with a str or path part, that part holding a NUL (ints and slugs cannot hold one)."""
    for route in route_patterns(get_resolver().url_patterns):
        if "^" in route:
            continue  # the regex patterns are listed by hand below
        parts = CONVERTER.findall(route)
        for converter, name in parts:
            if converter not in SAMPLES:
                yield "/" + CONVERTER.sub(
                    lambda m, name=name: NUL_VALUE if m["name"] == name else SAMPLES.get(m["converter"], "1"), route
                )


REGEX_ADDRESSES = [
    f"/accounts/password/reset/key/1-{NUL_VALUE}/",
    f"/accounts/confirm-email/{NUL_VALUE}/",
    f"/admin/{NUL_VALUE}/",
]
ADDRESSES = sorted(set(addresses_with_a_nul_in_each_text_part())) + REGEX_ADDRESSES


def test_the_walk_finds_the_text_parts_that_reach_queries():
    assert f"/join/{NUL_VALUE}/" in ADDRESSES
    assert f"/admin/forum/comment/{NUL_VALUE}/change/" in ADDRESSES
    assert f"/admin/r/{NUL_VALUE}/1/" in ADDRESSES
    assert len(ADDRESSES) > 50


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw-long-enough-1"))
    return client


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_nul_in_a_text_part_of_the_address_is_a_404(superuser_client, address):
    assert superuser_client.get(address).status_code == 404


@pytest.mark.parametrize("address", [f"/join/{NUL_VALUE}/", f"/admin/forum/comment/{NUL_VALUE}/change/"])
def test_a_nul_in_a_posted_address_is_a_404_too(superuser_client, address):
    assert superuser_client.post(address, {"x": "y"}).status_code == 404


def test_join_with_a_nul_is_a_404_for_a_member(client):
    client.force_login(make_user())
    assert client.get(f"/join/{NUL_VALUE}/").status_code == 404


@pytest.mark.parametrize(
    "query", [f"q={NUL_VALUE}", f"status={NUL_VALUE}", f"{NUL_VALUE}=1", f"o={NUL_VALUE}", f"p={NUL_VALUE}"]
)
def test_a_nul_in_the_admins_query_string_is_a_404(superuser_client, query):
    assert superuser_client.get(f"/admin/forum/comment/?{query}").status_code == 404


@pytest.mark.parametrize("name", ["open", "page", "cpage"])
def test_a_nul_in_the_reading_pages_query_string_is_a_404(client, name):
    group = make_group(make_source(), is_private=False)
    make_comment(group, make_user())
    address = f"/groups/{group.slug}/readings/{group.sources.first().slug}/"
    assert client.get(address).status_code == 200
    assert client.get(f"{address}?{name}={NUL_VALUE}").status_code == 404


def test_a_session_cookie_holding_a_nul_counts_as_no_session(client):
    # A quoted cookie value spells bytes in octal: the server reads "\000" as a NUL.
    response = client.get("/home/", HTTP_COOKIE='sessionid="abcdefgh\\000ijkl"')
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_404_for_a_nul_carries_the_sites_headers(client):
    response = client.get(f"/join/{NUL_VALUE}/")
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response
