"""The Content-Security-Policy in a real browser: nothing on the site or in the admin is refused.

chromium reports every refused script, style or handler on the console ("Refused to …
Content Security Policy"). The pages below are visited and used (the admin's JavaScript widgets
included: select-all, the user form's two-list permission picker, the calendar, inlines) with
the console watched; a single refusal fails the test.
"""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from forum.models import Comment, GroupReading, Membership

PASSWORD = "a long enough password 4 csp"


def watch_csp(page):
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("pageerror", lambda error: refused.append(f"page error: {error}"))
    return refused


def test_the_admin_works_under_the_policy(new_page, site, screenshot):
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    page = new_page(root)
    refused = watch_csp(page)

    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto("/admin/forum/comment/")
    expect(page.locator("#changelist")).to_be_visible()
    screenshot(page, "csp-admin-comments")
    page.goto("/admin/auth/user/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")

    page.goto(f"/admin/auth/user/{root.pk}/change/")
    # SelectFilter2 turns the permissions <select multiple> into two lists with a filter box.
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    page.locator("#id_user_permissions_add_all").click()
    expect(page.locator("#id_user_permissions_to option").first).to_be_attached()
    # The calendar and clock shortcuts beside "last login" / "date joined".
    page.locator(".datetimeshortcuts a").first.click()
    screenshot(page, "csp-admin-user-form")

    group = GroupReading.objects.order_by("group_id").first().group
    page.goto(f"/admin/forum/readinggroup/{group.pk}/change/")
    expect(page.locator("h1")).to_be_visible()
    page.goto("/admin/forum/moderationaction/")
    page.goto("/admin/sources/source/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("input.position-input").first).to_be_visible()
    assert page.locator("input.position-input").first.bounding_box()["width"] < 120
    screenshot(page, "csp-admin-source-form")

    assert refused == []


def test_the_reading_page_and_account_pages_work_under_the_policy(new_page, site):
    group = GroupReading.objects.order_by("group_id").first().group
    membership = Membership.objects.filter(group=group).first()
    source = group.sources.first()
    Comment.objects.create(
        group=group, source=source, passage=source.passages.first(), author=membership.user, body="A thought."
    )
    page = new_page(membership.user)
    refused = watch_csp(page)
    for address in ["/", "/home/", "/profile/", "/accounts/email/", f"/groups/{group.slug}/readings/{source.slug}/"]:
        page.goto(address)
    page.locator("a.margin-count").first.click()  # the discussion opens in the margin, by script
    page.locator(".discussion:not([hidden]) .reply-link").first.click()

    anonymous = new_page()
    refused_anonymous = watch_csp(anonymous)
    for address in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        anonymous.goto(address)

    assert refused == [] and refused_anonymous == []
