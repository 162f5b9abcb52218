"""manage.py setup_demo: the demo group, accounts, and seed 002's five readers."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from forum.management.commands.setup_demo import READINGS
from forum.models import Comment, Membership, ReadingGroup
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def readings():
    return [Source.objects.create(slug=slug, title=slug.replace("-", " ")) for slug in READINGS]


def setup_demo():
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_demo_group_reads_all_five_sources_with_due_dates(readings):
    setup_demo()
    group = ReadingGroup.objects.get(slug="demo")
    assert [r.source.slug for r in group.readings.all()] == READINGS
    assert all(r.due for r in group.readings.all())


def test_running_twice_changes_nothing(readings):
    setup_demo()
    setup_demo()
    assert (ReadingGroup.objects.count(), Comment.objects.count(), Membership.objects.count()) == (1, 5, 7)


def test_seed_002_readers_are_whole_source_comments_in_order(readings):
    setup_demo()
    comments = Comment.objects.order_by("created", "id")
    assert [c.author_name for c in comments] == [f"Reader {n}" for n in range(1, 6)]
    places = {(c.source.slug, c.passage_id, c.group.slug) for c in comments}
    assert places == {("stalins-new-collectivation", None, "demo")}
    assert comments[0].body.startswith("In reading your post, I began to wonder")
    assert all(c.date_unknown for c in comments)


def test_reader_accounts_cannot_log_in(readings, client):
    setup_demo()
    reader = get_user_model().objects.get(username="reader-1")
    assert not reader.has_usable_password()
    client.post(reverse("account_login"), {"login": "reader-1", "password": "!"})
    assert "_auth_user_id" not in client.session


def test_printed_invite_link_and_accounts(readings):
    output = setup_demo()
    group = ReadingGroup.objects.get(slug="demo")
    assert f"http://127.0.0.1:8000/join/{group.invite_code}/" in output
    assert "username demo-student    password demo-student-pass" in output
    assert "username demo-moderator  password demo-moderator-pass" in output


def test_demo_student_logs_in_with_the_printed_password(readings, client):
    setup_demo()
    client.post(reverse("account_login"), {"login": "demo-student", "password": "demo-student-pass"})
    assert "_auth_user_id" in client.session


def test_demo_moderator_moderates_the_group_and_reaches_the_admin(readings, client):
    setup_demo()
    moderator = get_user_model().objects.get(username="demo-moderator")
    assert moderator.is_staff
    assert Membership.objects.get(user=moderator).role == "moderator"
    client.force_login(moderator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_demo_moderator_is_in_the_moderators_group_when_it_exists(readings):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="Moderators")
    setup_demo()
    assert get_user_model().objects.get(username="demo-moderator").groups.filter(name="Moderators").exists()


def test_missing_readings_are_a_clear_error():
    with pytest.raises(CommandError, match="run `manage.py load_readings` first"):
        setup_demo()
    assert not ReadingGroup.objects.exists()


def test_dry_run_saves_nothing(readings):
    out = StringIO()
    call_command("setup_demo", "--dry-run", stdout=out)
    assert "dry run: nothing saved" in out.getvalue()
    assert not ReadingGroup.objects.exists()
