"""Group questions: a group's moderators write them for their group, on the site and in the admin;
only that group sees them; retiring keeps the answers; bad input and the wrong people are refused."""

import pytest
from django.urls import reverse

from forum.models import Comment
from sources.models import Prompt
from teaching import questions
from teaching.models import GroupQuestion
from tests.factories import answer, make_group, make_instructor, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cls():
    source = make_source(passages=3)
    student = make_user("stu", "Stu")
    group = make_group(source, members=[student])
    mona = make_instructor(group, "mona", "Mona")
    other = make_group(source, members=[make_user("olga")])
    other_mod = make_instructor(other, "otto", "Otto")
    passage = source.passages.all()[1]
    add_url = reverse("teaching:question_add", args=[group.slug, source.slug])
    reading_url = reverse("forum:reading", args=[group.slug, source.slug])
    return {
        "source": source,
        "group": group,
        "student": student,
        "mona": mona,
        "other": other,
        "other_mod": other_mod,
        "passage": passage,
        "add_url": add_url,
        "reading_url": reading_url,
    }


def test_a_moderator_adds_a_question_from_the_reading_page_without_javascript(client, cls):
    client.force_login(cls["mona"])
    html = client.get(cls["reading_url"]).content.decode()
    assert "Add a question here" in html and cls["add_url"] in html
    response = client.post(cls["add_url"], {"passage": cls["passage"].pk, "text": "Who keeps the ledger?"})
    question = GroupQuestion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#prompt-{question.prompt_id}")
    assert (question.group, question.author, question.prompt.passage) == (cls["group"], cls["mona"], cls["passage"])
    assert question.prompt.group_only


def test_the_page_carries_one_question_form_and_a_link_under_each_passage(client, cls):
    client.force_login(cls["mona"])
    html = client.get(cls["reading_url"]).content.decode()
    assert html.count('id="question-form-template"') == 1 and html.count('name="text"') == 1
    assert html.count(f"{cls['add_url']}?passage=") == cls["source"].passages.count()


def test_the_question_form_opens_on_its_own_page_for_a_passage_of_the_reading(client, cls):
    client.force_login(cls["mona"])
    response = client.get(cls["add_url"], {"passage": cls["passage"].pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Add the question" in html
    assert f'name="passage" value="{cls["passage"].pk}"' in html


@pytest.mark.parametrize("passage", ["", "abc", "0", "99999999999999", "-1", "1%00"])
def test_the_question_form_refuses_a_passage_that_is_not_there(client, cls, passage):
    client.force_login(cls["mona"])
    assert client.get(cls["add_url"], {"passage": passage}).status_code == 404


def test_the_question_form_refuses_a_passage_of_another_reading(client, cls):
    other = make_source(slug="other-reading")
    client.force_login(cls["mona"])
    assert client.get(cls["add_url"], {"passage": other.passages.first().pk}).status_code == 404


@pytest.mark.parametrize("who", ["student", "other_mod"])
def test_only_the_groups_moderators_open_the_question_form(client, cls, who):
    client.force_login(cls[who])
    assert client.get(cls["add_url"], {"passage": cls["passage"].pk}).status_code == 404


def test_a_group_question_shows_only_in_that_group(client, cls):
    question = questions.add(cls["group"], cls["passage"], cls["mona"], "Who keeps the ledger?")
    client.force_login(cls["student"])
    html = client.get(cls["reading_url"]).content.decode()
    assert "Who keeps the ledger?" in html and f'id="prompt-{question.prompt_id}"' in html
    assert "Add a question here" not in html
    client.force_login(cls["other_mod"])
    assert (
        "Who keeps the ledger?"
        not in client.get(reverse("forum:reading", args=[cls["other"].slug, cls["source"].slug])).content.decode()
    )
    public = client.get(reverse("sources:detail", args=[cls["source"].slug]))
    assert "Who keeps the ledger?" not in public.content.decode()


def test_a_members_answers_a_group_question_through_the_usual_form(client, cls):
    question = questions.add(cls["group"], cls["passage"], cls["mona"], "Who keeps the ledger?")
    client.force_login(cls["student"])
    url = reverse("forum:comment_new", args=[cls["group"].slug, cls["source"].slug])
    response = client.post(url, {"body": "The clerk.", "prompt": question.prompt_id})
    assert response.status_code == 302
    assert Comment.objects.get().prompt_id == question.prompt_id


def test_another_groups_question_cannot_be_answered(client, cls):
    theirs = questions.add(cls["other"], cls["passage"], cls["other_mod"], "Their question.")
    client.force_login(cls["student"])
    url = reverse("forum:comment_new", args=[cls["group"].slug, cls["source"].slug])
    response = client.post(url, {"body": "Sneaking in.", "prompt": theirs.prompt_id})
    assert response.status_code == 400
    assert "not part of this reading" in response.content.decode()
    assert "Their question." not in response.content.decode()
    assert not Comment.objects.exists()


def test_retiring_keeps_the_answers_and_stops_new_ones(client, cls):
    question = questions.add(cls["group"], cls["passage"], cls["mona"], "Who keeps the ledger?")
    answer(cls["group"], cls["student"], question.prompt, "The clerk keeps it.")
    questions.retire(question)
    client.force_login(cls["student"])
    html = client.get(f"{cls['reading_url']}?open={cls['passage'].pk}").content.decode()
    assert "The clerk keeps it." in html
    assert f'id="prompt-{question.prompt_id}"' not in html
    url = reverse("forum:comment_new", args=[cls["group"].slug, cls["source"].slug])
    response = client.post(url, {"body": "Too late.", "prompt": question.prompt_id})
    assert response.status_code == 400 and Comment.objects.count() == 1
    questions.restore(question)
    assert client.post(url, {"body": "Asked again.", "prompt": question.prompt_id}).status_code == 302


def test_questions_are_ordered_and_move_among_the_groups_questions_on_a_passage(cls):
    first = questions.add(cls["group"], cls["passage"], cls["mona"], "First?")
    second = questions.add(cls["group"], cls["passage"], cls["mona"], "Second?")
    assert questions.move(second, -1) is True
    order = list(GroupQuestion.objects.order_by("position").values_list("prompt__text", flat=True))
    assert order == ["Second?", "First?"]
    assert questions.move(GroupQuestion.objects.get(pk=first.pk), +1) is False


def test_group_questions_are_numbered_apart_from_the_readings_own(cls):
    question = questions.add(cls["group"], cls["source"].passages.first(), cls["mona"], "Ours?")
    assert question.prompt.position >= questions.FIRST_GROUP_POSITION
    assert [p.text for p in cls["source"].reading()[0].prompt_list] == ["What does passage 1 mean? (0)"]


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
def test_bad_question_text_is_refused_with_a_clear_message(client, cls, text, message):
    client.force_login(cls["mona"])
    response = client.post(cls["add_url"], {"passage": cls["passage"].pk, "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Prompt.objects.filter(group_only=True).exists()


def test_a_comparison_is_not_mistaken_for_html(cls):
    assert questions.clean_text("Is 3 < 4 and 5 > 2?") == "Is 3 < 4 and 5 > 2?"


@pytest.mark.parametrize("passage", ["other-source", "999999999", "-1", "abc", "99999999999999999999999"])
def test_a_passage_outside_the_reading_is_refused(client, cls, passage):
    if passage == "other-source":
        passage = make_source().passages.first().pk
    client.force_login(cls["mona"])
    response = client.post(cls["add_url"], {"passage": passage, "text": "Where?"})
    assert response.status_code == 400
    assert not GroupQuestion.objects.exists()


@pytest.mark.parametrize("who", ["student", "other_mod", "outsider"])
def test_only_the_groups_moderators_add_questions(client, cls, who):
    user = make_user() if who == "outsider" else cls[who]
    client.force_login(user)
    response = client.post(cls["add_url"], {"passage": cls["passage"].pk, "text": "Mine now?"})
    assert response.status_code == 404
    assert not GroupQuestion.objects.exists()


def test_visitors_are_sent_to_log_in_and_nothing_is_saved(client, cls):
    response = client.post(cls["add_url"], {"passage": cls["passage"].pk, "text": "Anon?"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not GroupQuestion.objects.exists()


def test_adding_a_question_needs_post_or_get(client, cls):
    client.force_login(cls["mona"])
    assert client.put(cls["add_url"]).status_code == 405
    assert client.get(cls["add_url"]).status_code == 404  # no passage named: nothing to ask about


def test_a_group_that_does_not_read_the_source_gets_no_question(cls):
    stranger = make_group(make_source())
    with pytest.raises(questions.ValidationError, match="is not reading"):
        questions.add(stranger, cls["passage"], cls["mona"], "Why?")
    assert not GroupQuestion.objects.exists()
