from django.urls import include, path

from . import views

app_name = "forum"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("join/<str:code>/", views.join, name="join"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/readings/<slug:source_slug>/", views.reading_page, name="reading"),
    path("groups/<slug:slug>/readings/<slug:source_slug>/comment/", views.comment_new, name="comment_new"),
    path("groups/<slug:slug>/comments/<int:pk>/", views.comment_permalink, name="comment"),
    path("groups/<slug:slug>/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("groups/<slug:slug>/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("groups/<slug:slug>/comments/<int:pk>/flag/", views.comment_flag, name="comment_flag"),
    path("", include("forum.moderation_urls")),
]
