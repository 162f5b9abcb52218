"""Reading pages: the reading list and one source read as a blog post.

Only public readings are served here; a restricted one answers 404 to everyone, as if it did not
exist. Its readers reach it through their group's pages (forum), which decide membership.
"""

from django.shortcuts import get_object_or_404, render

from .models import Passage, Source


def source_list(request):
    return render(request, "sources/source_list.html", {"sources": Source.objects.public().with_counts()})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    passages = list(source.reading())
    # Footnotes read as a "Notes" section after the text, wherever the source put them.
    context = {
        "source": source,
        "passages": [p for p in passages if p.kind != Passage.Kind.FOOTNOTE],
        "notes": [p for p in passages if p.kind == Passage.Kind.FOOTNOTE],
    }
    return render(request, "sources/source_detail.html", context)
