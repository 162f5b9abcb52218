"""An instructor brings their own reading, in a real browser: pastes an article in the admin, reads the
converter's report, saves; their student reads and discusses it; a visitor and another group get 404."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from forum.conf import MODERATORS_GROUP
from forum.models import Comment, GroupReading, Membership, ReadingGroup
from sources.models import Source

from .conftest import PHONE

SECRET = "a long enough password 4 e2e"
ARTICLE = """The Grain Problem of 1928

Mar 3, 2024

In the winter of 1927 the state's grain purchases fell short by a third, and the leadership argued about why.

Share this:

Bukharin blamed prices that paid the peasant too little; Stalin blamed the kulak who hoarded.

The "extraordinary measures" of 1928 answered with requisitions, and the argument was settled by force.
"""
TITLE = "The Grain Problem of 1928"


@pytest.fixture
def classroom(site):
    # Transactional tests flush the permission grants the coursepack migration made; grant them again.
    codenames = ["view_classreading", "add_classreading", "change_classreading"]
    Group.objects.get(name=MODERATORS_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="coursepack", codename__in=codenames)
    )
    moderator = Membership.objects.filter(role=Membership.Role.MODERATOR).select_related("group", "user").first()
    users = get_user_model().objects
    student = users.create_user("class-student", "s@example.org", SECRET)
    Membership.objects.create(user=student, group=moderator.group)
    other = ReadingGroup.objects.create(name="Another class", slug="another-class", is_private=False)
    outsider = users.create_user("outsider", "o@example.org", SECRET)
    other_moderator = users.create_user("other-instructor", "m@example.org", SECRET, is_staff=True)
    other_moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    Membership.objects.create(user=outsider, group=other)
    Membership.objects.create(user=other_moderator, group=other, role=Membership.Role.MODERATOR)
    return {
        "group": moderator.group,
        "instructor": moderator.user,
        "student": student,
        "outsider": outsider,
        "other_moderator": other_moderator,
    }


def paste_and_preview(page):
    page.goto("/admin/coursepack/classreading/add/")
    page.get_by_label("Text of the reading").fill(ARTICLE)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: nothing is saved yet")).to_be_visible()


def test_instructor_adds_a_pasted_article_that_only_their_class_reads(new_page, classroom, screenshot):
    group = classroom["group"]
    page = new_page(classroom["instructor"])
    paste_and_preview(page)
    report = page.locator(".conversion-report")
    expect(report).to_contain_text(f"title: {TITLE}")
    expect(report).to_contain_text("Share this")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert not Source.objects.filter(title=TITLE).exists()  # the preview saved nothing
    page.get_by_label("Author").fill("A. Historian")
    page.get_by_label("Add it to the reading list of").select_option(label=group.name)
    page.get_by_label("Due").fill("2026-12-24")
    page.locator(".paste-preview").scroll_into_view_if_needed()
    screenshot(page, "admin-add-reading-preview")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}” is on the reading list of {group.name}")

    reading = Source.objects.get(title=TITLE)
    assert (reading.visibility, reading.author) == ("restricted", "A. Historian")
    assert str(GroupReading.objects.get(group=group, source=reading).due) == "2026-12-24"

    # The student finds it on their home page, reads it and comments.
    student = new_page(classroom["student"])
    student.goto("/home/")
    student.get_by_role("link", name=TITLE).click()
    expect(student.locator("h1.source-title")).to_have_text(TITLE)
    expect(student.get_by_text("For class use only.")).to_be_visible()
    form = student.locator("form.comment-form:visible").last
    form.locator("textarea[name=body]").fill("So the requisitions were a choice, not a necessity?")
    form.get_by_role("button", name="Post Comment").click()
    expect(student.locator(".comment-notice")).to_be_visible()  # posted in place, then the page reloads at it
    comment = Comment.objects.get(author=classroom["student"])
    expect(student.locator(f"#c-{comment.pk}")).to_contain_text("a choice, not a necessity")

    # Nobody else sees anything of it.
    reading_path = f"/groups/{group.slug}/readings/{reading.slug}/"
    visitor = new_page()
    assert visitor.goto(f"/readings/{reading.slug}/").status == 404
    assert visitor.goto(reading_path).status == 404
    visitor.goto("/")
    expect(visitor.get_by_text(TITLE)).to_have_count(0)
    outsider = new_page(classroom["outsider"])
    assert outsider.goto(reading_path).status == 404
    assert outsider.goto(comment.get_absolute_url()).status == 404
    other_moderator = new_page(classroom["other_moderator"])
    assert other_moderator.goto(f"/admin/coursepack/classreading/{reading.pk}/change/").status == 404
    other_moderator.goto("/admin/coursepack/classreading/")
    expect(other_moderator.get_by_text(TITLE)).to_have_count(0)


def test_paste_page_fits_a_phone(new_page, classroom, screenshot):
    page = new_page(classroom["instructor"], viewport=PHONE)
    paste_and_preview(page)
    screenshot(page, "admin-add-reading-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
