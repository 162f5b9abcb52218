"""The reading page, xtd's own URLs (reply, flag, permalink), and the same trivial view as
bench/bench_urls.py at the same address, so bench/run.py's measure_beside_trivial works unchanged."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.urls import include, path

from .models import Reading

# Character for character bench/bench_urls.py's TRIVIAL (tests/test_bench_xtd.py checks it).
TRIVIAL_TEMPLATE = (
    "<!doctype html><html lang=en><title>{{ title }}</title><h1>{{ title }}</h1>"
    "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></html>"
)
TRIVIAL = engines["django"].from_string(TRIVIAL_TEMPLATE)


def trivial(request):
    return HttpResponse(TRIVIAL.render({"title": "Trivial", "items": ["one", "two", "three"]}))


def reading(request, slug):
    return render(request, "xtdsite/reading.html", {"object": get_object_or_404(Reading, slug=slug)})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("readings/<slug:slug>/", reading, name="reading"),
    path("comments/", include("django_comments_xtd.urls")),
]
