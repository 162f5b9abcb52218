"""The site's URLs plus the benchmark's yardstick: a trivial view, a small page rendered from a
template with no queries, measured beside every page so the figures are ratios that mean the
same on a fast machine and a slow one."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

TRIVIAL = engines["django"].from_string(
    "<!doctype html><html lang=en><title>{{ title }}</title><h1>{{ title }}</h1>"
    "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></html>"
)


def trivial(request):
    return HttpResponse(TRIVIAL.render({"title": "Trivial", "items": ["one", "two", "three"]}))


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
