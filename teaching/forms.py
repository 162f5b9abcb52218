"""The reading page's "Add a question here" form; the text rules are teaching.questions.clean_text."""

from django import forms

from forum.forms import MAX_ID

from . import questions


class QuestionForm(forms.Form):
    passage = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    text = forms.CharField(
        required=False, strip=False, label="The question (plain text)", widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, group, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.group, self.source = group, source

    def clean_passage(self):
        passage = self.source.passages.filter(pk=self.cleaned_data["passage"]).first()
        if passage is None:
            raise forms.ValidationError("That passage is not part of this reading.")
        return passage

    def clean_text(self):
        return questions.clean_text(self.cleaned_data.get("text"))

    def save(self, author):
        return questions.add(self.group, self.cleaned_data["passage"], author, self.cleaned_data["text"])
