"""URLs for moderation acts on the site (flags, moderators' inline controls); part of forum:."""

from django.urls import path

from . import moderation_views

urlpatterns = [
    path("comments/<int:pk>/flag/", moderation_views.flag, name="flag"),
    path("comments/<int:pk>/moderate/", moderation_views.moderate, name="moderate"),
]
