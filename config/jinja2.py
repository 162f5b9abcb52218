"""The Jinja2 environment of the reading page's passages and threads (forum/reading_html.py).

Those loops run hundreds of times a page; Jinja2 compiles a template to Python and renders them
in a fraction of what the Django template language takes (docs/benchmarks.md). Every other page
stays in Django templates. Autoescaping is on, as in Django's templates.
"""

from django.template.defaultfilters import truncatewords
from django.utils import timezone
from jinja2 import Environment

from forum.acts import acts_for
from forum.threads import local_when


def local_iso(value):
    return timezone.localtime(value).isoformat()


def site_acts(comment):
    """The moderation acts the reading page offers under `comment` (forum.acts' table; no queries)."""
    return acts_for(comment, on_site=True)


def environment(**options):
    # Django's backend passes autoescape=True in `options`; it is set here too, so that no
    # other caller can get an environment that does not escape.
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.filters.update(truncatewords=truncatewords, local_date=local_when, local_iso=local_iso)
    env.globals["site_acts"] = site_acts
    return env
