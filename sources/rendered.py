"""A source's text rendered once per version and kept in this process.

The passages of a reading change only when an editor re-imports or edits it, but a reading page
is read thousands of times: rendering 165 passages through templates on every request was most
of the page's cost. `rendered_reading(source)` returns the source's Reading with each passage's
`text_html` (sources/_passage_text.html, already rendered), cached under the source's `updated`
time, which every change to a passage, prompt or note reference moves on (Source.touch()).

The cache lives in the process, not in the shared cache: a hit costs no query and no
unpickling, and a new version has a new key, so app servers never serve a stale text for longer
than the request that raced the change. The cached passages are shared between requests: pages
decorate them through wrappers (forum.threads.Place), never by setting attributes on them.
"""

from collections import OrderedDict
from threading import Lock

from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template

from .models import FootnoteReference, Passage, Prompt, Source

CACHED_SOURCES = 32
_cache = OrderedDict()
_lock = Lock()


def rendered_reading(source):
    """source.reading() with `text_html` on each passage, rendered once per version of the source."""
    key = (source.pk, source.updated)
    with _lock:
        reading = _cache.get(key)
        if reading is not None:
            _cache.move_to_end(key)
            return reading
    reading = source.reading()
    template = get_template("sources/_passage_text.html")
    for passage in reading:
        passage.text_html = template.render({"passage": passage})
    with _lock:
        _cache[key] = reading
        while len(_cache) > CACHED_SOURCES:
            _cache.popitem(last=False)
    return reading


def clear():
    with _lock:
        _cache.clear()


def _touch_source(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures carry their own `updated`
        return
    if sender is Prompt:
        source_id = Passage.objects.filter(pk=instance.passage_id).values_list("source_id", flat=True).first()
    else:
        source_id = instance.source_id
    if source_id is not None:
        Source(pk=source_id).touch()


for model in (Passage, Prompt, FootnoteReference):
    post_save.connect(_touch_source, sender=model, dispatch_uid=f"sources_touch_{model.__name__}")
    post_delete.connect(_touch_source, sender=model, dispatch_uid=f"sources_touch_delete_{model.__name__}")
