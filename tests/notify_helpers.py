"""Helpers for the notification tests: post through the site, as a member would, with the
on-commit signals run (the tests' transaction never commits by itself)."""

from django.test import Client
from django.urls import reverse

from forum.models import Comment
from notify.models import Notification


def post(capture, author, group, body="A thought.", parent=None, passage=None, source=None):
    """Post a comment through the site's form as `author`; returns the stored comment."""
    source = source or group.sources.first()
    client = Client()
    client.force_login(author)
    data = {"body": body}
    if parent is not None:
        data["parent"] = parent.pk
    if passage is not None:
        data["passage"] = passage.pk
    with capture(execute=True):
        response = client.post(reverse("forum:comment_new", args=[group.slug, source.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Comment.objects.filter(author=author).latest("id")


def kinds_for(user):
    """{(kind, comment id)} of the notifications `user` has."""
    return set(Notification.objects.filter(recipient=user).values_list("kind", "comment_id"))
