from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Teaching"

    def ready(self):
        # Plug the answer-first gate and the group questions into forum's seams (forum/hooks.py).
        from . import gate, page

        gate.register()
        page.register()
