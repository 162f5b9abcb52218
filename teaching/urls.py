from django.urls import path

from . import views

app_name = "teaching"
urlpatterns = [
    path("groups/<slug:slug>/readings/<slug:source_slug>/questions/", views.question_add, name="question_add"),
    path("groups/<slug:slug>/comments/<int:pk>/ask/", views.ask, name="ask"),
    path("groups/<slug:slug>/comments/<int:pk>/mark-answer/", views.mark_answer, name="mark_answer"),
    path("groups/<slug:slug>/comments/<int:pk>/feedback/", views.feedback, name="feedback"),
]
