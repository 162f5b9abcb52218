"""Reuse: copy a group's questions to another group (next term's class) from the admin, with a
preview; copying twice adds nothing; a group that does not read the source gets nothing."""

import pytest
from django.urls import reverse

from teaching import questions
from teaching.models import GroupQuestion
from tests.factories import make_group, make_instructor, make_source, make_user

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("admin:teaching_groupquestion_changelist")


# This term's group ("Autumn": conftest's `group`, on conftest's source), whose instructor Mona
# (conftest's `mona`) wrote two questions on the last passage; next term's group "Spring".


@pytest.fixture
def group(source):
    return make_group(source, name="Autumn")


@pytest.fixture
def spring(source, mona):
    """Next term's group: Mona moderates it too."""
    spring = make_group(source, name="Spring")
    spring.memberships.create(user=mona, role="moderator")
    return spring


@pytest.fixture
def asked(source, group, mona):
    return [questions.add(group, source.passages.last(), mona, text) for text in ("First?", "Second?")]


def copy_post(client, asked, target, confirm=False):
    data = {"action": "copy_selected", "_selected_action": [q.pk for q in asked], "target": target.pk}
    if confirm:
        data["confirm"] = "Copy"
    return client.post(QUESTIONS, data)


def test_the_preview_shows_what_will_be_copied_and_copies_nothing(client, spring, mona, asked):
    client.force_login(mona)
    response = copy_post(client, asked, spring)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("will be copied") == 2 and "Copy 2 questions" in html
    assert not GroupQuestion.objects.filter(group=spring).exists()


def test_confirming_copies_and_copying_twice_adds_nothing(client, spring, mona, asked):
    client.force_login(mona)
    assert copy_post(client, asked, spring, confirm=True).status_code == 302
    copied = GroupQuestion.objects.filter(group=spring).order_by("position")
    assert [q.prompt.text for q in copied] == ["First?", "Second?"]
    assert all(q.prompt.group_only and q.author == mona for q in copied)
    copy_post(client, asked, spring, confirm=True)
    assert GroupQuestion.objects.filter(group=spring).count() == 2
    assert "already there" in copy_post(client, asked, spring).content.decode()


def test_a_group_that_does_not_read_the_source_gets_nothing(client, mona, asked):
    elsewhere = make_group(make_source(), name="Elsewhere")
    elsewhere.memberships.create(user=mona, role="moderator")
    client.force_login(mona)
    assert "not read by that group" in copy_post(client, asked, elsewhere).content.decode()
    copy_post(client, asked, elsewhere, confirm=True)
    assert not GroupQuestion.objects.filter(group=elsewhere).exists()


def test_copying_into_a_group_one_does_not_moderate_is_refused(client, source, mona, asked):
    stranger = make_group(source, name="Stranger")
    client.force_login(mona)
    response = copy_post(client, asked, stranger, confirm=True)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not GroupQuestion.objects.filter(group=stranger).exists()


def test_another_groups_moderator_cannot_copy_these_questions(client, source, asked):
    other = make_group(source, name="Other")
    otto = make_instructor(other, "otto")
    client.force_login(otto)
    data = {"action": "copy_selected", "_selected_action": [q.pk for q in asked], "target": other.pk}
    client.post(QUESTIONS, {**data, "confirm": "Copy"})
    assert not GroupQuestion.objects.filter(group=other).exists()


def test_a_student_cannot_copy(client, spring, asked):
    student = make_user("stu")
    student.is_staff = True
    student.save()
    spring.memberships.create(user=student)
    client.force_login(student)
    assert copy_post(client, asked, spring, confirm=True).status_code == 403
    assert not GroupQuestion.objects.filter(group=spring).exists()
