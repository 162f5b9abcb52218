from django.urls import include, path

from . import views

app_name = "forum"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("", include("forum.moderation_urls")),
]
