"""Hearing back in a real browser: a reply lights the bell, the notifications page leads to it."""

import re

from playwright.sync_api import expect

from forum.models import Comment

from .conftest import PHONE
from .test_flows import (  # noqa: F401 (demo is a fixture)
    comment_by,
    demo,
    make_member,
    open_discussion,
    reply_in_browser,
)


def test_a_reply_lights_the_bell_and_the_notification_leads_to_it(new_page, demo, screenshot):  # noqa: F811
    asker = make_member(demo.group, "asker")
    question = comment_by(asker, demo, "Who is *substituting* for whom here?")
    replier = make_member(demo.group, "answerer")

    page = new_page(replier)
    open_discussion(page, demo)
    reply_in_browser(page, question, "The apparatus, @asker, for the declassed proletariat.")
    reply = Comment.objects.get(author=replier)
    expect(page.locator(f"#c-{reply.pk} .mention")).to_have_text("@asker")

    # The phone only looks; the desktop then follows the notification, which marks it read.
    for name, viewport in (("phone", PHONE), ("desktop", None)):
        page = new_page(asker, **({"viewport": viewport} if viewport else {}))
        page.goto("/home/")
        bell = page.locator("header a.bell")
        expect(bell.locator(".bell-count")).to_have_text(re.compile(r"^1\s*unread$"))
        screenshot(page, f"notify-bell-{name}")
        bell.click()
        expect(page).to_have_url(re.compile(r"/notifications/$"))
        item = page.locator("li.notification.is-unread")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("replied to your comment")
        expect(item.locator(".notification-excerpt")).to_contain_text("declassed proletariat")
        screenshot(page, f"notify-list-{name}")
        if name == "phone":
            continue
        item.get_by_role("link", name=re.compile("replied to your comment")).click()
        expect(page).to_have_url(re.compile(rf"#c-{reply.pk}$"))
        expect(page.locator(f"#c-{reply.pk}")).to_be_in_viewport()
        expect(page.locator("header a.bell .bell-count")).to_have_count(0)
