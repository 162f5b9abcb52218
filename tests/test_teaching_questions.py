"""Group questions: a group's moderators write them for their group, on the site and in the admin;
only that group sees them; retiring keeps the answers; bad input and the wrong people are refused."""

import pytest
from django.urls import reverse

from forum.models import Comment
from sources.models import Prompt
from teaching import questions
from teaching.models import GroupQuestion
from tests.factories import answer, make_group, make_instructor, make_source, make_user, user_fixture

pytestmark = pytest.mark.django_db


# `source` (three passages) and `mona`, the group's instructor, come from conftest.


student = user_fixture("stu", "Stu")


@pytest.fixture
def group(source, student):
    return make_group(source, members=[student])


@pytest.fixture
def other(source):
    """Another group reading the same source."""
    return make_group(source, members=[make_user("olga")])


@pytest.fixture
def other_mod(other):
    return make_instructor(other, "otto", "Otto")


@pytest.fixture
def passage(source):
    return source.passages.all()[1]


@pytest.fixture
def add_url(group, source):
    return reverse("teaching:question_add", args=[group.slug, source.slug])


@pytest.fixture
def reading_url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


def test_a_moderator_adds_a_question_from_the_reading_page_without_javascript(
    client, group, mona, passage, add_url, reading_url
):
    client.force_login(mona)
    html = client.get(reading_url).content.decode()
    assert "Add a question here" in html and add_url in html
    response = client.post(add_url, {"passage": passage.pk, "text": "Who keeps the ledger?"})
    question = GroupQuestion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#prompt-{question.prompt_id}")
    assert (question.group, question.author, question.prompt.passage) == (group, mona, passage)
    assert question.prompt.group_only


def test_the_page_carries_one_question_form_and_a_link_under_each_passage(
    client, source, mona, passage, add_url, reading_url
):
    client.force_login(mona)
    html = client.get(reading_url).content.decode()
    assert html.count('id="question-form-template"') == 1 and html.count('name="text"') == 1
    assert html.count(f"{add_url}?passage=") == source.passages.count()


def test_the_question_form_opens_on_its_own_page_for_a_passage_of_the_reading(client, mona, passage, add_url):
    client.force_login(mona)
    response = client.get(add_url, {"passage": passage.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Add the question" in html
    assert f'name="passage" value="{passage.pk}"' in html


@pytest.mark.parametrize("passage_id", ["", "abc", "0", "99999999999999", "-1", "1%00"])
def test_the_question_form_refuses_a_passage_that_is_not_there(client, mona, add_url, passage_id):
    client.force_login(mona)
    assert client.get(add_url, {"passage": passage_id}).status_code == 404


def test_the_question_form_refuses_a_passage_of_another_reading(client, mona, add_url):
    other = make_source(slug="other-reading")
    client.force_login(mona)
    assert client.get(add_url, {"passage": other.passages.first().pk}).status_code == 404


@pytest.mark.parametrize("who", ["student", "other_mod"])
def test_only_the_groups_moderators_open_the_question_form(client, request, passage, add_url, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(add_url, {"passage": passage.pk}).status_code == 404


def test_a_group_question_shows_only_in_that_group(
    client, source, group, student, mona, other, other_mod, passage, reading_url
):
    question = questions.add(group, passage, mona, "Who keeps the ledger?")
    client.force_login(student)
    html = client.get(reading_url).content.decode()
    assert "Who keeps the ledger?" in html and f'id="prompt-{question.prompt_id}"' in html
    assert "Add a question here" not in html
    client.force_login(other_mod)
    assert (
        "Who keeps the ledger?"
        not in client.get(reverse("forum:reading", args=[other.slug, source.slug])).content.decode()
    )
    public = client.get(reverse("sources:detail", args=[source.slug]))
    assert "Who keeps the ledger?" not in public.content.decode()


def test_a_members_answers_a_group_question_through_the_usual_form(client, source, group, student, mona, passage):
    question = questions.add(group, passage, mona, "Who keeps the ledger?")
    client.force_login(student)
    url = reverse("forum:comment_new", args=[group.slug, source.slug])
    response = client.post(url, {"body": "The clerk.", "prompt": question.prompt_id})
    assert response.status_code == 302
    assert Comment.objects.get().prompt_id == question.prompt_id


def test_another_groups_question_cannot_be_answered(client, source, group, student, other, other_mod, passage):
    theirs = questions.add(other, passage, other_mod, "Their question.")
    client.force_login(student)
    url = reverse("forum:comment_new", args=[group.slug, source.slug])
    response = client.post(url, {"body": "Sneaking in.", "prompt": theirs.prompt_id})
    assert response.status_code == 400
    assert "not part of this reading" in response.content.decode()
    assert "Their question." not in response.content.decode()
    assert not Comment.objects.exists()


def test_retiring_keeps_the_answers_and_stops_new_ones(client, source, group, student, mona, passage, reading_url):
    question = questions.add(group, passage, mona, "Who keeps the ledger?")
    answer(group, student, question.prompt, "The clerk keeps it.")
    questions.retire(question)
    client.force_login(student)
    html = client.get(f"{reading_url}?open={passage.pk}").content.decode()
    assert "The clerk keeps it." in html
    assert f'id="prompt-{question.prompt_id}"' not in html
    url = reverse("forum:comment_new", args=[group.slug, source.slug])
    response = client.post(url, {"body": "Too late.", "prompt": question.prompt_id})
    assert response.status_code == 400 and Comment.objects.count() == 1
    questions.restore(question)
    assert client.post(url, {"body": "Asked again.", "prompt": question.prompt_id}).status_code == 302


def test_questions_are_ordered_and_move_among_the_groups_questions_on_a_passage(group, mona, passage):
    first = questions.add(group, passage, mona, "First?")
    second = questions.add(group, passage, mona, "Second?")
    assert questions.move(second, -1) is True
    order = list(GroupQuestion.objects.order_by("position").values_list("prompt__text", flat=True))
    assert order == ["Second?", "First?"]
    assert questions.move(GroupQuestion.objects.get(pk=first.pk), +1) is False


def test_group_questions_are_numbered_apart_from_the_readings_own(source, group, mona):
    question = questions.add(group, source.passages.first(), mona, "Ours?")
    assert question.prompt.position >= questions.FIRST_GROUP_POSITION
    assert [p.text for p in source.reading()[0].prompt_list] == ["What does passage 1 mean? (0)"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "it is empty"),
        ("   \n\t ", "it is empty"),
        ("x" * (questions.MAX_LENGTH + 1), "at most 1,000 characters"),
        ("<script>alert(1)</script>Why?", "HTML tags are not allowed"),
        ('Why <img src=x onerror="alert(1)">?', "HTML tags are not allowed"),
    ],
)
def test_bad_question_text_is_refused_with_a_clear_message(client, mona, passage, add_url, text, message):
    client.force_login(mona)
    response = client.post(add_url, {"passage": passage.pk, "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Prompt.objects.filter(group_only=True).exists()


def test_a_comparison_is_not_mistaken_for_html():
    assert questions.clean_text("Is 3 < 4 and 5 > 2?") == "Is 3 < 4 and 5 > 2?"


@pytest.mark.parametrize("passage_id", ["other-source", "999999999", "-1", "abc", "99999999999999999999999"])
def test_a_passage_outside_the_reading_is_refused(client, mona, add_url, passage_id):
    if passage_id == "other-source":
        passage_id = make_source().passages.first().pk
    client.force_login(mona)
    response = client.post(add_url, {"passage": passage_id, "text": "Where?"})
    assert response.status_code == 400
    assert not GroupQuestion.objects.exists()


@pytest.mark.parametrize("who", ["student", "other_mod", "outsider"])
def test_only_the_groups_moderators_add_questions(client, request, passage, add_url, who):
    user = make_user() if who == "outsider" else request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(add_url, {"passage": passage.pk, "text": "Mine now?"})
    assert response.status_code == 404
    assert not GroupQuestion.objects.exists()


def test_visitors_are_sent_to_log_in_and_nothing_is_saved(client, passage, add_url):
    response = client.post(add_url, {"passage": passage.pk, "text": "Anon?"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not GroupQuestion.objects.exists()


def test_adding_a_question_needs_post_or_get(client, mona, add_url):
    client.force_login(mona)
    assert client.put(add_url).status_code == 405
    assert client.get(add_url).status_code == 404  # no passage named: nothing to ask about


def test_a_group_that_does_not_read_the_source_gets_no_question(mona, passage):
    stranger = make_group(make_source())
    with pytest.raises(questions.ValidationError, match="is not reading"):
        questions.add(stranger, passage, mona, "Why?")
    assert not GroupQuestion.objects.exists()
