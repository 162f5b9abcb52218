"""Accessibility: axe-core (axe-playwright-python, pinned; its axe.min.js ships in the wheel, so
nothing is fetched) on every page of the site as a visitor, a student and a moderator, and on
the admin pages a moderator uses. Every rule, every impact: 0 violations.

To check a new page, add a line to PAGES: (who, name, a function of the `Pages` below returning
its path). A later app adds its own pages the same way.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from forum.models import Comment, Flag, GroupReading, Membership
from sources.models import Passage, Source

from .conftest import DESKTOP, PHONE

SEED_004 = "bureaucratic-socialism-part-2"


@dataclass
class Pages:
    """What the page paths are made from: the demo group, a reading, a passage with discussion."""

    group: object
    source: object
    passage: object
    comment: object
    users: dict

    def reading(self):
        return reverse("forum:reading", args=[self.group.slug, self.source.slug])


PAGES = [
    ("visitor", "reading list", lambda p: "/"),
    ("visitor", "public reading", lambda p: p.source.get_absolute_url()),
    ("visitor", "log in", lambda p: reverse("account_login")),
    ("visitor", "sign up", lambda p: reverse("account_signup")),
    ("visitor", "password reset", lambda p: reverse("account_reset_password")),
    ("visitor", "invite", lambda p: p.group.get_invite_path()),
    ("student", "home", lambda p: reverse("forum:home")),
    ("student", "group", lambda p: p.group.get_absolute_url()),
    ("student", "group reading", lambda p: p.reading()),
    ("student", "group reading, passage open", lambda p: f"{p.reading()}?open={p.passage.pk}"),
    ("student", "group reading, whole reading open", lambda p: f"{p.reading()}?open=reading"),
    ("student", "public reading", lambda p: p.source.get_absolute_url()),
    ("student", "comment form", lambda p: reverse("forum:comment_new", args=[p.group.slug, p.source.slug])),
    ("student", "flag form", lambda p: reverse("forum:comment_flag", args=[p.group.slug, p.comment.pk])),
    ("student", "profile", lambda p: reverse("forum:profile")),
    ("student", "account email", lambda p: reverse("account_email")),
    ("student", "password change", lambda p: reverse("account_change_password")),
    ("moderator", "group reading, passage open", lambda p: f"{p.reading()}?open={p.passage.pk}"),
    ("moderator", "admin index", lambda p: reverse("admin:index")),
    ("moderator", "admin comment queue", lambda p: reverse("admin:forum_comment_changelist")),
    ("moderator", "admin comment", lambda p: reverse("admin:forum_comment_change", args=[p.comment.pk])),
]


@pytest.fixture
def pages(site):
    source = Source.objects.get(slug=SEED_004)
    group = GroupReading.objects.filter(source=source).order_by("group_id").first().group
    moderator = Membership.objects.filter(group=group, role=Membership.Role.MODERATOR).first().user
    student = get_user_model().objects.create_user("axe-student", "axe@example.org", "a long password for axe")
    Membership.objects.create(user=student, group=group)
    passage = Passage.objects.filter(source=source, prompts__isnull=False).order_by("position").first()
    first = Comment.objects.create(
        group=group, source=source, passage=passage, author=moderator, body="A *first* thought."
    )
    reply = Comment(
        group=group, source=source, author=moderator, body="And a reply, with a [link](https://example.org)."
    )
    reply.place_reply(first)
    reply.save()
    Flag.objects.create(comment=reply, user=student, reason="spam")
    return Pages(group, source, passage, first, {"visitor": None, "student": student, "moderator": moderator})


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
@pytest.mark.parametrize(("who", "name", "path"), PAGES, ids=[f"{who}: {name}" for who, name, _ in PAGES])
def test_no_axe_violations(browser, site, pages, axe, who, name, path, viewport):
    from django.test import Client

    context = browser.new_context(viewport=viewport, base_url=site.url)
    try:
        user = pages.users[who]
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}])
        page = context.new_page()
        response = page.goto(path(pages))
        assert response.status == 200, (path(pages), response.status)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
