from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Readings"

    def ready(self):
        from . import rendered  # noqa: F401 - connects the signals that version the rendered text
