"""The main flows in a real browser: students reading and discussing, a moderator at the desk.

Each test starts from the site `make run` builds (readings + demo group) and drives headless
chromium through the pages a person would use. Comments a test needs from someone else are
made in the database; everything the test's own user does goes through the browser.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from forum.models import Comment, Flag, GroupReading, Membership, ReadingGroup
from sources.models import Passage, Source

from .conftest import PHONE

SEED_004 = "bureaucratic-socialism-part-2"
SECRET = "a long enough password 4 e2e"


@dataclass
class Demo:
    group: ReadingGroup
    source: Source
    moderator: object
    passage: Passage

    @property
    def reading_path(self):
        return f"/groups/{self.group.slug}/readings/{self.source.slug}/"


@pytest.fixture
def demo(site):
    source = Source.objects.get(slug=SEED_004)
    group = GroupReading.objects.filter(source=source).order_by("group_id").first().group
    moderator = Membership.objects.filter(group=group, role=Membership.Role.MODERATOR).first().user
    # The first passage with a reading question: where a class would start talking.
    passage = Passage.objects.filter(source=source, prompts__isnull=False).order_by("position").first()
    return Demo(group=group, source=source, moderator=moderator, passage=passage)


def make_member(group, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", SECRET)
    Membership.objects.create(user=user, group=group)
    return user


def comment_by(author, demo, body, **fields):
    return Comment.objects.create(
        group=demo.group, source=demo.source, passage=demo.passage, author=author, body=body, **fields
    )


def open_discussion(page, demo):
    page.goto(f"{demo.reading_path}?open={demo.passage.pk}#d-{demo.passage.anchor}")


def reply_in_browser(page, comment, body):
    """Open the reply form under `comment`, type `body` and post it, as a reader would."""
    page.locator(f"#c-{comment.pk} > article a.reply-link").click()
    form = page.locator("form.comment-form:visible").first
    form.locator("textarea[name=body]").fill(body)
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-notice")).to_be_visible()  # posted in place, then the page reloads at it


def test_new_student_signs_up_from_invite_link_and_lands_in_the_group(new_page, demo, screenshot):
    page = new_page()
    page.goto(f"/join/{demo.group.invite_code}/")
    page.locator("a.button", has_text="Sign up").click()
    expect(page.locator("form.account-form")).to_be_visible()
    page.fill("input[name=email]", "newstudent@example.org")
    page.fill("input[name=username]", "newstudent")
    page.fill("input[name=display_name]", "Nadia New")
    page.fill("input[name=password1]", SECRET)
    page.fill("input[name=password2]", SECRET)
    screenshot(page, "signup")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(rf"/groups/{demo.group.slug}/$"))
    assert Membership.objects.filter(user__username="newstudent", group=demo.group).exists()
    page.get_by_role("link", name=demo.source.title).first.click()
    expect(page.locator("h1.source-title")).to_have_text(demo.source.title)


def test_student_follows_a_footnote_and_comes_back(new_page, demo, screenshot):
    page = new_page(make_member(demo.group, "reader"))
    page.goto(demo.reading_path)
    screenshot(page, "reading-page-desktop")

    page.locator("a#fnref-1").click()
    expect(page).to_have_url(re.compile(r"#fn-1$"))
    expect(page.locator("#fn-1")).to_be_in_viewport()
    page.locator('#fn-1 a.fnback[href="#fnref-1"]').click()
    expect(page).to_have_url(re.compile(r"#fnref-1$"))
    expect(page.locator("a#fnref-1")).to_be_in_viewport()


def test_student_answers_a_reading_prompt(new_page, demo):
    student = make_member(demo.group, "answerer")
    prompt = demo.passage.prompts.first()
    page = new_page(student)
    page.goto(f"{demo.reading_path}#{demo.passage.anchor}")

    page.locator(f"#prompt-{prompt.pk} a.answer-link").click()
    form = page.locator("form.comment-form:visible").first
    form.locator("textarea[name=body]").fill("The *transitionary nature* means nothing is settled yet.")
    form.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".comment-notice")).to_be_visible()  # posted in place, then the page reloads at it

    answer = Comment.objects.get(author=student)
    assert answer.prompt == prompt
    card = page.locator(f"#c-{answer.pk}")
    expect(card).to_be_visible()
    expect(card.locator(".comment-prompt")).to_contain_text("Answering")
    expect(card.locator(".comment-text em")).to_have_text("transitionary nature")


def test_student_replies_to_a_classmate(new_page, demo, screenshot):
    classmate = make_member(demo.group, "classmate")
    question = comment_by(classmate, demo, "Who is *substituting* for whom here?")
    student = make_member(demo.group, "replier")
    page = new_page(student)
    open_discussion(page, demo)

    reply_in_browser(page, question, "The apparatus, for the declassed proletariat.")

    reply = Comment.objects.get(author=student)
    assert (reply.parent, reply.in_reply_to) == (question, question)
    expect(page.locator(f"#c-{question.pk} ol.replies #c-{reply.pk}")).to_contain_text("declassed proletariat")
    page.locator(f"#{demo.passage.anchor}").evaluate("passage => passage.scrollIntoView()")
    screenshot(page, "discussion-thread")


def test_student_edits_then_deletes_their_comment(new_page, demo):
    student = make_member(demo.group, "editor")
    mine = comment_by(student, demo, "First thoughts, badly put.")
    page = new_page(student)
    open_discussion(page, demo)

    page.locator(f"#c-{mine.pk} .comment-actions").get_by_role("link", name="Edit").click()
    page.locator("textarea[name=body]").fill("Second thoughts, better put.")
    page.get_by_role("button", name=re.compile("save", re.I)).click()
    card = page.locator(f"#c-{mine.pk}")
    expect(card.locator(".comment-text")).to_have_text("Second thoughts, better put.")
    expect(card.locator(".comment-edited")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())  # the script asks "Delete this comment?"
    card.locator(".comment-actions").get_by_role("button", name="Delete").click()
    expect(page.locator(f"#c-{mine.pk}")).to_have_count(0)
    mine.refresh_from_db()
    assert mine.is_deleted


def test_student_flags_a_classmates_comment(new_page, demo):
    troll = make_member(demo.group, "troll")
    bad = comment_by(troll, demo, "Buy cheap essays at my site")
    student = make_member(demo.group, "flagger")
    page = new_page(student)
    open_discussion(page, demo)

    page.locator(f"#c-{bad.pk}").get_by_role("link", name="Flag").click()
    flag = page.locator(f"#c-{bad.pk} form.flag-form")
    flag.get_by_label("Why flag it?").select_option("spam")
    flag.get_by_role("button", name=re.compile("flag", re.I)).click()

    card = page.locator(f"#c-{bad.pk}")
    expect(card.locator(".comment-notice[role=status]")).to_contain_text("Flagged")
    expect(card.locator(".comment-flagged")).to_have_text("You flagged this")
    assert Flag.objects.filter(comment=bad, user=student, reason="spam").exists()


def act_in_admin(page, comment, action_label, reason):
    checkbox = page.locator(f'input[name="_selected_action"][value="{comment.pk}"]')
    checkbox.check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.locator("button[name=index], input[type=submit][value=Go], button:has-text('Go')").first.click()
    page.locator("textarea[name=reason]").fill(reason)
    page.locator("form [type=submit]").last.click()


def test_moderator_approves_a_held_comment_and_hides_a_flagged_one(new_page, demo, screenshot):
    held_author = make_member(demo.group, "newcomer")
    held = comment_by(held_author, demo, "My first comment, held for review", status=Comment.Status.PENDING)
    flagged_author = make_member(demo.group, "rude")
    flagged = comment_by(flagged_author, demo, "You are all idiots")
    for name in ("witness1", "witness2"):
        Flag.objects.create(comment=flagged, user=make_member(demo.group, name), reason="abuse")

    page = new_page(demo.moderator)
    page.goto("/admin/forum/comment/")
    expect(page.locator(f'input[name="_selected_action"][value="{held.pk}"]')).to_be_visible()
    expect(page.locator(f'input[name="_selected_action"][value="{flagged.pk}"]')).to_be_visible()
    screenshot(page, "admin-moderation-queue")

    act_in_admin(page, held, "Approve selected comments…", "Fine, welcome.")
    page.goto("/admin/forum/comment/")
    act_in_admin(page, flagged, "Hide selected comments…", "Abusive.")

    held.refresh_from_db()
    flagged.refresh_from_db()
    assert (held.status, flagged.status) == (Comment.Status.APPROVED, Comment.Status.HIDDEN)
    actions = set(held.actions.values_list("action", "reason")) | set(flagged.actions.values_list("action", "reason"))
    assert {("approve", "Fine, welcome."), ("hide", "Abusive.")} <= actions


def test_member_of_another_group_sees_none_of_the_discussion(new_page, demo):
    make_member(demo.group, "insider")
    secret = comment_by(Membership.objects.filter(group=demo.group).last().user, demo, "Inside joke only we see")
    other = ReadingGroup.objects.create(name="Another class", slug="another-class")
    GroupReading.objects.create(group=other, source=demo.source)
    outsider = make_member(other, "outsider")
    page = new_page(outsider)

    response = page.goto(demo.reading_path)
    assert response.status == 404
    page.goto(f"/groups/{other.slug}/readings/{demo.source.slug}/?open={demo.passage.pk}")
    expect(page.locator("h1.source-title")).to_have_text(demo.source.title)
    expect(page.get_by_text(secret.body)).to_have_count(0)
    expect(page.locator(f"#c-{secret.pk}")).to_have_count(0)


def test_reading_page_has_no_horizontal_scroll_on_a_phone(new_page, demo, screenshot):
    student = make_member(demo.group, "phone")
    # The widest things a page gets: a long unbroken link and a code line in an open thread.
    comment_by(student, demo, "See https://example.org/" + "a-very-long-path-segment-" * 8 + "\n\n    " + "x" * 120)
    page = new_page(student, viewport=PHONE)
    page.goto(f"{demo.reading_path}?open={demo.passage.pk}")
    screenshot(page, "reading-page-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_reading_list_shows_the_five_readings(new_page, demo, screenshot):
    page = new_page()
    page.goto("/")
    expect(page.get_by_role("link", name=demo.source.title)).to_be_visible()
    assert Source.objects.count() == 5
    screenshot(page, "reading-list")
