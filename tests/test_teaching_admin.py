"""The instructor's admin: group questions and the answer-first switch, scoped to the groups a moderator moderates."""

import pytest
from django.urls import reverse

from forum.models import GroupReading
from teaching import questions
from teaching.models import GroupQuestion, ReadingSettings
from tests.factories import make_group, make_instructor, make_source, make_user

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("admin:teaching_groupquestion_changelist")
ADD = reverse("admin:teaching_groupquestion_add")
READINGS = reverse("admin:teaching_teachingreading_changelist")


# Two groups read one source of two passages: Mona (conftest's `mona`) moderates "Ours", Otto "Theirs";
# each group has one question of its own.


@pytest.fixture
def source():
    return make_source(passages=2)


@pytest.fixture
def group(source):
    return make_group(source, name="Ours")


@pytest.fixture
def other(source):
    return make_group(source, name="Theirs")


@pytest.fixture
def otto(other):
    return make_instructor(other, "otto")


@pytest.fixture
def ours(group, source, mona):
    return questions.add(group, source.passages.first(), mona, "Our question?")


@pytest.fixture
def theirs(other, source, otto):
    return questions.add(other, source.passages.first(), otto, "Their question?")


def test_a_moderator_lists_only_their_groups_questions(client, mona, ours, theirs):
    client.force_login(mona)
    html = client.get(QUESTIONS).content.decode()
    assert "Our question?" in html and "Their question?" not in html


def test_another_groups_question_is_out_of_reach(client, mona, theirs):
    client.force_login(mona)
    url = reverse("admin:teaching_groupquestion_change", args=[theirs.pk])
    response = client.post(url, {"text": "Hijacked?", "position": 0})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert GroupQuestion.objects.get(pk=theirs.pk).prompt.text == "Their question?"


def test_a_moderator_adds_edits_and_retires_in_the_admin(client, source, group, mona, ours, theirs):
    client.force_login(mona)
    passage = source.passages.last()
    response = client.post(ADD, {"group": group.pk, "passage": passage.pk, "text": "New one?"})
    assert response.status_code == 302
    added = GroupQuestion.objects.get(prompt__text="New one?")
    assert (added.group, added.author, added.prompt.group_only) == (group, mona, True)
    url = reverse("admin:teaching_groupquestion_change", args=[added.pk])
    assert client.post(url, {"text": "Edited?", "position": 3}).status_code == 302
    added.refresh_from_db()
    assert (added.prompt.text, added.position) == ("Edited?", 3)
    client.post(QUESTIONS, {"action": "retire_selected", "_selected_action": [added.pk]})
    added.refresh_from_db()
    assert added.retired_at is not None


def test_a_moderator_cannot_add_a_question_for_another_group(client, source, mona, other, ours, theirs):
    client.force_login(mona)
    passage = source.passages.first()
    response = client.post(ADD, {"group": other.pk, "passage": passage.pk, "text": "For them?"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not GroupQuestion.objects.filter(prompt__text="For them?").exists()


def test_the_admin_refuses_html_and_a_passage_the_group_does_not_read(client, source, group, mona, ours, theirs):
    client.force_login(mona)
    passage = source.passages.first()
    response = client.post(ADD, {"group": group.pk, "passage": passage.pk, "text": "<b>Bold?</b>"})
    assert "HTML tags are not allowed" in response.content.decode()
    elsewhere = make_source().passages.first()
    response = client.post(ADD, {"group": group.pk, "passage": elsewhere.pk, "text": "There?"})
    assert response.status_code == 200
    assert GroupQuestion.objects.count() == 2


def test_a_student_has_no_door_to_the_teaching_admin(client, group):
    student = make_user("stu")
    student.is_staff = True
    student.save()
    client.force_login(student)
    assert client.get(QUESTIONS).status_code == 403
    assert client.post(ADD, {"group": group.pk, "text": "Mine?"}).status_code == 403


def test_the_answer_first_switch_is_per_group_reading(client, group, mona, other):
    client.force_login(mona)
    html = client.get(READINGS).content.decode()
    assert "Ours" in html and "Theirs" not in html
    reading = GroupReading.objects.get(group=group)
    url = reverse("admin:teaching_teachingreading_change", args=[reading.pk])
    assert client.post(url, {"answer_first": "on"}).status_code == 302
    assert ReadingSettings.objects.get(reading=reading).answer_first is True
    assert client.post(url, {}).status_code == 302
    assert ReadingSettings.objects.get(reading=reading).answer_first is False


def test_another_groups_reading_switch_is_out_of_reach(client, mona, other):
    client.force_login(mona)
    reading = GroupReading.objects.get(group=other)
    url = reverse("admin:teaching_teachingreading_change", args=[reading.pk])
    client.post(url, {"answer_first": "on"})
    assert not ReadingSettings.objects.filter(reading=reading).exists()


def test_moderators_get_exactly_the_teaching_permissions_they_need():
    from django.contrib.auth.models import Group

    permissions = Group.objects.get(name="Moderators").permissions.filter(content_type__app_label="teaching")
    assert set(permissions.values_list("codename", flat=True)) == {
        "view_groupquestion",
        "add_groupquestion",
        "change_groupquestion",
        "view_teachingreading",
        "change_teachingreading",
    }
