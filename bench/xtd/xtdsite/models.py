"""The commented object: a short reading, its text stored as HTML (the role a blog post plays in
xtd's tutorial)."""

from django.db import models
from django.urls import reverse


class Reading(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    html = models.TextField()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reading", args=[self.slug])
