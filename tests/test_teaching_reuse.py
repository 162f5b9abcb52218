"""Reuse: copy a group's questions to another group (next term's class) from the admin, with a
preview; copying twice adds nothing; a group that does not read the source gets nothing."""

import pytest
from django.urls import reverse

from teaching import questions
from teaching.models import GroupQuestion
from tests.factories import make_group, make_instructor, make_source, make_user

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("admin:teaching_groupquestion_changelist")


@pytest.fixture
def terms():
    source = make_source(passages=2)
    autumn = make_group(source, name="Autumn")
    mona = make_instructor(autumn, "mona")
    spring = make_group(source, name="Spring")
    spring.memberships.create(user=mona, role="moderator")
    passage = source.passages.last()
    asked = [questions.add(autumn, passage, mona, text) for text in ("First?", "Second?")]
    return dict(source=source, autumn=autumn, spring=spring, mona=mona, asked=asked)


def copy_post(client, terms, target, confirm=False):
    data = {"action": "copy_selected", "_selected_action": [q.pk for q in terms["asked"]], "target": target.pk}
    if confirm:
        data["confirm"] = "Copy"
    return client.post(QUESTIONS, data)


def test_the_preview_shows_what_will_be_copied_and_copies_nothing(client, terms):
    client.force_login(terms["mona"])
    response = copy_post(client, terms, terms["spring"])
    html = response.content.decode()
    assert response.status_code == 200 and html.count("will be copied") == 2 and "Copy 2 questions" in html
    assert not GroupQuestion.objects.filter(group=terms["spring"]).exists()


def test_confirming_copies_and_copying_twice_adds_nothing(client, terms):
    client.force_login(terms["mona"])
    assert copy_post(client, terms, terms["spring"], confirm=True).status_code == 302
    copied = GroupQuestion.objects.filter(group=terms["spring"]).order_by("position")
    assert [q.prompt.text for q in copied] == ["First?", "Second?"]
    assert all(q.prompt.group_only and q.author == terms["mona"] for q in copied)
    copy_post(client, terms, terms["spring"], confirm=True)
    assert GroupQuestion.objects.filter(group=terms["spring"]).count() == 2
    assert "already there" in copy_post(client, terms, terms["spring"]).content.decode()


def test_a_group_that_does_not_read_the_source_gets_nothing(client, terms):
    elsewhere = make_group(make_source(), name="Elsewhere")
    elsewhere.memberships.create(user=terms["mona"], role="moderator")
    client.force_login(terms["mona"])
    assert "not read by that group" in copy_post(client, terms, elsewhere).content.decode()
    copy_post(client, terms, elsewhere, confirm=True)
    assert not GroupQuestion.objects.filter(group=elsewhere).exists()


def test_copying_into_a_group_one_does_not_moderate_is_refused(client, terms):
    stranger = make_group(terms["source"], name="Stranger")
    client.force_login(terms["mona"])
    response = copy_post(client, terms, stranger, confirm=True)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not GroupQuestion.objects.filter(group=stranger).exists()


def test_another_groups_moderator_cannot_copy_these_questions(client, terms):
    other = make_group(terms["source"], name="Other")
    otto = make_instructor(other, "otto")
    client.force_login(otto)
    data = {"action": "copy_selected", "_selected_action": [q.pk for q in terms["asked"]], "target": other.pk}
    client.post(QUESTIONS, {**data, "confirm": "Copy"})
    assert not GroupQuestion.objects.filter(group=other).exists()


def test_a_student_cannot_copy(client, terms):
    student = make_user("stu")
    student.is_staff = True
    student.save()
    terms["spring"].memberships.create(user=student)
    client.force_login(student)
    assert copy_post(client, terms, terms["spring"], confirm=True).status_code == 403
    assert not GroupQuestion.objects.filter(group=terms["spring"]).exists()
