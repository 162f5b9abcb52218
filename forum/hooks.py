"""Seams where apps that stand on the discussion (teaching, notifications) plug into forum.

forum never imports those apps; they register here from their AppConfig.ready(). Each registry
is a plain list, read at request time, so a test can add or remove an entry.

- visibility_rules: callables (user, group) -> Q. A comment is visible to a member only if it
  also passes every rule, unless it is their own or they moderate the group. Comment.visibility_q
  applies them, so every page, count, permalink and the home page's "N new" obey them at once.
  `group` may be an OuterRef; a rule that needs the comment's own group or source uses
  OuterRef("group") / OuterRef("source") inside its subqueries.
- prompt_rules: callables (group) -> Q on sources.Prompt: the reading questions a member of
  `group` may answer (the comment form refuses others).
- reading_decorators: callables (context) called once by the group reading page with its
  context (user, group, membership, source, reading, all_passages, comments), to attach
  attributes to passages, prompts and comments in a constant number of queries.
- prompt_partials, passage_partials, comment_partials, reading_partials: template names the
  reading page includes inside each reading question, under each passage's questions, in each
  comment (after its footer), and above the text.
"""

from django.db.models import Q

visibility_rules = []
prompt_rules = []
reading_decorators = []
prompt_partials = []
passage_partials = []
comment_partials = []
reading_partials = []


def rules_q(rules, *args):
    q = Q()
    for rule in rules:
        q &= rule(*args)
    return q


def decorate_reading(context):
    for decorate in reading_decorators:
        decorate(context)


def partials():
    """The extra templates, for the reading page's context (one dict, looked up per include)."""
    return {
        "prompt": prompt_partials,
        "passage": passage_partials,
        "comment": comment_partials,
        "reading": reading_partials,
    }
