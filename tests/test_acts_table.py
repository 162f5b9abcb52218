"""One table (forum.acts.COMMENT_ACTS) says which act applies to a comment in which status;
the desk's buttons, its bulk actions and the site's controls all read it."""

import pytest
from django.urls import reverse

from forum import acts
from forum.admin.comments import CommentAdmin
from forum.models import Comment
from tests.factories import make_comment, make_group, make_member, make_moderator, make_source

pytestmark = pytest.mark.django_db

OFFERED = [
    # status, open flags, acts at the desk, acts on the site
    ("pending", 0, ["approve", "hide", "remove"], ["approve", "hide"]),
    ("approved", 0, ["hide", "remove"], ["hide"]),
    ("approved", 2, ["approve", "hide", "remove"], ["approve", "hide"]),
    ("hidden", 0, ["remove", "restore"], ["restore"]),
    ("removed", 0, ["restore"], ["restore"]),
]


@pytest.mark.parametrize(("status", "flags", "desk", "site"), OFFERED)
def test_the_table_says_which_acts_apply(status, flags, desk, site):
    comment = Comment(status=status)
    assert [act.name for act in acts.acts_for(comment, open_flags=flags)] == desk
    assert [act.name for act in acts.acts_for(comment, open_flags=flags, on_site=True)] == site


def test_the_desk_offers_the_tables_acts_as_bulk_actions_and_buttons():
    assert [act.name for act in CommentAdmin.acts] == [act.name for act in acts.COMMENT_ACTS]
    assert [action.__name__ for action in CommentAdmin.actions] == [act.name for act in acts.COMMENT_ACTS]


@pytest.mark.parametrize("status", ["pending", "approved", "hidden"])
def test_the_site_shows_the_buttons_the_table_offers(client, status):
    source = make_source()
    group = make_group(source)
    moderator = make_moderator(group)
    comment = make_comment(group, make_member(group).user, status=status)
    client.force_login(moderator)
    html = client.get(reverse("forum:reading", args=[group.slug, source.slug])).content.decode()
    shown = [name for name in ("approve", "hide", "remove", "restore") if f'name="act" value="{name}"' in html]
    assert shown == [act.name for act in acts.acts_for(comment, on_site=True)]


def test_the_desks_change_page_shows_the_tables_buttons(client):
    group = make_group(make_source())
    client.force_login(make_moderator(group))
    comment = make_comment(group, make_member(group).user, status="hidden")
    html = client.get(reverse("admin:forum_comment_change", args=[comment.pk])).content.decode()
    assert "Restore…" in html and "Remove as spam…" in html
    assert "Approve…" not in html and "Hide…" not in html
