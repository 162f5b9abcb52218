"""Public and restricted readings on the site: a restricted reading is read only by the groups that
have it on their reading list (members and moderators); everyone else gets a 404 and sees nothing of it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sources import importer, parser
from sources.models import Source
from tests.factories import make_comment, make_group, make_source, user_fixture

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Chapter Seven, under copyright"


# A restricted reading on a public group's list (the hardest case: the group page is open to all),
# a student and a moderator of that group (Ana, Mo), and a member and a moderator of another group (Oz, Otto).
ana = user_fixture("ana")
mo = user_fixture("mo")
oz = user_fixture("oz")
otto = user_fixture("otto")


@pytest.fixture
def secret():
    secret = make_source(slug="chapter-seven")
    Source.objects.filter(pk=secret.pk).update(title=SECRET_TITLE, visibility=Source.Visibility.RESTRICTED)
    secret.refresh_from_db()
    return secret


@pytest.fixture
def shipped():
    return make_source(slug="shipped")


@pytest.fixture
def group(shipped, secret, ana, mo):
    return make_group(shipped, secret, members=[ana], moderators=[mo], is_private=False)


@pytest.fixture
def other(shipped, oz, otto):
    return make_group(shipped, members=[oz], moderators=[otto])


@pytest.fixture
def comment(group, ana, secret):
    return make_comment(group, ana, source=secret, passage=secret.passages.first(), body="Secret thought.")


@pytest.fixture
def log_in(client, request, group, other):
    """`log_in(who)`: the client logged in as one of the cast by name (Ana, Mo, Oz, Otto), or a visitor for None."""

    def log_in(who):
        if who:
            client.force_login(request.getfixturevalue(who))

    return log_in


def reading_url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


@pytest.mark.usefixtures("group")
def test_public_list_shows_public_readings_only(client, shipped):
    page = client.get(reverse("sources:list")).content.decode()
    assert shipped.title in page
    assert SECRET_TITLE not in page


@pytest.mark.parametrize("who", [None, "ana", "mo", "oz", "otto"])
def test_public_page_of_a_restricted_reading_is_404_for_everyone(client, log_in, who):
    log_in(who)
    response = client.get(reverse("sources:detail", args=["chapter-seven"]))
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("who", ["ana", "mo"])
@pytest.mark.usefixtures("comment")
def test_members_and_moderators_read_it_in_their_group(client, log_in, group, secret, who):
    log_in(who)
    response = client.get(reading_url(group, secret))
    assert response.status_code == 200
    assert SECRET_TITLE in response.content.decode()
    assert "Secret thought." in response.content.decode()


@pytest.mark.parametrize("who", [None, "oz", "otto"])
@pytest.mark.usefixtures("comment")
def test_visitor_and_other_group_get_404_on_the_group_reading(client, log_in, group, secret, who):
    log_in(who)
    response = client.get(reading_url(group, secret))
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("who", [None, "oz"])
def test_public_group_page_lists_the_restricted_reading_to_members_only(client, log_in, group, shipped, who):
    log_in(who)
    page = client.get(group.get_absolute_url()).content.decode()
    assert shipped.title in page
    assert SECRET_TITLE not in page


def test_member_sees_the_restricted_reading_on_the_group_page(client, ana, group):
    client.force_login(ana)
    assert SECRET_TITLE in client.get(group.get_absolute_url()).content.decode()


def test_comment_permalink_does_not_reveal_the_reading_to_a_visitor(client, comment):
    response = client.get(comment.get_absolute_url())
    assert response.status_code == 404
    assert "chapter-seven" not in response.get("Location", "")


def test_comment_permalink_takes_a_member_to_the_reading(client, ana, group, secret, comment):
    client.force_login(ana)
    response = client.get(comment.get_absolute_url())
    assert response.status_code == 302
    assert reading_url(group, secret) in response["Location"]


@pytest.mark.usefixtures("other")
def test_outsider_cannot_post_on_it(client, oz, group):
    client.force_login(oz)
    url = reverse("forum:comment_new", args=[group.slug, "chapter-seven"])
    assert client.post(url, {"body": "Let me in."}).status_code == 404


@pytest.mark.usefixtures("other")
def test_outsider_cannot_flag_a_comment_on_it(client, oz, comment):
    client.force_login(oz)
    response = client.post(reverse("forum:flag", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 404
    assert not comment.flags.exists()


@pytest.mark.usefixtures("comment")
def test_reading_page_query_count_does_not_grow_for_a_restricted_reading(
    client, ana, group, shipped, secret, django_assert_max_num_queries
):
    """The membership check is an EXISTS inside the reading's own query, not an extra round trip."""
    # The same discussion on both: one comment of Ana's.
    make_comment(group, ana, source=shipped, passage=shipped.passages.first(), body="Shipped thought.")
    client.force_login(ana)
    client.get(reading_url(group, shipped))
    client.get(reading_url(group, secret))  # each text is rendered once per version
    with django_assert_max_num_queries(20) as public:
        client.get(reading_url(group, shipped))
    with django_assert_max_num_queries(20) as restricted:
        client.get(reading_url(group, secret))
    assert len(restricted.captured_queries) == len(public.captured_queries)


# --- The source format's visibility key ---------------------------------------------------------------


def source_text(visibility=None):
    line = f"visibility: {visibility}\n" if visibility else ""
    return f"---\ntitle: A file\nslug: a-file\n{line}---\n\nOne paragraph.\n"


def test_a_file_without_the_key_is_public():
    importer.sync(parser.parse(source_text(), "a-file.txt"))
    assert Source.objects.get(slug="a-file").visibility == "public"


def test_a_file_can_say_restricted():
    importer.sync(parser.parse(source_text("restricted"), "a-file.txt"))
    assert Source.objects.get(slug="a-file").visibility == "restricted"


def test_reimport_without_the_key_keeps_a_restricted_reading_restricted():
    importer.sync(parser.parse(source_text("restricted"), "a-file.txt"))
    importer.sync(parser.parse(source_text(), "a-file.txt"))
    assert Source.objects.get(slug="a-file").visibility == "restricted"


def test_a_file_can_make_a_reading_public_again():
    importer.sync(parser.parse(source_text("restricted"), "a-file.txt"))
    importer.sync(parser.parse(source_text("public"), "a-file.txt"))
    assert Source.objects.get(slug="a-file").visibility == "public"


def test_an_unknown_visibility_is_an_error_naming_the_line():
    with pytest.raises(parser.SourceFormatError) as caught:
        parser.parse(source_text("secret"), "a-file.txt")
    assert str(caught.value) == "a-file.txt:4: bad visibility 'secret' (public or restricted)"


def test_the_shipped_fixtures_load_public():
    call_command("load_readings", verbosity=0)
    assert Source.objects.count() == 5
    assert set(Source.objects.values_list("visibility", flat=True)) == {"public"}
