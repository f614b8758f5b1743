"""The library (``knowledge/…``): the same for everyone logged in, read from the content in memory (no query
of its own). The articles by topic, one article with its table of contents, and the glossary.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import content, library


@login_required
def index(request):
    return render(request, "knowledge/index.html", {"topics": library.library()})


@login_required
def glossary(request):
    return render(request, "knowledge/glossary.html", {"groups": library.glossary()})


@login_required
def article(request, article_id):
    item = content.article(article_id)
    if item is None:
        raise Http404
    return render(request, "knowledge/article.html", {"article": library.article(item)})
