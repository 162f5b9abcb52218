"""Reading pages: the reading list and one source read as a blog post.

Only public readings are served here; a restricted one answers 404 to everyone, as if it did not
exist. Its readers reach it through their group's pages (forum), which decide membership.
"""

from django.shortcuts import get_object_or_404, render

from .models import Source
from .rendered import rendered_reading


def source_list(request):
    return render(request, "sources/source_list.html", {"sources": Source.objects.public().with_counts()})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    reading = rendered_reading(source)
    return render(
        request, "sources/source_detail.html", {"source": source, "passages": reading.passages, "notes": reading.notes}
    )
