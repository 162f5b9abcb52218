"""Limits and choices are read from the models or forum/conf.py, never typed twice."""

import pytest
from django.test import override_settings
from django.urls import reverse

from forum.admin.desk import ReasonForm
from forum.models import Flag, ModerationAction
from forum.moderation_views import InlineActForm
from tests.factories import make_comment, make_group, make_member, make_source

pytestmark = pytest.mark.django_db

REASON_MAX = ModerationAction._meta.get_field("reason").max_length
NOTE_MAX = Flag._meta.get_field("note").max_length


@pytest.fixture
def page(client):
    group = make_group(make_source())
    make_comment(group, make_member(group).user)
    client.force_login(make_member(group).user)
    return lambda: client.get(reverse("forum:reading", args=[group.slug, group.sources.first().slug])).content.decode()


@override_settings(MARGINALIA_BODY_MAX_LENGTH=1200)
def test_the_forms_help_text_states_the_configured_body_limit(page):
    assert "At most 1,200 characters." in page()


def test_the_flag_form_offers_the_models_reasons_and_note_length(page):
    html = page()
    for value in Flag.Reason.values:
        assert f'<option value="{value}">' in html
    assert f'name="note" maxlength="{NOTE_MAX}"' in html


@pytest.mark.parametrize("form_class", [ReasonForm, InlineActForm])
def test_a_reason_as_long_as_the_log_keeps_is_accepted_and_a_longer_one_refused(form_class):
    data = {"act": "hide"}
    assert form_class({**data, "reason": "x" * REASON_MAX}).is_valid()
    assert not form_class({**data, "reason": "x" * (REASON_MAX + 1)}).is_valid()
