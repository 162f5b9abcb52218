"""Posting from the reading page in a real browser, at desktop and phone widths: a refusal by the
flood interval is explained at the form, the text still in the box; a posted comment is shown with
its confirmation and what it answers above it (the comment replied to, or the passage)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from forum.models import Comment

from .conftest import DESKTOP, PHONE
from .test_flows import comment_by, demo, make_member, open_discussion  # noqa: F401 (demo is a fixture)

WIDTHS = [pytest.param(DESKTOP, id="1280"), pytest.param(PHONE, id="375")]


def earlier_talk(demo, count=6):  # noqa: F811
    """Threads before the one a test replies in, so the page is long enough to need scrolling."""
    talker = make_member(demo.group, "talker")
    for number in range(count):
        comment_by(talker, demo, f"An earlier thought, number {number}, " + "with a few more words in it. " * 8)


def replies_to(comment, author, count):
    """Earlier replies: the new one comes after them in the thread's order, yet is shown right under `comment`."""
    for number in range(count):
        reply = Comment(author=author, body=f"An earlier reply, number {number}. " + "It goes on a while. " * 6)
        reply.place_reply(comment)
        reply.save()


def post_from(form, text):
    form.locator("textarea[name=body]").fill(text)
    form.get_by_role("button", name="Post Comment").click()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_posting_twice_quickly_is_explained_at_the_form_with_the_text_kept(new_page, demo, screenshot, viewport):  # noqa: F811
    demo.group.flood_interval_seconds = 60
    demo.group.save()
    student = make_member(demo.group, "quick")
    page = new_page(student, viewport=viewport)
    page.goto(f"{demo.reading_path}#{demo.passage.anchor}")
    add = page.locator(f"#{demo.passage.anchor} a.margin-add")
    add.click()
    post_from(page.locator("form.comment-form.is-inline"), "A first thought.")
    expect(page.locator(".comment-notice")).to_have_text("Posted.")

    add.click()
    form = page.locator("form.comment-form.is-inline")
    second = "And a second one, straight after."
    post_from(form, second)
    expect(form.locator(".form-errors")).to_contain_text("You are posting too fast. You can post again in")
    expect(form.locator("textarea[name=body]")).to_have_value(second)
    expect(form.locator("textarea[name=body]")).to_be_focused()
    expect(form.locator(".form-errors")).to_be_in_viewport()
    screenshot(page, f"posting-too-fast-{viewport['width']}")
    assert list(Comment.objects.filter(author=student).values_list("body", flat=True)) == ["A first thought."]


@pytest.mark.parametrize("viewport", WIDTHS)
def test_a_reply_is_shown_under_the_comment_it_answers(new_page, demo, screenshot, viewport):  # noqa: F811
    earlier_talk(demo)
    classmate = make_member(demo.group, "classmate")
    question = comment_by(classmate, demo, "Who is *substituting* for whom here?")
    replies_to(question, classmate, 4)
    student = make_member(demo.group, "replier")
    page = new_page(student, viewport=viewport)
    open_discussion(page, demo)
    page.locator(f"#c-{question.pk} > article a.reply-link").click()
    post_from(page.locator("form.comment-form.is-inline"), "The apparatus, for the declassed proletariat.")

    expect(page.locator(".comment-notice")).to_be_visible()  # posted in place, then the page reloads at it
    reply = Comment.objects.get(author=student)
    card = page.locator(f"#c-{reply.pk}")
    expect(card.locator(".comment-notice")).to_have_text("Posted, in reply to classmate.")
    expect(card.locator("> article")).to_be_in_viewport(ratio=1)
    expect(page.locator(f"#c-{question.pk} > article")).to_be_in_viewport(ratio=1)
    expect(page.locator(f"#c-{question.pk} > ol.replies > li").first).to_have_id(f"c-{reply.pk}")
    screenshot(page, f"posted-reply-{viewport['width']}")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_a_new_thread_is_shown_with_its_passage_above(new_page, demo, screenshot, viewport):  # noqa: F811
    earlier_talk(demo)
    student = make_member(demo.group, "starter")
    page = new_page(student, viewport=viewport)
    page.goto(f"{demo.reading_path}#{demo.passage.anchor}")
    page.locator(f"#{demo.passage.anchor} a.margin-add").click()
    post_from(page.locator("form.comment-form.is-inline"), "The passage sets out the whole argument.")

    expect(page.locator(".comment-notice")).to_be_visible()
    mine = Comment.objects.get(author=student)
    expect(page.locator(f"#c-{mine.pk} .comment-notice")).to_have_text("Posted.")
    expect(page.locator(f"#c-{mine.pk} > article")).to_be_in_viewport(ratio=1)
    expect(page.locator(f"#{demo.passage.anchor} > .passage-text")).to_be_in_viewport()
    expect(page.locator(f"#d-{demo.passage.anchor} > ol.thread > li").first).to_have_id(f"c-{mine.pk}")
    screenshot(page, f"posted-thread-{viewport['width']}")


def page_without_javascript(browser, site, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, base_url=site.url, java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}])
    return context, context.new_page()


def test_without_javascript_posting_too_fast_lands_on_the_explanation_with_the_text(browser, site, demo, screenshot):  # noqa: F811
    demo.group.flood_interval_seconds = 60
    demo.group.save()
    student = make_member(demo.group, "plain-quick")
    context, page = page_without_javascript(browser, site, student)
    try:
        for text in ("A first thought.", "A second, too soon."):
            page.goto(f"{demo.reading_path}#{demo.passage.anchor}")
            page.locator(f"#{demo.passage.anchor} a.margin-add").click()
            post_from(page.locator("form.comment-form"), text)
        errors = page.locator("#comment-errors")
        expect(errors).to_contain_text("You are posting too fast. You can post again in")
        expect(errors).to_be_in_viewport()
        expect(page.locator("form.comment-form textarea[name=body]")).to_have_value("A second, too soon.")
        screenshot(page, "posting-too-fast-no-js-375")
        assert list(Comment.objects.filter(author=student).values_list("body", flat=True)) == ["A first thought."]
    finally:
        context.close()


def test_without_javascript_a_reply_lands_with_the_comment_it_answers_in_view(browser, site, demo, screenshot):  # noqa: F811
    classmate = make_member(demo.group, "classmate")
    question = comment_by(classmate, demo, "Who is *substituting* for whom here?")
    student = make_member(demo.group, "plain")
    context, page = page_without_javascript(browser, site, student)
    try:
        open_discussion(page, demo)
        page.locator(f"#c-{question.pk} > article a.reply-link").click()
        post_from(page.locator("form.comment-form"), "The apparatus, for the declassed proletariat.")
        expect(page.locator(".comment-notice")).to_be_visible()
        reply = Comment.objects.get(author=student)
        expect(page.locator(f"#c-{reply.pk} .comment-notice")).to_have_text("Posted, in reply to classmate.")
        expect(page.locator(f"#c-{reply.pk} > article")).to_be_in_viewport()
        expect(page.locator(f"#c-{question.pk} > article .comment-text")).to_be_in_viewport()
        screenshot(page, "posted-reply-no-js-375")
    finally:
        context.close()
