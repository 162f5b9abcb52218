"""The site header on a phone: a member's links, the bell with its count and "Log out" on one line."""

import pytest
from playwright.sync_api import expect

from notify.models import Notification

from .conftest import PHONE
from .test_flows import comment_by, demo, make_member  # noqa: F401 (demo is a fixture)

# How many lines the header's links and buttons take: their middles, a line apart or more.
NAV_LINES = """() => {
  const items = [...document.querySelectorAll('.site-nav a, .site-nav button')];
  const middles = items.map(e => { const box = e.getBoundingClientRect(); return box.top + box.height / 2; });
  let lines = 0, last = -Infinity;
  for (const middle of middles.sort((a, b) => a - b)) if (middle - last > 12) { lines += 1; last = middle; }
  return lines;
}"""
PAGE_FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def member_with_news(demo):  # noqa: F811
    member = make_member(demo.group, "member")
    for number in range(12):
        comment = comment_by(demo.moderator, demo, f"Answer number {number}.")
        Notification.objects.create(
            recipient=member, group=demo.group, kind="reply", comment=comment, actor=demo.moderator
        )
    return member


def test_a_members_header_fits_one_line_on_a_phone(new_page, demo, member_with_news, screenshot):  # noqa: F811
    page = new_page(member_with_news, viewport=PHONE)
    page.goto(demo.reading_path)
    expect(page.locator("header .bell-count")).to_contain_text("12")
    screenshot(page, "header-member-phone")
    assert page.evaluate(NAV_LINES) == 1
    assert page.evaluate(PAGE_FITS)
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport(ratio=1)

    page = new_page(member_with_news)
    page.goto(demo.reading_path)
    screenshot(page, "header-member-desktop")
    expect(page.get_by_role("link", name="My groups")).to_have_text("My groups")
    assert page.evaluate(NAV_LINES) == 1


def test_a_moderators_longer_header_wraps_account_and_log_out_together(new_page, demo, screenshot):  # noqa: F811
    page = new_page(demo.moderator, viewport=PHONE)
    page.goto(demo.reading_path)
    screenshot(page, "header-moderator-phone")
    assert page.evaluate(NAV_LINES) <= 2
    assert page.evaluate(PAGE_FITS)
    account = page.get_by_role("link", name="Account").bounding_box()
    log_out = page.get_by_role("button", name="Log out").bounding_box()
    assert abs(account["y"] - log_out["y"]) < 12
