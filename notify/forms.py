"""The email preferences form: one choice per kind of notification."""

from django import forms

from .models import DIGEST_ONLY, MODERATOR_KINDS, Delivery, Kind, Preference


class PreferencesForm(forms.Form):
    """Built with the member's current deliveries ({kind: delivery}); an invalid POST saves nothing.
    The moderators' kinds are offered only to members who moderate a group."""

    def __init__(self, *args, user, current, moderates, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind in Kind:
            if kind in MODERATOR_KINDS and not moderates:
                continue
            choices = Delivery.choices
            if kind in DIGEST_ONLY:
                choices = [choice for choice in choices if choice[0] != Delivery.IMMEDIATELY]
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=choices, initial=current[kind.value], widget=forms.RadioSelect
            )

    def save(self):
        Preference.objects.set_all(self.user, dict(self.cleaned_data))
