"""Seams where apps that stand on the discussion (teaching, notifications) plug into forum.

forum never imports those apps; they register here from their AppConfig.ready(). Each registry
is a plain list, read at request time, so a test can add or remove an entry.

- visibility_rules: callables (user, group, reading) -> Q. A comment is visible to a member only
  if it also passes every rule, unless it is their own or they moderate the group.
  Comment.visibility_q applies them, so every page, count, permalink and the home page's "N new"
  obey them at once. `group` may be an OuterRef; a rule that needs the comment's own group or
  source uses OuterRef("group") / OuterRef("source") inside its subqueries. `reading` is the
  GroupReading being shown, or None when the comments may come from several: a rule may use its
  annotations (below) to return a shorter Q, or Q() when the reading makes it moot.
- reading_annotations: callables () -> {name: expression on GroupReading}, added to the query
  that fetches the group reading page's reading, so a rule or decorator knows a reading's
  settings without a query of its own.
- prompt_rules: callables (group) -> Q on sources.Prompt: the reading questions a member of
  `group` may answer (the comment form refuses others).
- reading_decorators: callables (context) called once by the group reading page with its
  context (user, group, membership, source, reading, all_passages, discussion, viewer), to attach
  attributes to passages, prompts and comments in a constant number of queries.
- reading_macros: Jinja2 templates (*.jinja, config/jinja2.py) that may define the macros
  prompt(prompt, passage), passage(passage) and comment(comment), which the reading page calls
  inside each reading question, under each passage's questions and after each comment's footer.
  They see the page's context. Macros, not includes: these run hundreds of times a page.
- reading_partials: Django template names the reading page includes above the text.
"""

from django.db.models import Q

visibility_rules = []
reading_annotations = []
prompt_rules = []
reading_decorators = []
reading_macros = []
reading_partials = []


def rules_q(rules, *args):
    q = Q()
    for rule in rules:
        q &= rule(*args)
    return q


def reading_annotations_for():
    annotations = {}
    for annotate in reading_annotations:
        annotations.update(annotate())
    return annotations


def decorate_reading(context):
    for decorate in reading_decorators:
        decorate(context)


def partials():
    """The extra Django templates, for the reading page's context."""
    return {"reading": reading_partials}
