"""The moderation queue in a real browser: at 1280 × 800 every column fits, with no sideways
scroll of the page or of the table, for a group's moderator and for a superuser (who sees more
of the admin's sidebar)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from forum import acts
from forum.models import Comment, Flag

from .test_flows import comment_by, demo, make_member  # noqa: F401 (demo is a fixture)

QUEUE_COLUMNS = ["status_badge", "flags_summary", "on_site"]
FITS = """() => {
  const results = document.querySelector('#changelist .results');
  const page = document.documentElement;
  return {page: page.scrollWidth <= page.clientWidth, table: results.scrollWidth <= results.clientWidth};
}"""


@pytest.fixture
def busy_queue(demo):  # noqa: F811
    """A queue as it looks on a bad day: long comments, a held one with its reason, flags of several kinds."""
    author = make_member(demo.group, "a-member-with-a-rather-long-username")
    flagger = make_member(demo.group, "flagger")
    long_text = "A long comment that goes on, " * 20
    flagged = comment_by(author, demo, long_text)
    for user, reason in ((flagger, Flag.Reason.SPAM), (demo.moderator, Flag.Reason.OFF_TOPIC)):
        Flag.objects.create(comment=flagged, user=user, reason=reason)
    held = comment_by(author, demo, "Buy now at https://a.example https://b.example https://c.example")
    acts.hold(held, "held: 3 links, more than the group allows")
    Comment.objects.filter(pk=flagged.pk).update(is_deleted=True)
    return demo


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_the_comment_queue_fits_1280_pixels_with_every_column_in_view(new_page, busy_queue, screenshot, who):
    user = busy_queue.moderator
    if who == "superuser":
        user = get_user_model().objects.create_superuser("root", "root@example.org", "a long password for root")
    page = new_page(user, viewport={"width": 1280, "height": 800})
    page.goto("/admin/forum/comment/")
    expect(page.locator("h1")).to_have_text("Comment queue")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot(page, f"desk-queue-{who}-1280")

    assert page.evaluate(FITS) == {"page": True, "table": True}
    for column in QUEUE_COLUMNS:
        header = page.locator(f"#result_list thead th.column-{column}")
        expect(header).to_be_in_viewport(ratio=1)
        expect(page.locator(f"#result_list tbody td.field-{column}").first).to_be_in_viewport()
    expect(page.locator("td.field-status_badge", has_text="held: 3 links")).to_be_visible()
    expect(page.locator("td.field-flags_summary", has_text="spam")).to_be_visible()
    expect(page.get_by_role("link", name="in context ↗")).to_be_visible()
