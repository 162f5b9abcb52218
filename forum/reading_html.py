"""The group reading page's passages, notes and whole-reading threads, rendered with Jinja2.

These are the page's hot loops: 165 passages on the longest reading and up to hundreds of
comments. In Jinja2 (config/jinja2.py) they cost a fraction of what the Django template language
took (docs/benchmarks.md); the page around them (forum/reading.html) stays a Django template
and places the three parts this returns.
"""

from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe

from . import hooks

MACROS = ("prompt", "passage", "comment")


def environment():
    return engines["jinja2"].env


def extras(context):
    """{"prompt" | "passage" | "comment": the other apps' macros of that name (hooks.reading_macros)},
    each template made once per page with the page's context."""
    found = {name: [] for name in MACROS}
    for template_name in hooks.reading_macros:
        module = environment().get_template(template_name).make_module(context)
        for name in MACROS:
            macro = getattr(module, name, None)
            if macro is not None:
                found[name].append(macro)
    return found


def render(request, context):
    """{"passages_html", "notes_html", "source_thread_html"}: safe HTML for forum/reading.html,
    from the page's context (passages, notes, source_comments, source_page and what they need)."""
    context = {
        **context,
        "request": request,
        "user": request.user,
        "csrf_input": csrf_input(request),
    }
    context["extras"] = extras(context)
    passages = environment().get_template("forum/passages.jinja")
    parts = {
        "passages_html": passages.render({**context, "passages": context["passages"]}),
        "notes_html": passages.render({**context, "passages": context["notes"]}),
        "source_thread_html": environment().get_template("forum/source_thread.jinja").render(context),
    }
    # Escaped where they were rendered (autoescaping Jinja2); the Django template must not again.
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308
