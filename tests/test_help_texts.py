"""Help texts speak to moderators and readers, never point them at the repository's files."""

import re

import pytest
from django.apps import apps
from django.contrib import admin

from coursepack.forms import FORMATS
from sources.paste import PasteFormMixin

REPOSITORY_PATH = re.compile(r"(docs|texts|fixtures|templates|static)/|\.(py|md|txt|json)\b")


def test_no_model_fields_help_text_mentions_a_repository_path():
    offending = [
        f"{model._meta.label}.{field.name}: {field.help_text}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if REPOSITORY_PATH.search(str(getattr(field, "help_text", "")))
    ]
    assert offending == []


@pytest.mark.parametrize("text", [field.help_text for field in PasteFormMixin.base_fields.values()])
def test_the_paste_forms_help_texts_mention_no_repository_path(text):
    assert not REPOSITORY_PATH.search(str(text))


def test_the_import_formats_mention_no_repository_path():
    assert not any(REPOSITORY_PATH.search(label) for _, label in FORMATS)


def test_no_admin_fieldset_description_mentions_a_repository_path():
    offending = [
        f"{model_admin}: {options['description']}"
        for model_admin in admin.site._registry.values()
        for _, options in (model_admin.fieldsets or [])
        if REPOSITORY_PATH.search(str(options.get("description", "")))
    ]
    assert offending == []
