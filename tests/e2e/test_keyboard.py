"""The reading page's flows with the keyboard alone, in chromium: the skip link to the
discussion, opening a passage's discussion from the margin, replying and flagging."""

from playwright.sync_api import expect

from forum.models import Comment, Flag

from .test_flows import comment_by, demo, make_member, open_discussion  # noqa: F401 - demo is a fixture


def test_skip_link_leads_to_the_discussion(new_page, demo):  # noqa: F811
    student = make_member(demo.group, "keys-skip")
    page = new_page(student)
    page.goto(demo.reading_path)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the discussion")
    page.keyboard.press("Enter")
    expect(page.locator("#comments")).to_be_focused()


def test_opening_a_passage_and_replying_with_the_keyboard(new_page, demo):  # noqa: F811
    classmate = make_member(demo.group, "keys-classmate")
    question = comment_by(classmate, demo, "Who is substituting for whom?")
    student = make_member(demo.group, "keys-replier")
    page = new_page(student)
    page.goto(demo.reading_path)

    count = page.locator(f"#{demo.passage.anchor} a.margin-count")
    count.focus()
    page.keyboard.press("Enter")
    expect(count).to_have_attribute("aria-expanded", "true")
    discussion = page.locator(f"#d-{demo.passage.anchor}")
    expect(discussion).to_be_visible()

    page.locator(f"#c-{question.pk} a.reply-link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("form.comment-form.is-inline textarea")).to_be_focused()
    page.keyboard.type("The apparatus, for the class.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".comment-notice")).to_contain_text("Posted, in reply to")
    reply = Comment.objects.get(author=student)
    assert reply.parent == question


def test_flagging_with_the_keyboard(new_page, demo):  # noqa: F811
    troll = make_member(demo.group, "keys-troll")
    bad = comment_by(troll, demo, "Buy essays")
    student = make_member(demo.group, "keys-flagger")
    page = new_page(student)
    open_discussion(page, demo)

    page.locator(f"#c-{bad.pk} a.flag-link").focus()
    page.keyboard.press("Enter")
    reason = page.locator(f"#c-{bad.pk} form.flag-form select[name=reason]")
    expect(reason).to_be_focused()
    reason.select_option("spam")
    page.locator(f"#c-{bad.pk} form.flag-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{bad.pk} .comment-notice")).to_contain_text("Flagged")
    assert Flag.objects.filter(comment=bad, user=student).exists()
