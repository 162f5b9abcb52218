"""Public and restricted readings on the site: a restricted reading is read only by the groups that
have it on their reading list (members and moderators); everyone else gets a 404 and sees nothing of it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum.models import Membership
from sources import importer, parser
from sources.models import Source
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Chapter Seven, under copyright"


@pytest.fixture
def world():
    """A restricted reading on a public group's list (the hardest case: the group page is open to all),
    a student and a moderator of that group, and a member and a moderator of another group."""
    secret = make_source(slug="chapter-seven")
    Source.objects.filter(pk=secret.pk).update(title=SECRET_TITLE, visibility=Source.Visibility.RESTRICTED)
    secret.refresh_from_db()
    shipped = make_source(slug="shipped")
    student, moderator, outsider, other_moderator = (make_user(name) for name in ("ana", "mo", "oz", "otto"))
    group = make_group(shipped, secret, members=[student], moderators=[moderator], is_private=False)
    other = make_group(shipped, members=[outsider], moderators=[other_moderator])
    comment = make_comment(group, student, source=secret, passage=secret.passages.first(), body="Secret thought.")
    return {"secret": secret, "shipped": shipped, "group": group, "other": other, "comment": comment}


def reading_url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


def test_public_list_shows_public_readings_only(client, world):
    page = client.get(reverse("sources:list")).content.decode()
    assert world["shipped"].title in page
    assert SECRET_TITLE not in page


@pytest.mark.parametrize("who", [None, "ana", "mo", "oz", "otto"])
def test_public_page_of_a_restricted_reading_is_404_for_everyone(client, world, who):
    if who:
        client.force_login(Membership.objects.get(user__username=who).user)
    response = client.get(reverse("sources:detail", args=["chapter-seven"]))
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("who", ["ana", "mo"])
def test_members_and_moderators_read_it_in_their_group(client, world, who):
    client.force_login(Membership.objects.get(user__username=who).user)
    response = client.get(reading_url(world["group"], world["secret"]))
    assert response.status_code == 200
    assert SECRET_TITLE in response.content.decode()
    assert "Secret thought." in response.content.decode()


@pytest.mark.parametrize("who", [None, "oz", "otto"])
def test_visitor_and_other_group_get_404_on_the_group_reading(client, world, who):
    if who:
        client.force_login(Membership.objects.get(user__username=who).user)
    response = client.get(reading_url(world["group"], world["secret"]))
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("who", [None, "oz"])
def test_public_group_page_lists_the_restricted_reading_to_members_only(client, world, who):
    if who:
        client.force_login(Membership.objects.get(user__username=who).user)
    page = client.get(world["group"].get_absolute_url()).content.decode()
    assert world["shipped"].title in page
    assert SECRET_TITLE not in page


def test_member_sees_the_restricted_reading_on_the_group_page(client, world):
    client.force_login(Membership.objects.get(user__username="ana").user)
    assert SECRET_TITLE in client.get(world["group"].get_absolute_url()).content.decode()


def test_comment_permalink_does_not_reveal_the_reading_to_a_visitor(client, world):
    response = client.get(world["comment"].get_absolute_url())
    assert response.status_code == 404
    assert "chapter-seven" not in response.get("Location", "")


def test_comment_permalink_takes_a_member_to_the_reading(client, world):
    client.force_login(Membership.objects.get(user__username="ana").user)
    response = client.get(world["comment"].get_absolute_url())
    assert response.status_code == 302
    assert reading_url(world["group"], world["secret"]) in response["Location"]


def test_outsider_cannot_post_on_it(client, world):
    client.force_login(Membership.objects.get(user__username="oz").user)
    url = reverse("forum:comment_new", args=[world["group"].slug, "chapter-seven"])
    assert client.post(url, {"body": "Let me in."}).status_code == 404


def test_outsider_cannot_flag_a_comment_on_it(client, world):
    client.force_login(Membership.objects.get(user__username="oz").user)
    response = client.post(reverse("forum:flag", args=[world["comment"].pk]), {"reason": "spam"})
    assert response.status_code == 404
    assert not world["comment"].flags.exists()


def test_reading_page_query_count_does_not_grow_for_a_restricted_reading(client, world, django_assert_max_num_queries):
    """The membership check is an EXISTS inside the reading's own query, not an extra round trip."""
    ana = Membership.objects.get(user__username="ana").user
    shipped = world["shipped"]  # the same discussion on both: one comment of Ana's
    make_comment(world["group"], ana, source=shipped, passage=shipped.passages.first(), body="Shipped thought.")
    client.force_login(ana)
    client.get(reading_url(world["group"], world["shipped"]))
    client.get(reading_url(world["group"], world["secret"]))  # each text is rendered once per version
    with django_assert_max_num_queries(20) as public:
        client.get(reading_url(world["group"], world["shipped"]))
    with django_assert_max_num_queries(20) as restricted:
        client.get(reading_url(world["group"], world["secret"]))
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
