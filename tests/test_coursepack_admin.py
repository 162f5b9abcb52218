"""Instructors bring their own readings: paste in the admin, preview the converter's report, save a
restricted reading on their group's list; edit, share and retire their own; nothing of other groups'."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from coursepack import paste, services
from coursepack.models import ClassReading
from forum.conf import MODERATORS_GROUP
from forum.models import GroupReading
from sources.models import Passage, Source
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source

pytestmark = pytest.mark.django_db

ARTICLE = """Why the Harvest Failed

Apr 5, 2025

The plan asked for more grain than the villages had grown.

Peasants slaughtered their animals rather than hand them over.

Share this:

The famine that followed was not an accident of the weather.
"""
FIRST = "The first paragraph of the chapter, about the harvest of 1932 in the villages."
ADD_URL = reverse("admin:coursepack_classreading_add")


@pytest.fixture
def group():
    return make_group(make_source("shipped"), slug="class-a")


@pytest.fixture
def instructor(moderator):
    """The group's moderator (tests/conftest.py), who adds its readings; `desk` is logged in as them."""
    return moderator


def preview(client, text=ARTICLE, **fields):
    data = {"text_format": "web", "paste_text": text, "group": fields.pop("group", ""), "_preview": "1", **fields}
    return client.post(ADD_URL, data)


def save(client, response, **changes):
    """Press Save on a preview page: the fields as the preview filled them, with `changes`."""
    form = response.context["form"]
    data = {name: value for name, value in form.data.items() if name != "_preview"}
    data.update(changes, _save="1")
    return client.post(ADD_URL, data)


def change_url(reading):
    return reverse("admin:coursepack_classreading_change", args=[reading.pk])


def text_url(reading):
    return reverse("admin:coursepack_classreading_text", args=[reading.pk])


def added_reading(instructor, group, slug="chapter-seven", text=f"{FIRST}\n\nSecond paragraph.\n"):
    return services.add_reading(
        paste.read(text, paste.SOURCE_FORMAT), {"title": "Chapter 7", "slug": slug}, group, instructor
    )


# --- Adding ------------------------------------------------------------------------------------------


def test_moderator_without_superuser_rights_opens_the_paste_page(desk, instructor):
    assert not instructor.is_superuser
    response = desk.get(ADD_URL)
    assert response.status_code == 200
    assert b"Paste the text" in response.content


def test_preview_shows_the_converters_report_and_saves_nothing(desk, group):
    response = preview(desk, group=group.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: nothing is saved yet" in page
    assert "Converter’s report" in page
    assert "title: Why the Harvest Failed" in page
    assert "Share this" in page  # the chrome line the converter dropped, reported
    assert "The plan asked for more grain" in page
    assert not Source.objects.filter(title="Why the Harvest Failed").exists()


def test_preview_fills_the_metadata_found_in_the_text(desk, group):
    form = preview(desk, group=group.pk).context["form"]
    assert form.data["title"] == "Why the Harvest Failed"
    assert form.data["date"] == "Apr 5, 2025"
    assert form.data["slug"] == "why-the-harvest-failed"


def test_save_after_preview_adds_a_restricted_reading_to_the_group(desk, group, instructor):
    response = save(desk, preview(desk, group=group.pk), author="A. Historian", due="2026-12-24", kind="essay")
    reading = Source.objects.get(slug="why-the-harvest-failed")
    assert response.status_code == 302
    assert response["Location"] == change_url(reading)
    assert reading.visibility == "restricted"
    assert reading.added_by == instructor
    assert (reading.author, reading.date, reading.kind, reading.rights) == (
        "A. Historian",
        "Apr 5, 2025",
        "essay",
        "For class use only.",
    )
    assert [p.text[:9] for p in reading.passages.all()] == ["The plan ", "Peasants ", "The famin"]
    listed = GroupReading.objects.get(group=group, source=reading)
    assert str(listed.due) == "2026-12-24"
    assert listed.position == 1  # after the shipped reading already on the list


def test_save_without_a_preview_of_that_text_previews_instead(desk, group):
    response = save(desk, preview(desk, group=group.pk), paste_text=ARTICLE + "\nOne more paragraph.\n")
    assert response.status_code == 200
    assert b"The text changed since its preview" in response.content
    assert not Source.objects.filter(slug="why-the-harvest-failed").exists()


def test_instructor_can_only_pick_the_groups_they_moderate(desk, group):
    other = make_group(slug="class-b")
    response = preview(desk, group=other.pk)
    assert list(response.context["form"].fields["group"].queryset) == [group]
    assert save(desk, response, group=other.pk).status_code == 400
    assert not GroupReading.objects.filter(group=other).exists()
    assert not Source.objects.filter(slug="why-the-harvest-failed").exists()


def test_pasting_the_source_format_with_front_matter_fills_the_fields(desk, group):
    text = "---\ntitle: Notes on Grain\nauthor: R. Davies\n---\n\nA paragraph.[^1]\n\n[^1]: A note.\n"
    response = preview(desk, text=text, text_format="source", group=group.pk)
    assert response.context["form"].data["author"] == "R. Davies"
    save(desk, response)
    reading = Source.objects.get(slug="notes-on-grain")
    assert reading.footnote_refs.count() == 1


# --- Bad input: a clear message, nothing saved ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nothing was pasted"),
        ("   \n\n  ", "Nothing was pasted"),
        ("%PDF-1.4\x00\x00\x01binary", "looks like the inside of a binary file"),
        ("x" * (2 * 1024 * 1024 + 10), "The text is too large (2.0 MB; the limit is 2 MB)"),
        ("Share this:\n\nLeave a Reply\n", "no passages"),
        ("A paragraph.\x07\n", "control character U+0007"),
    ],
    ids=["empty", "blank", "binary", "too-large", "no-passages", "control-character"],
)
def test_bad_paste_gets_a_clear_message_and_saves_nothing(desk, group, text, message):
    before = Source.objects.count()
    response = preview(desk, text=text, group=group.pk, title="T", _save="1")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"Nothing was saved" in response.content
    assert Source.objects.count() == before


def test_source_format_error_names_the_line(desk, group):
    response = preview(desk, text="A paragraph.\n\n?? \n", text_format="source", group=group.pk)
    assert "pasted text:3: empty prompt" in response.content.decode()


def test_duplicate_slug_gets_a_suggested_free_slug(desk, group):
    make_source("why-the-harvest-failed")
    make_source("chapter")
    make_source("chapter-2")
    response = preview(desk, group=group.pk, slug="chapter")
    assert "A reading with the address “chapter” exists already. “chapter-3” is free: use it." in (
        response.content.decode()
    )
    assert save(desk, response).status_code == 400
    assert Source.objects.filter(slug__startswith="chapter").count() == 2


def test_preview_suggests_a_free_slug_when_the_title_is_taken(desk, group):
    make_source("why-the-harvest-failed")
    response = preview(desk, group=group.pk)
    assert response.context["form"].data["slug"] == "why-the-harvest-failed-2"
    save(desk, response)
    assert Source.objects.get(slug="why-the-harvest-failed-2").visibility == "restricted"


def test_a_title_is_required_to_save(desk, group):
    response = preview(desk, text="Just one long sentence that is clearly not a title.\n", group=group.pk)
    response = save(desk, response)
    assert response.status_code == 400
    assert b"Give the reading a title" in response.content
    assert Source.objects.count() == 1


# --- Scope: another group's readings are a 404; shipped and others' readings are read-only --------------


@pytest.fixture
def other_groups_reading(instructor):
    other = make_group(slug="class-b")
    other_instructor = make_moderator(other)
    reading = added_reading(other_instructor, other, slug="their-secret")
    ClassReading.objects.filter(pk=reading.pk).update(title="Their secret chapter")
    reading.refresh_from_db()
    return reading


@pytest.mark.parametrize("view", ["change", "history", "text"])
def test_other_groups_restricted_reading_is_404_in_the_admin(desk, other_groups_reading, view):
    url = {
        "change": change_url(other_groups_reading),
        "history": reverse("admin:coursepack_classreading_history", args=[other_groups_reading.pk]),
        "text": text_url(other_groups_reading),
    }[view]
    response = desk.get(url)
    assert response.status_code == 404
    assert "Their secret chapter" not in response.content.decode()


def test_other_groups_restricted_reading_is_not_listed(desk, other_groups_reading, instructor, group):
    mine = added_reading(instructor, group)
    page = desk.get(reverse("admin:coursepack_classreading_changelist")).content.decode()
    assert change_url(mine) in page
    assert change_url(other_groups_reading) not in page
    assert "their-secret" not in page
    assert "Their secret chapter" not in page


def test_other_group_member_cannot_reach_the_admin_at_all(client, other_groups_reading):
    student = make_member(make_group(slug="class-c"), make_user_staffless()).user
    client.force_login(student)
    response = client.get(change_url(other_groups_reading))
    assert response.status_code == 302  # to the admin login: not staff
    assert "their-secret" not in response["Location"]


def make_user_staffless():
    return User.objects.create_user("student-c")


def test_editing_a_shipped_reading_is_refused(desk, group):
    shipped = ClassReading.objects.get(slug="shipped")
    page = desk.get(change_url(shipped))
    assert page.status_code == 200  # on their group's list: they may look
    assert b"Paste a new text" not in page.content
    response = desk.post(change_url(shipped), {"title": "Hijacked", "author": "", "group_readings-TOTAL_FORMS": "0"})
    assert response.status_code == 403
    assert desk.get(text_url(shipped)).status_code == 403
    shipped.refresh_from_db()
    assert shipped.title == "Reading shipped"


def test_another_instructors_reading_on_a_shared_group_is_read_only(desk, group):
    colleague = make_moderator(group)
    theirs = added_reading(colleague, group)
    assert desk.get(change_url(theirs)).status_code == 200
    assert desk.post(text_url(theirs), {"text_format": "source", "paste_text": "Replaced.\n"}).status_code == 403
    assert theirs.passages.count() == 2


# --- Editing, sharing, retiring -----------------------------------------------------------------------


def test_instructor_edits_the_metadata_of_their_reading(desk, instructor, group):
    reading = added_reading(instructor, group)
    data = change_form(reading, group, title="Chapter Seven (revised)", rights="Do not share.")
    response = desk.post(change_url(reading), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reading.refresh_from_db()
    assert (reading.title, reading.rights, reading.visibility) == (
        "Chapter Seven (revised)",
        "Do not share.",
        "restricted",
    )


def test_instructor_cannot_make_a_reading_public(desk, instructor, group):
    reading = added_reading(instructor, group)
    desk.post(change_url(reading), change_form(reading, group, visibility="public"))
    reading.refresh_from_db()
    assert reading.visibility == "restricted"


def test_superuser_makes_a_reading_public(client, instructor, group):
    reading = added_reading(instructor, group)
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    response = client.post(change_url(reading), change_form(reading, group, visibility="public", slug=reading.slug))
    assert response.status_code == 302
    reading.refresh_from_db()
    assert reading.visibility == "public"
    assert client.get(reverse("sources:detail", args=[reading.slug])).status_code == 200


def change_form(reading, group, **changes):
    rows = list(GroupReading.objects.filter(source=reading, group=group))
    data = {
        "title": reading.title,
        "author": reading.author,
        "publication": reading.publication,
        "date": reading.date,
        "url": reading.url,
        "kind": reading.kind,
        "rights": reading.rights,
        "description": reading.description,
        "group_readings-TOTAL_FORMS": str(len(rows)),
        "group_readings-INITIAL_FORMS": str(len(rows)),
        "group_readings-MIN_NUM_FORMS": "0",
        "group_readings-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update(
            {
                f"group_readings-{index}-id": str(row.pk),
                f"group_readings-{index}-source": str(reading.pk),
                f"group_readings-{index}-group": str(row.group_id),
                f"group_readings-{index}-position": str(row.position),
                f"group_readings-{index}-due": "",
            }
        )
    data.update(changes)
    return data


def shared_with(reading, group, other, **changes):
    """change_form() with a second row that lists the reading for `other` too."""
    second_row = {
        "group_readings-TOTAL_FORMS": "2",
        "group_readings-1-source": str(reading.pk),
        "group_readings-1-group": str(other.pk),
        "group_readings-1-position": "0",
    }
    return change_form(reading, group, **second_row, **changes)


def test_share_with_another_group_they_moderate_and_retire_from_the_first(desk, instructor, group):
    second = make_group(slug="class-b")
    make_moderator(second, instructor)
    reading = added_reading(instructor, group)
    data = shared_with(
        reading, group, second, **{"group_readings-1-due": "2027-01-15", "group_readings-0-DELETE": "on"}
    )
    response = desk.post(change_url(reading), data)
    assert response.status_code == 302
    assert list(GroupReading.objects.filter(source=reading).values_list("group__slug", flat=True)) == ["class-b"]


def test_cannot_share_with_a_group_they_do_not_moderate(desk, instructor, group):
    stranger = make_group(slug="class-z")
    reading = added_reading(instructor, group)
    data = shared_with(reading, group, stranger)
    assert desk.post(change_url(reading), data).status_code == 200  # the form again, with the error
    assert not GroupReading.objects.filter(group=stranger).exists()


def test_new_text_preview_then_save_keeps_passages_with_discussion(desk, instructor, group):
    reading = added_reading(instructor, group)
    first = reading.passages.get(position=0)
    make_comment(group, make_member(group).user, passage=first)
    edited = FIRST.replace("villages", "Ukrainian villages")
    new_text = f"{edited}\n\nA new second paragraph about something else entirely.\n"
    data = {"text_format": "source", "paste_text": new_text, "_preview": "1"}
    response = desk.post(text_url(reading), data)
    assert response.status_code == 200
    assert "1 edited, 1 new, 1 dropped" in response.content.decode()
    assert reading.passages.filter(text="Second paragraph.").exists()  # nothing saved by the preview
    data = {**response.context["form"].data.dict(), "_save": "1"}
    data.pop("_preview")
    assert desk.post(text_url(reading), data).status_code == 302
    assert Passage.objects.get(pk=first.pk).text == edited


def test_new_text_that_drops_a_passage_with_discussion_is_refused(desk, instructor, group):
    reading = added_reading(instructor, group)
    make_comment(group, make_member(group).user, passage=reading.passages.first())
    response = desk.post(text_url(reading), {"text_format": "source", "paste_text": "Something else.\n"})
    assert response.status_code == 400
    assert "refusing to drop passage" in response.content.decode()
    assert list(reading.passages.values_list("text", flat=True)) == [FIRST, "Second paragraph."]


def test_group_admin_does_not_offer_another_groups_restricted_reading(desk, instructor, group, other_groups_reading):
    mine = added_reading(instructor, group)
    page = desk.get(reverse("admin:forum_readinggroup_change", args=[group.pk])).content.decode()
    assert "Reading shipped" in page  # public readings are offered
    assert mine.title in page
    assert f'<option value="{other_groups_reading.pk}"' not in page
    assert "Their secret chapter" not in page


def test_view_on_site_leads_to_the_group_page_not_the_public_404(desk, instructor, group):
    reading = added_reading(instructor, group)
    page = desk.get(change_url(reading)).content.decode()
    assert reverse("forum:reading", args=[group.slug, reading.slug]) in page
    assert f'href="{reverse("sources:detail", args=[reading.slug])}"' not in page


def test_a_refused_conversion_still_shows_the_converters_report(desk, group):
    response = preview(desk, text="Share this:\n\nLeave a Reply\n", group=group.pk)
    page = response.content.decode()
    assert response.status_code == 400
    assert "no passages left: the text is only web chrome" in page
    assert "Chrome dropped" in page  # the report says what was dropped, so the instructor sees why
    assert Source.objects.count() == 1


def test_moderators_may_view_add_and_change_class_readings_but_not_delete_them():
    permissions = Group.objects.get(name=MODERATORS_GROUP).permissions.filter(content_type__app_label="coursepack")
    assert set(permissions.values_list("codename", flat=True)) == {
        "view_classreading",
        "add_classreading",
        "change_classreading",
    }


def test_superuser_adds_a_reading_to_any_group(client, group):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    stranger = make_group(slug="class-z")
    response = preview(client, group=stranger.pk)
    assert stranger in response.context["form"].fields["group"].queryset
    assert save(client, response).status_code == 302
    assert GroupReading.objects.get(group=stranger).source.visibility == "restricted"


def test_paste_past_the_servers_request_limit_gets_a_clear_page_and_saves_nothing(desk, group):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) the form never sees the text: the 400 page says why."""
    before = Source.objects.count()
    response = preview(desk, text="x" * (3 * 1024 * 1024), group=group.pk, title="T", _save="1")
    assert response.status_code == 400
    assert b"at most 2 MB" in response.content
    assert b"Nothing was saved" in response.content
    assert Source.objects.count() == before
