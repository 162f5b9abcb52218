"""Comment rendering: Markdown to clean HTML with an allow-list and safe links."""

import pytest

from forum.sanitize import clean_line, render_comment, strip_control_chars


def test_markdown_emphasis_and_paragraphs():
    assert render_comment("*one*\n\n**two**") == "<p><em>one</em></p>\n<p><strong>two</strong></p>"


def test_quoting_the_passage_with_a_greater_than_sign():
    html = render_comment("> the passage\n\nmy view")
    assert html == "<blockquote>\n<p>the passage</p>\n</blockquote>\n<p>my view</p>"


def test_lists_and_code_survive():
    html = render_comment("- a\n- b\n\n1. c\n\n`x < y`")
    assert "<ul>" in html and "<ol>" in html and "<code>x &lt; y</code>" in html


def test_bare_urls_become_links_with_rel():
    assert render_comment("see https://example.org") == (
        '<p>see <a href="https://example.org" rel="nofollow ugc noopener">https://example.org</a></p>'
    )


def test_markdown_links_get_rel():
    assert render_comment("[here](http://example.org)") == (
        '<p><a href="http://example.org" rel="nofollow ugc noopener">here</a></p>'
    )


def test_mailto_links_are_kept():
    assert 'href="mailto:ada@example.org"' in render_comment("[mail](mailto:ada@example.org)")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox(1)"])
def test_other_link_schemes_lose_their_href(url):
    assert "href" not in render_comment(f"[click]({url})")


def test_raw_html_outside_the_allow_list_is_stripped():
    html = render_comment('<div style="color:red" onclick="x()">hi</div><script>alert(1)</script>')
    assert "<div" not in html and "<script" not in html and "style" not in html and "onclick" not in html


def test_images_are_dropped():
    assert "<img" not in render_comment("![alt](https://example.org/x.png)")


def test_attributes_other_than_href_are_dropped():
    html = render_comment('<a href="https://example.org" title="t" target="_blank" class="c">x</a>')
    assert html == '<p><a href="https://example.org" rel="nofollow ugc noopener">x</a></p>'


def test_control_characters_are_removed_and_newlines_normalised():
    assert strip_control_chars("a\x00b\x07c\r\nd\u202ee\u200bf") == "abc\ndef"


def test_tabs_and_newlines_are_kept():
    assert strip_control_chars("a\tb\nc") == "a\tb\nc"


def test_clean_line_collapses_whitespace():
    assert clean_line("  Ada \n\t Reader\x00 ") == "Ada Reader"


# Format characters (Unicode category Cf) hidden inside a link's scheme.
HIDDEN_SCHEMES = [
    "[click](java\u00adscript:alert(1))",
    "[click](java\u2060script:alert(1))",
    "[click](java\ufeffscript:alert(1))",
    "[click](java\u200dscript:alert(1))",
    '<a href="java&shy;script:alert(1)">click</a>',
    '<a href="java&#x200b;script:alert(1)">click</a>',
    '<a href="j&#173;ava&#x2060;scr&#8205;ipt:alert(1)">click</a>',
    '<a href="data&shy;:text/html,x">click</a>',
]


@pytest.mark.parametrize("body", HIDDEN_SCHEMES)
def test_a_scheme_hidden_by_format_characters_loses_its_href(body):
    html = render_comment(body)
    assert "href" not in html
    assert "click" in html


def test_an_allowed_link_loses_its_format_characters_and_keeps_its_href():
    html = render_comment('<a href="https://exa&shy;mple.org/pa\u2060ge">x</a>')
    assert html == '<p><a href="https://example.org/page" rel="nofollow ugc noopener">x</a></p>'


def test_a_soft_hyphen_in_the_text_is_kept():
    assert "Konstan\u00adtinopel" in render_comment("Konstan\u00adtinopel")
