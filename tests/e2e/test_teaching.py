"""Teaching in a real browser: answer first (the gate, answering, then seeing classmates), the
instructor's report, a question added from the reading page without JavaScript, and private feedback."""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from forum.models import Comment
from teaching.models import GroupQuestion, ReadingSettings

from .conftest import DESKTOP, PHONE
from .test_flows import comment_by, demo, make_member  # noqa: F401 - the demo fixture

SECRET_ANSWER = "Classmate-thinks-the-apparatus-substitutes-itself"


@pytest.fixture
def teaching(demo):  # noqa: F811
    # Transactional tests flush what data migrations made: give the Moderators their teaching doors back.
    import_module("teaching.migrations.0002_moderators_permissions").grant(apps, None)
    reading = demo.group.readings.get(source=demo.source)
    ReadingSettings.objects.create(reading=reading, answer_first=True)
    return reading


def test_answer_first_gate_then_answer_then_classmates_appear(new_page, demo, teaching, screenshot):  # noqa: F811
    prompt = demo.passage.prompts.first()
    classmate = make_member(demo.group, "classmate")
    comment_by(classmate, demo, SECRET_ANSWER, prompt=prompt)
    student = make_member(demo.group, "gated")

    for viewport, name in ((PHONE, "answer-first-gate-phone"), (DESKTOP, "answer-first-gate")):
        page = new_page(student, viewport=viewport)
        page.goto(f"{demo.reading_path}?open={demo.passage.pk}#{demo.passage.anchor}")
        gate = page.locator(f"#prompt-{prompt.pk} .answer-gate")
        expect(gate).to_contain_text("1 classmate has answered — post yours to read theirs.")
        expect(page.get_by_text(SECRET_ANSWER)).to_have_count(0)
        gate.scroll_into_view_if_needed()
        screenshot(page, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.locator(f"#prompt-{prompt.pk} a.answer-link").click()
    form = page.locator("form.comment-form:visible").first
    form.locator("textarea[name=body]").fill("I think the party *replaces* the class.")
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-notice")).to_be_visible()  # posted in place, then the page reloads at it

    mine = Comment.objects.get(author=student)
    expect(page.locator(f"#c-{mine.pk}")).to_be_visible()
    expect(page.get_by_text(SECRET_ANSWER)).to_be_visible()
    expect(page.locator(f"#prompt-{prompt.pk} .answer-gate")).to_have_count(0)


def test_instructor_reads_the_report_at_desktop_and_phone_widths(new_page, demo, teaching, screenshot):  # noqa: F811
    prompt = demo.passage.prompts.first()
    for name in ("ann", "ben"):
        comment_by(make_member(demo.group, name), demo, f"{name} answers.", prompt=prompt)
    page = new_page(demo.moderator)
    page.goto("/admin/teaching/teachingreading/")
    page.locator(f"a[href='/admin/teaching/teachingreading/{teaching.pk}/report/']").click()
    expect(page.locator("h2", has_text="Who answered which question")).to_be_visible()
    expect(page.locator(".report-table").first).to_contain_text("ann")
    screenshot(page, "teaching-report")
    phone = new_page(demo.moderator, viewport=PHONE)
    phone.goto(f"/admin/teaching/teachingreading/{teaching.pk}/report/")
    expect(phone.locator("h2", has_text="Participation")).to_be_visible()
    screenshot(phone, "teaching-report-phone")


def test_moderator_adds_a_question_from_the_reading_page_without_javascript(browser, site, demo, teaching, screenshot):  # noqa: F811
    from django.test import Client

    client = Client()
    client.force_login(demo.moderator)
    context = browser.new_context(viewport=DESKTOP, base_url=site.url, java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}])
    page = context.new_page()
    try:
        page.goto(f"{demo.reading_path}#{demo.passage.anchor}")
        page.locator(f"section#{demo.passage.anchor}").get_by_role("link", name="Add a question here").click()
        page.get_by_label("The question (plain text)").fill("What would the author say to a teacher?")
        screenshot(page, "add-question")
        page.get_by_role("button", name="Add the question").click()
        question = GroupQuestion.objects.get()
        expect(page.locator(f"#prompt-{question.prompt_id}")).to_contain_text("What would the author say to a teacher?")
        expect(page.locator(f"#prompt-{question.prompt_id} .question-badge")).to_be_visible()
    finally:
        context.close()


def test_moderator_adds_a_question_in_place_with_javascript(new_page, demo, teaching, screenshot):  # noqa: F811
    page = new_page(demo.moderator)
    page.goto(f"{demo.reading_path}#{demo.passage.anchor}")
    section = page.locator(f"section#{demo.passage.anchor}")
    section.get_by_role("link", name="Add a question here").click()
    form = section.locator("form.question-form")
    expect(form.locator("textarea")).to_be_focused()
    form.locator("textarea").fill("Which line would you cut?")
    screenshot(page, "add-question-in-place")
    form.get_by_role("button", name="Add the question").click()
    question = GroupQuestion.objects.get()
    assert question.prompt.passage == demo.passage
    expect(page.locator(f"#prompt-{question.prompt_id}")).to_contain_text("Which line would you cut?")


def test_moderator_gives_private_feedback_the_student_sees(new_page, demo, teaching, screenshot):  # noqa: F811
    student = make_member(demo.group, "fed")
    comment = comment_by(student, demo, "A first try at the passage.")
    page = new_page(demo.moderator)
    page.goto(f"{demo.reading_path}?open={demo.passage.pk}#c-{comment.pk}")
    card = page.locator(f"#c-{comment.pk}")
    card.locator("details.feedback-form summary").click()
    card.locator("details.feedback-form textarea").fill("Good start: quote the line you mean.")
    card.get_by_role("button", name="Send feedback").click()
    expect(page.locator(f"#c-{comment.pk} .private-feedback")).to_contain_text("quote the line")

    page = new_page(student, viewport=PHONE)
    page.goto(f"{demo.reading_path}?open={demo.passage.pk}#c-{comment.pk}")
    feedback = page.locator(f"#c-{comment.pk} .private-feedback")
    expect(feedback).to_contain_text("only you and the group’s moderators see this")
    feedback.scroll_into_view_if_needed()
    screenshot(page, "private-feedback-phone")
