"""Teaching on top of the discussion: group questions and the answer-first switch per group reading.

A group question is a sources.Prompt flagged group_only (so the reading's own pages never show
it) plus a GroupQuestion saying whose it is: which group, who wrote it, where it sits among the
group's questions on that passage, and whether it was retired. Retiring hides the question from
the page and refuses new answers; the answers already written stay in the discussion.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forum.models import Comment, GroupReading, ReadingGroup
from sources.models import Prompt


class GroupQuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)

    def for_reading(self, group, source):
        return self.filter(group=group, prompt__passage__source=source)


class GroupQuestion(models.Model):
    prompt = models.OneToOneField(Prompt, on_delete=models.CASCADE, related_name="group_question")
    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Order among the group's questions on one passage, after the reading's own.
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = GroupQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["group", "prompt__passage__source", "prompt__passage__position", "position", "id"]
        indexes = [models.Index(fields=["group", "retired_at"], name="question_group_active")]

    def __str__(self):
        return self.prompt.text[:80]

    @property
    def text(self):
        return self.prompt.text

    @property
    def passage(self):
        return self.prompt.passage

    @property
    def is_retired(self):
        return self.retired_at is not None


class ReadingSettings(models.Model):
    """What teaching adds to one group reading. A reading without a row has the defaults."""

    reading = models.OneToOneField(GroupReading, on_delete=models.CASCADE, related_name="teaching")
    answer_first = models.BooleanField(
        default=False,
        help_text="Students answer a question before they see classmates' answers to it.",
    )

    class Meta:
        verbose_name_plural = "reading settings"

    def __str__(self):
        return f"{self.reading}: answer first" if self.answer_first else str(self.reading)


class TeachingReading(GroupReading):
    """The group reading as the instructor's admin shows it: settings, questions, report, export."""

    class Meta:
        proxy = True
        verbose_name = "group reading"
        verbose_name_plural = "group readings: questions, report, export"


class CommentQuestion(models.Model):
    """A member's comment marked "I have a question", and the reply that answered it, once marked."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="asked")
    created = models.DateTimeField(default=timezone.now)
    answer = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"question #{self.comment_id}" + (f" answered by #{self.answer_id}" if self.answer_id else "")

    @property
    def is_open(self):
        return self.answer_id is None


class Feedback(models.Model):
    """A moderator's private note on a member's comment: only that member and the group's moderators see it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"feedback on #{self.comment_id} by {self.author}"
