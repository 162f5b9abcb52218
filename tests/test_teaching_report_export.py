"""The instructor's report (admin) and taking the discussion away (admin and export_reading)."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.urls import reverse
from django.utils import timezone

from forum import threads
from forum.models import Comment, GroupReading, Viewer
from teaching import questions, report
from teaching.models import CommentQuestion
from tests.factories import answer, make_comment, make_group, make_instructor, make_source, make_user, user_fixture

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 1)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


# Ann, Ben and Cat read a source of three passages (conftest's `source`) due on March 1st; `mona`
# (conftest) moderates and asked a question of her own on the second passage.
ann = user_fixture("ann", "Ann")
ben = user_fixture("ben", "Ben")
cat = user_fixture("cat", "Cat")


@pytest.fixture
def group(source, ann, ben, cat):
    group = make_group(source, members=[ann, ben, cat])
    GroupReading.objects.filter(group=group).update(due=DUE)
    return group


@pytest.fixture
def own(source):
    """The reading's own question, on the first passage."""
    return source.passages.first().prompts.first()


@pytest.fixture
def second(source):
    return source.passages.all()[1]


@pytest.fixture
def ours(group, second, mona):
    """The group's question, on the second passage."""
    return questions.add(group, second, mona, "Our own question?").prompt


@pytest.fixture
def a1(group, ann, own):
    return answer(group, ann, own, "Ann answers on time, in five words.", created=at(1, 9))


@pytest.fixture
def reply(group, cat, a1):
    return make_comment(group, cat, parent=a1, body="Cat replies.", created=at(1, 11))


@pytest.fixture
def q(group, ben, second):
    """Ben's comment marked as a question, still open."""
    q = make_comment(group, ben, passage=second, body="Why second?", created=at(1, 12))
    CommentQuestion.objects.create(comment=q)
    return q


@pytest.fixture
def discussion(group, ann, ben, cat, own, ours, second, a1, reply, q):
    """The whole discussion: Ann answers both questions on time, Ben one late; Cat replies to Ann and
    writes on the whole reading; Ben asks an open question and has a hidden comment."""
    answer(group, ben, own, "Ben is late.", created=at(2))
    answer(group, ann, ours, "Ann again.", created=at(1, 10))
    make_comment(group, cat, body="On the whole reading.", created=at(1, 13))
    make_comment(group, ben, passage=second, body="Held one.", status=Comment.Status.HIDDEN, created=at(1, 14))


@pytest.fixture
def reading(group, discussion):
    return GroupReading.objects.select_related("group", "source").get(group=group)


def test_the_table_says_who_answered_which_question_on_time_late_or_not(reading, own):
    built = report.build(reading)
    assert [q.text for q in built.questions] == [own.text, "Our own question?"]
    cells = {row.name: row.cells for row in built.rows}
    assert cells == {
        "Ann": ["on time", "on time"],
        "Ben": ["late", "not answered"],
        "Cat": ["not answered", "not answered"],
    }
    assert built.answer_counts == [2, 1]


def test_participation_counts_what_members_wrote(reading):
    rows = {row.name: row for row in report.build(reading).rows}
    ann, ben, cat = rows["Ann"], rows["Ben"], rows["Cat"]
    assert (ann.comments, ann.replies, ann.answered, ann.words) == (2, 0, 2, 9)
    assert (cat.comments, cat.replies, cat.first, cat.last) == (1, 1, at(1, 11), at(1, 13))
    # Ben's hidden comment is still something he wrote; removed or deleted ones are not counted.
    assert ben.comments == 3


def test_passages_are_ranked_by_discussion_and_open_questions_listed(reading, q):
    built = report.build(reading)
    assert [(p.anchor, n) for p, n in built.passages] == [("p-1", 3), ("p-2", 3)]
    assert [q.comment for q in built.open_questions] == [q]


def admin(client, user):
    client.force_login(user)
    return client


def test_the_report_page_shows_it_all_to_the_groups_moderator(client, reading, mona):
    html = admin(client, mona).get(reverse("admin:teaching_report", args=[reading.pk])).content.decode()
    for text in ("Who answered which question", "Participation", "Where the discussion is", "Why second?", "late"):
        assert text in html


def test_the_report_csv_has_a_row_per_member(client, reading, mona):
    response = admin(client, mona).get(reverse("admin:teaching_report_csv", args=[reading.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith("attachment;")
    assert rows[0][:3] == ["member", "display name", "comments"] and len(rows) == 4
    assert rows[1][-2:] == ["on time", "on time"]


@pytest.mark.parametrize("name", ["teaching_report", "teaching_report_csv", "markdown", "csv"])
def test_another_groups_moderator_gets_404(client, reading, name):
    other = make_group(make_source())
    otto = make_instructor(other, "otto")
    pk = reading.pk
    if name in ("markdown", "csv"):
        url = reverse("admin:teaching_export", args=[pk, name])
    else:
        url = reverse(f"admin:{name}", args=[pk])
    assert admin(client, otto).get(url).status_code == 404


def test_a_student_is_sent_to_the_admin_login(client, reading, ann):
    response = admin(client, ann).get(reverse("admin:teaching_report", args=[reading.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def make_members(group, source, n):
    own = source.passages.first().prompts.first()
    for i in range(n):
        user = make_user(f"m{n}-{i}")
        group.memberships.create(user=user)
        answer(group, user, own, f"Answer {i}")
        make_comment(group, user, passage=source.passages.last(), body=f"More {i}")


@pytest.mark.parametrize("members", [10, 200])
def test_the_report_takes_the_same_number_of_queries_for_10_and_200_members(client, django_assert_num_queries, members):
    source = make_source(passages=3)
    group = make_group(source)
    mona = make_instructor(group, "mona")
    questions.add(group, source.passages.all()[1], mona, "Ours?")
    make_members(group, source, members)
    reading = GroupReading.objects.get(group=group)
    admin(client, mona)
    url = reverse("admin:teaching_report", args=[reading.pk])
    # session, user, the admin's permission checks and scope, the reading; then members, questions,
    # comments, passages, open questions: the same eleven whatever the group's size.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


# ---------- export ----------


def export(*args):
    out = io.StringIO()
    call_command("export_reading", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("discussion")
def test_markdown_is_the_annotated_edition(source, group, own):
    text = export(group.slug, source.slug, "--format", "markdown")
    assert text.startswith(f"# {source.title}\n")
    assert "## p-1 · paragraph" in text and "> Passage 1 of" in text
    assert f"**Reading question:** {own.text}" in text
    assert f"**{group.name}’s question:** Our own question?" in text
    assert "- **Ann** · 2026-03-01 09:00 · answering" in text
    assert "  - **Cat** · 2026-03-01 11:00\n\n    Cat replies." in text
    assert "## On the whole reading" in text
    assert "Held one." not in text


@pytest.mark.usefixtures("discussion")
def test_include_hidden_adds_them_with_their_status(source, group):
    text = export(group.slug, source.slug, "--include-hidden")
    assert "Held one." in text and "*hidden*" in text


@pytest.mark.usefixtures("discussion")
def test_output_writes_a_file(source, group, tmp_path):
    target = tmp_path / "out.csv"
    assert export(group.slug, source.slug, "--format", "csv", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8").startswith("id,passage anchor,passage kind")


@pytest.mark.usefixtures("discussion")
def test_csv_rebuilds_the_same_thread_tree_as_the_site(source, group, ann, a1, reply):
    rows = list(csv.DictReader(io.StringIO(export(group.slug, source.slug, "--format", "csv"))))
    exported = {int(r["id"]): (int(r["parent id"]) if r["parent id"] else None) for r in rows}

    def shape(nodes_by_parent, parent):
        return [(pk, shape(nodes_by_parent, pk)) for pk in nodes_by_parent.get(parent, [])]

    by_parent = {}
    for pk, parent in exported.items():
        by_parent.setdefault(parent, []).append(pk)
    from_csv = sorted(shape(by_parent, None))

    def site_shape(node):
        return (node.comment.pk, [site_shape(child) for child in node.children])

    student = ann  # the site as a member sees it: approved comments
    discussion = threads.build(Comment.objects.for_reading_page(Viewer(student, group), source))
    from_site = sorted(site_shape(node) for trees in discussion.threads.values() for node in trees)
    assert from_csv == from_site
    assert {r["status"] for r in rows} == {"approved"}
    row = next(r for r in rows if int(r["id"]) == reply.pk)
    assert (row["in-reply-to id"], row["depth"], row["author"]) == (str(a1.pk), "1", "Cat")


@pytest.mark.usefixtures("discussion")
def test_csv_cells_cannot_run_as_spreadsheet_formulas(source, group, ann):
    make_comment(group, ann, body='=HYPERLINK("http://evil")')
    text = export(group.slug, source.slug, "--format", "csv")
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nope", "x"], "No group with the slug “nope”."), (["GROUP", "nope"], "does not read a source with the slug")],
)
def test_unknown_group_or_source_is_one_clear_error(group, args, message):
    args = [group.slug if a == "GROUP" else a for a in args]
    with pytest.raises(CommandError, match=message):
        export(*args)


def test_the_command_exits_non_zero_with_one_line(source, capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "export_reading", "nope", source.slug]).execute()
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == "CommandError: No group with the slug “nope”."


def test_an_unknown_format_is_refused(group, capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "export_reading", group.slug, "x", "--format", "pdf"]).execute()
    assert exit_.value.code != 0


def test_the_admin_exports_for_the_groups_moderator(client, reading, mona):
    admin(client, mona)
    response = client.get(reverse("admin:teaching_export", args=[reading.pk, "markdown"]))
    assert response.status_code == 200 and "Ann answers on time" in response.content.decode()
    assert response["Content-Disposition"].endswith('.md"')
    hidden = client.get(reverse("admin:teaching_export", args=[reading.pk, "csv"]) + "?hidden=1")
    assert "Held one." in hidden.content.decode()
    assert client.get(reverse("admin:teaching_export", args=[reading.pk, "pdf"])).status_code == 404
