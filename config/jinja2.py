"""The Jinja2 environment of the reading page's passages and threads (forum/reading_html.py).

Those loops run hundreds of times a page; Jinja2 compiles a template to Python and renders them
in a fraction of what the Django template language takes (docs/benchmarks.md). Every other page
stays in Django templates. Autoescaping is on, as in Django's templates.
"""

from django.utils import dateformat, timezone
from django.utils.text import Truncator
from jinja2 import Environment

from forum.acts import acts_for


def truncatewords(value, count):
    """Django's truncatewords filter, with the same result."""
    return Truncator(value).words(count, truncate=" …")


def local_date(value):
    """A date as the reader's time zone shows it, "5 Mar 2026, 14:07" (Django's date filter)."""
    return dateformat.format(timezone.localtime(value), "j M Y, H:i")


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
    env.filters.update(truncatewords=truncatewords, local_date=local_date, local_iso=local_iso)
    env.globals["site_acts"] = site_acts
    return env
