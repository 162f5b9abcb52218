"""Reading pages: the reading list and one source read as a blog post."""

from django.shortcuts import get_object_or_404, render

from .models import Source


def source_list(request):
    return render(request, "sources/source_list.html", {"sources": Source.objects.with_counts()})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return render(request, "sources/source_detail.html", {"source": source, "passages": source.reading()})
