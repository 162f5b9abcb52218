"""Readings: a Source is split into ordered Passages; passages carry Prompts and footnotes."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


@dataclass
class Reading:
    """A source's passages as a page reads them: the text, then the notes (footnotes gathered
    after the text, wherever the source put them). Iterating gives every passage in order."""

    passages: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    everything: list = field(default_factory=list)

    def __iter__(self):
        return iter(self.everything)

    def __len__(self):
        return len(self.everything)

    def __getitem__(self, index):
        return self.everything[index]


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(passage_count=models.Count("passages"))

    def public(self):
        """The readings anyone may read at `/` and `/readings/<slug>/`. Restricted readings are
        served only by the group pages, which decide membership (sources knows nothing of groups)."""
        return self.filter(visibility=Source.Visibility.PUBLIC)

    def free_slug(self, wanted):
        """`wanted` if no source has it, else the first free `wanted-2`, `wanted-3`… (one query)."""
        taken = set(self.filter(slug__startswith=wanted).values_list("slug", flat=True))
        if wanted not in taken:
            return wanted
        number = 2
        while f"{wanted[: 80 - len(str(number)) - 1]}-{number}" in taken:
            number += 1
        return f"{wanted[: 80 - len(str(number)) - 1]}-{number}"

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "public: listed at / and readable by anyone"
        RESTRICTED = "restricted", "restricted: only the groups that read it"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    publication = models.CharField(max_length=200, blank=True)
    # As written in the text ("Apr 5, 2025", "09.01.1997"): partial dates are common.
    date = models.CharField("date as written", max_length=60, blank=True)
    url = models.URLField("original URL", max_length=500, blank=True)
    kind = models.CharField(max_length=40, blank=True, help_text="thread, essay, blog post, supplement…")
    description = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    rights = models.CharField(
        "rights note", max_length=300, blank=True, help_text="Shown with the reading, e.g. “for class use only”."
    )
    # Who brought the reading in from the admin; blank for the shipped readings and imported files.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # What describes a reading, in the order its admin forms show it: the sources admin and the
    # instructors' readings (coursepack) edit the same card.
    DESCRIPTION_FIELDS = [
        "title",
        "slug",
        "author",
        "publication",
        "date",
        "url",
        "kind",
        "description",
        "visibility",
        "rights",
    ]

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=["public", "restricted"]), name="source_visibility_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    def touch(self):
        """Mark the text changed: `updated` is the version its rendered text is cached under
        (sources/rendered.py), so a change to a passage, a prompt or a note reference calls this."""
        self.updated = timezone.now()
        Source.objects.filter(pk=self.pk).update(updated=self.updated)

    def reading(self):
        """A Reading: the passages in order, split into text and notes, each with `prompt_list`
        (the reading's own questions, not any group's) and `backref_list` (the references that
        cite it: a footnote's back-links). Three queries whatever the length. Plain lists rather
        than prefetch_related: on a long reading, building a related manager per passage cost
        more than the queries themselves."""
        passages = list(self.passages.all())
        prompts = defaultdict(list)
        own = Prompt.objects.filter(passage__source=self, group_only=False)
        for prompt in own.order_by("passage_id", "position", "id"):
            prompts[prompt.passage_id].append(prompt)
        backrefs = defaultdict(list)
        for ref in FootnoteReference.objects.filter(source=self).order_by("id"):
            backrefs[ref.note_id].append(ref)
        reading = Reading(everything=passages)
        for passage in passages:
            passage.prompt_list = prompts[passage.pk]
            passage.backref_list = backrefs[passage.pk]
            (reading.notes if passage.kind == Passage.Kind.FOOTNOTE else reading.passages).append(passage)
        return reading


class PassageManager(models.Manager):
    def get_by_natural_key(self, source_slug, anchor):
        return self.get(source__slug=source_slug, anchor=anchor)


class Passage(models.Model):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph"
        HEADING = "heading"
        QUOTE = "quote"
        POST = "post"
        CAPTION = "caption"
        FOOTNOTE = "footnote"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PARAGRAPH)
    # "17" for a numbered post, "5" for footnote 5; blank for plain paragraphs.
    label = models.CharField(max_length=20, blank=True)
    # The passage in the source format's inline syntax (footnote references as [^5]).
    text = models.TextField()
    # Escaped HTML made from text at import, with footnote references as links.
    html = models.TextField(blank=True)
    # Stable within its source across re-imports, so links and discussion keep working.
    anchor = models.SlugField(max_length=40)

    objects = PassageManager()

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="passage_unique_position"),
            models.UniqueConstraint(fields=["source", "anchor"], name="passage_unique_anchor"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["paragraph", "heading", "quote", "post", "caption", "footnote"]),
                name="passage_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.source.slug}#{self.anchor}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (*self.source.natural_key(), self.anchor)

    natural_key.dependencies = ["sources.source"]


class FootnoteReferenceManager(models.Manager):
    def get_by_natural_key(self, source_slug, label):
        return self.get(source__slug=source_slug, label=label)


class FootnoteReference(models.Model):
    """A footnote marker in one passage pointing at the footnote passage that defines it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="footnote_refs")
    label = models.CharField(max_length=20)
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="footnote_refs")
    note = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="backrefs")

    objects = FootnoteReferenceManager()

    class Meta:
        ordering = ["source", "label"]
        constraints = [
            models.UniqueConstraint(fields=["source", "label"], name="footnote_ref_unique_label"),
        ]

    def __str__(self):
        return f"[^{self.label}] in {self.passage}"

    def natural_key(self):
        return (self.source.slug, self.label)

    natural_key.dependencies = ["sources.passage"]


class PromptManager(models.Manager):
    def get_by_natural_key(self, source_slug, anchor, position):
        return self.get(passage__source__slug=source_slug, passage__anchor=anchor, position=position)


class Prompt(models.Model):
    """A reading question the instructor attaches to one passage."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="prompts")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    # A question one group's moderators wrote for their group (another app says which group):
    # the reading's own pages never show it; only that group's discussion does.
    group_only = models.BooleanField(default=False, editable=False)

    objects = PromptManager()

    class Meta:
        ordering = ["passage", "position", "id"]
        constraints = [
            # The position is part of the prompt's natural key, so fixtures can point at it.
            models.UniqueConstraint(fields=["passage", "position"], name="prompt_unique_position"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (*self.passage.natural_key(), self.position)

    natural_key.dependencies = ["sources.passage"]
