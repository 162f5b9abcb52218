from django.apps import AppConfig


class CoursepackConfig(AppConfig):
    name = "coursepack"
    verbose_name = "Your groups' readings"
