"""Forms for comments, the display name and allauth's signup.

The comment form checks everything a hostile or stale POST could get wrong (a passage of another
source, a prompt of another passage, a reply to a comment elsewhere or gone). It only validates:
posting, the rules and the holds are forum.posting's.
"""

from django import forms

from sources.models import Prompt

from . import conf, hooks
from .models import Comment, Profile
from .sanitize import clean_line, strip_control_chars
from .timezones import TimeZoneField

MAX_ID = 2**63 - 1


def check_body(value):
    value = strip_control_chars(value or "")
    if not value.strip():
        raise forms.ValidationError("Write something before posting: the comment is empty.")
    limit = conf.get("BODY_MAX_LENGTH")
    if len(value) > limit:
        raise forms.ValidationError(
            f"A comment can be at most {limit:,} characters long; this one has {len(value):,}. "
            "Shorten it and post again."
        )
    return value


class BodyField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        # Empty and whitespace-only bodies get check_body's message, not Django's "required".
        super().__init__(required=False, strip=False, label="Your comment (Markdown)", **kwargs)

    def to_python(self, value):
        # Controls go before validation, so a stray NUL is dropped rather than refused.
        return strip_control_chars(super().to_python(value))

    def clean(self, value):
        return check_body(super().clean(value))


class MuteCheckMixin:
    def check_not_muted(self):
        message = self.membership.mute_message() if self.membership else ""
        if message:
            raise forms.ValidationError(message)


class CommentForm(MuteCheckMixin, forms.Form):
    """A new comment on a reading in a group: on a passage, on the whole source, answering a
    prompt, or replying to another comment. Built with the viewer's membership."""

    body = BodyField()
    # Bounded so a forged id fails validation instead of overflowing the database integer.
    passage = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    prompt = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def __init__(self, *args, user, membership, group, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.membership, self.group, self.source = user, membership, group, source

    @property
    def body_limit(self) -> str:
        """The body's length limit as the help text shows it ("5,000"), from forum.conf."""
        return f"{conf.get('BODY_MAX_LENGTH'):,}"

    def find_passage(self, pk):
        return self.source.passages.filter(pk=pk).first()

    def find_prompt(self, pk):
        prompts = Prompt.objects.filter(pk=pk, passage__source=self.source).filter(
            hooks.rules_q(hooks.prompt_rules, self.group)
        )
        return prompts.select_related("passage").first()

    def find_parent(self, pk):
        comments = Comment.objects.visible_to(self.user, self.group).filter(pk=pk, source=self.source)
        return comments.select_related("author__profile").first()

    def clean_passage(self):
        pk = self.cleaned_data.get("passage")
        if pk is not None and (passage := self.find_passage(pk)) is None:
            raise forms.ValidationError("That passage is not part of this reading.")
        return None if pk is None else passage

    def clean_prompt(self):
        pk = self.cleaned_data.get("prompt")
        if pk is not None and (prompt := self.find_prompt(pk)) is None:
            raise forms.ValidationError("That reading question is not part of this reading.")
        return None if pk is None else prompt

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is not None and (parent := self.find_parent(pk)) is None:
            raise forms.ValidationError(
                "The comment you are replying to is not here any more (deleted, or not in this reading)."
            )
        return None if pk is None else parent

    def target(self):
        """What this form answers, for the heading of the form page: {"parent"|"prompt"|"passage": obj}."""
        finders = {"parent": self.find_parent, "prompt": self.find_prompt, "passage": self.find_passage}
        values = self.data if self.is_bound else self.initial
        found = {}
        for name, find in finders.items():
            try:
                pk = int(values.get(name) or 0)
            except (TypeError, ValueError):
                continue
            if pk and (obj := find(pk)) is not None:
                found[name] = obj
        if "prompt" in found and "passage" not in found:
            found["passage"] = found["prompt"].passage
        if "parent" in found and found["parent"].passage_id and "passage" not in found:
            found["passage"] = self.find_passage(found["parent"].passage_id)
        return found

    def clean(self):
        self.check_not_muted()
        data = super().clean()
        passage, prompt, parent = data.get("passage"), data.get("prompt"), data.get("parent")
        if self.errors:
            return data
        if prompt is not None:
            if passage is None:
                data["passage"] = passage = prompt.passage
            elif prompt.passage_id != passage.pk:
                raise forms.ValidationError("That reading question belongs to another passage.")
        if parent is not None:
            if passage is not None and passage.pk != parent.passage_id:
                raise forms.ValidationError("A reply goes in the same place as the comment it answers.")
            if prompt is not None:
                raise forms.ValidationError("A reply answers a comment, not a reading question.")
        return data


class EditCommentForm(MuteCheckMixin, forms.Form):
    body = BodyField()

    def __init__(self, *args, comment, membership, **kwargs):
        kwargs.setdefault("initial", {"body": comment.body})
        super().__init__(*args, **kwargs)
        self.comment, self.membership = comment, membership

    def clean(self):
        self.check_not_muted()
        return super().clean()


def check_display_name(value):
    value = clean_line(value or "")
    if not value:
        raise forms.ValidationError("Choose a display name: it is shown on your comments.")
    limit = conf.get("DISPLAY_NAME_MAX_LENGTH")
    if len(value) > limit:
        raise forms.ValidationError(f"A display name can be at most {limit} characters long.")
    return value


class DisplayNameField(forms.CharField):
    """The browser's maxlength is the rule itself, so the form never lets a reader type past what is refused."""

    def __init__(self, **kwargs):
        limit = conf.get("DISPLAY_NAME_MAX_LENGTH")
        super().__init__(
            required=False,
            label="Display name",
            help_text="Shown on your comments.",
            max_length=limit,
            error_messages={"max_length": f"A display name can be at most {limit} characters long."},
            **kwargs,
        )

    def to_python(self, value):
        return clean_line(super().to_python(value))

    def clean(self, value):
        return check_display_name(super().clean(value))


class SignupForm(forms.Form):
    """Extra field on allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = DisplayNameField()

    def signup(self, request, user):
        Profile.objects.update_or_create(user=user, defaults={"display_name": self.cleaned_data["display_name"]})


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()
    time_zone = TimeZoneField()

    class Meta:
        model = Profile
        fields = ["display_name", "time_zone"]
