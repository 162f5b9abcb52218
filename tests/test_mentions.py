"""@mentions in comments: members' names highlighted, everything else plain and sanitised."""

import pytest

from forum.mentions import mark_mentions, names_in
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(make_source(), members=[make_user("ana"), make_user("ben.k")])


def test_a_members_name_becomes_a_highlighted_mention(group):
    comment = make_comment(group, make_user(), body="Thanks @ana, and @ben.k.")
    assert comment.body_html == (
        '<p>Thanks <strong class="mention">@ana</strong>, and <strong class="mention">@ben.k</strong>.</p>'
    )


def test_a_name_outside_the_group_stays_plain_text(group):
    make_group(make_source(), members=[make_user("eve")])
    comment = make_comment(group, make_user(), body="Hello @eve and @ghost")
    assert comment.body_html == "<p>Hello @eve and @ghost</p>"


def test_mentions_in_links_and_code_and_emails_are_left_alone(group):
    body = "`@ana` and ana@example.org and [@ana](https://example.org/@ana)"
    html = make_comment(group, make_user(), body=body).body_html
    assert "mention" not in html


def test_a_mention_cannot_smuggle_markup(group):
    body = '@ana <script>alert(1)</script> <img src=x onerror=alert(1)> @ana"onmouseover=x'
    html = make_comment(group, make_user(), body=body).body_html
    assert "<script" not in html and "<img" not in html and 'onmouseover=x"' not in html
    assert html.count('<strong class="mention">@ana</strong>') == 2


def test_text_around_mentions_stays_escaped():
    html = "<p>a &lt;b&gt; &amp; @ana</p>"
    assert mark_mentions(html, {"ana"}) == '<p>a &lt;b&gt; &amp; <strong class="mention">@ana</strong></p>'


def test_names_are_found_once_each_in_order_without_trailing_punctuation():
    assert names_in("@ben. @ana, @ben! mail@ana.org (@cy)") == ["ben", "ana", "cy"]


def test_a_comment_with_thousands_of_names_saves_with_one_lookup(group, django_assert_num_queries):
    author = make_user()
    body = " ".join(f"@name{i}" for i in range(2000)) + " @ana"
    comment = make_comment(group, author, body="x")
    comment.body = body
    with django_assert_num_queries(2):  # the members lookup, the update
        comment.save()
