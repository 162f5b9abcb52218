from django.urls import path

from . import views

app_name = "teaching"
urlpatterns = [
    path("groups/<slug:slug>/readings/<slug:source_slug>/questions/", views.question_add, name="question_add"),
]
