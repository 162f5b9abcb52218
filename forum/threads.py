"""The discussion of one reading as trees, built in Python from one ordered query.

CommentQuerySet.for_reading_page() returns the comments of a group on a source, oldest first,
each marked `is_visible` for the viewer. Here they become one list of threads per passage
(None for the whole source). A comment the viewer may not see is kept, as a placeholder,
only while it has a reply they may see, so the thread still reads.

A short discussion (forum.conf INLINE_COMMENTS) is loaded whole and paged here. A long one is
paged in SQL: place_counts() says how many comments each place has, and how many threads
the places opened have, and only the threads on the pages shown (the whole source's,
and the passage the reader opened) are fetched, through Comment.root. Either way the page
costs the same few queries. Each takes a Viewer (forum.models.comments), which knows whether
the reader moderates the group and which reading they are on: shorter statements.
"""

from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import conf
from .models import Comment, Flag, Viewer

# Margin shading: a passage's count of thoughts falls in one of these bands (heat-1 … heat-4).
HEAT_BANDS = (1, 3, 8, 20)


MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_when(moment):
    """`moment` in the reader's time zone, as "5 Mar 2026, 14:07" (formatted here rather than by
    the date filter: a long page shows hundreds)."""
    local = timezone.localtime(moment)
    return f"{local.day} {MONTHS[local.month]} {local.year}, {local:%H:%M}"


@dataclass(slots=True)
class Node:
    comment: object
    children: list = field(default_factory=list)
    notice: str = ""  # a confirmation shown at this comment (posted, flagged…)
    flagged: bool = False  # the viewer has flagged it
    closing: str = ""  # markup that closes the reply lists this comment ends (see flatten())
    new: bool = False  # written by someone else since the viewer's previous visit (mark_new())
    next_new: str = ""  # the link to the next such comment, in the order written (mark_new())

    @property
    def when(self):
        return local_when(self.comment.created)

    @property
    def iso(self):
        return self.comment.created.isoformat(timespec="seconds")

    @property
    def placeholder(self):
        return not self.comment.is_visible

    def prune(self):
        """Drop invisible leaves bottom-up; True if anything here is still shown."""
        self.children = [child for child in self.children if child.prune()]
        return self.comment.is_visible or bool(self.children)


class Place:
    """One passage as the group reading page shows it: the shared, cached passage (its text
    rendered once per version, sources/rendered.py) and this request's discussion of it.
    Attribute lookups the page does not answer fall through to the passage. Other apps decorate
    the Place (forum.hooks.reading_decorators), never the shared passage: it has its own copies
    of the reading questions, to which they may add or on which they may set attributes."""

    def __init__(self, passage, count, page, loaded, is_open, member):
        self.passage = passage
        self.prompt_list = [copy(prompt) for prompt in passage.prompt_list] if passage.prompt_list else []
        self.count = count
        self.heat = sum(count >= band for band in HEAT_BANDS)
        # The page of threads shown, None when there is nothing to show (most passages).
        self.page = page if loaded and count else None
        self.loaded = loaded
        self.is_open = is_open
        # Footnotes carry no margin control unless they have discussion.
        self.has_side = bool(count) or (member and passage.kind != "footnote")
        self.comments = flatten(page.object_list) if self.page else []

    def __getattr__(self, name):
        return getattr(self.passage, name)


def flatten(roots):
    """The threads as one list in reading order, each node's `closing` set to the markup that
    ends the reply lists it is the last of: the template then renders a whole tree with one loop
    instead of one include per comment, which was most of a comment's cost."""
    flat = []

    def walk(node):
        flat.append(node)
        if not node.children:
            node.closing = "</li>"
            return
        for child in node.children:
            walk(child)
        flat[-1].closing += "</ol></li>"

    for root in roots:
        walk(root)
    for node in flat:
        node.closing = mark_safe(node.closing)  # noqa: S308 - only the literal tags above
    return flat


def one_page(nodes, number, total_threads):
    """A Django Page of `nodes` (already cut to the page) numbered `number` of `total_threads`."""
    return Page(nodes, number, Paginator(range(total_threads), conf.get("THREADS_PER_PAGE")))


def valid_page_number(number, total_threads):
    return Paginator(range(total_threads), conf.get("THREADS_PER_PAGE")).get_page(number).number


@dataclass
class Discussion:
    threads: dict  # passage id (None: whole source) -> list of root Nodes
    counts: dict  # passage id -> number of comments the viewer can see
    loaded: set | None = None  # passage ids whose threads were loaded; None: all of them
    nodes: dict = field(default_factory=dict)  # comment id -> Node
    # For a discussion paged in SQL: place -> (page number loaded, threads in the place).
    paged: dict = field(default_factory=dict)

    def threads_for(self, passage_id):
        return self.threads.get(passage_id, [])

    def page(self, passage_id, number=1):
        """One page of a place's threads, oldest first; a bad or out-of-range number gives a valid page."""
        if passage_id in self.paged:
            loaded_number, total = self.paged[passage_id]
            return one_page(self.threads_for(passage_id), loaded_number, total)
        return Paginator(self.threads_for(passage_id), conf.get("THREADS_PER_PAGE")).get_page(number)

    def count_for(self, passage_id):
        return self.counts.get(passage_id, 0)

    def is_loaded(self, passage_id):
        return self.loaded is None or passage_id in self.loaded

    def places(self, passages, open_passage_id=None, number=1, member=False):
        """A Place for each passage: page `number` of the open passage's threads, the first page of
        the others' (while the whole discussion is loaded). Pages are made only for passages
        with something to show: a Paginator for each of 165 cost more than the rest of a Place."""
        places = []
        for passage in passages:
            count, loaded = self.counts.get(passage.pk, 0), self.is_loaded(passage.pk)
            is_open = passage.pk == open_passage_id
            page = self.page(passage.pk, number if is_open else 1) if count and loaded else None
            places.append(Place(passage, count, page, loaded, is_open, member))
        return places

    def bring_forward(self, comment_id):
        """Show a just-posted comment first among its siblings, right under what it answers (its
        parent, or for a new thread its passage), so the page opens at it with its context above;
        a new thread stays on the page of threads that holds it."""
        node = self.nodes.get(comment_id)
        if node is None:
            return
        parent = self.nodes.get(node.comment.parent_id)
        siblings = parent.children if parent is not None else self.threads.get(node.comment.passage_id, [])
        if node not in siblings:
            return
        index = siblings.index(node)
        per_page = conf.get("THREADS_PER_PAGE") if parent is None else index + 1
        siblings.insert(index - index % per_page, siblings.pop(index))

    def mark(self, comment_ids, **values):
        """Set `values` on the shown nodes of `comment_ids` (the viewer's flags, a confirmation)."""
        for comment_id in comment_ids:
            node = self.nodes.get(comment_id)
            if node is not None:
                for name, value in values.items():
                    setattr(node, name, value)


def build(comments, counts=None, loaded=None, paged=None):
    """Trees from `comments`; `counts`, `loaded` and `paged` when only part of the discussion was fetched."""
    nodes = {}
    roots = defaultdict(list)
    seen = defaultdict(int)
    for comment in comments:
        node = nodes[comment.pk] = Node(comment)
        if comment.is_visible:
            seen[comment.passage_id] += 1
        parent = nodes.get(comment.parent_id)
        # Parents are always older than their replies, so they are already in `nodes`.
        if parent is None:
            roots[comment.passage_id].append(node)
        else:
            parent.children.append(node)
    threads = {}
    for passage_id, trees in roots.items():
        shown = [node for node in trees if node.prune()]
        if shown:
            threads[passage_id] = shown
    counts = dict(seen) if counts is None else counts
    return Discussion(threads=threads, counts=counts, loaded=loaded, nodes=nodes, paged=paged or {})


# ---------- Queries: which threads a page shows, counted and cut in SQL ----------


def _visible(viewer):
    return Q(is_deleted=False) & viewer.visible_q()


def _shown_thread(viewer):
    """A thread's first comment is shown when it, or any reply in its thread, is visible (the
    same rule as Node.prune, which keeps invisible comments only as placeholders above replies)."""
    visible = _visible(viewer)
    replies = Comment.objects.filter(root=OuterRef("pk")).filter(visible)
    return Q(root__isnull=True) & (visible | Q(Exists(replies)))


def place_counts(viewer, source, opened=()):
    """({place: comments the viewer can see} for every place of the reading (a passage id, None
    for the whole source), {place: threads shown to the viewer} for the places in `opened`), in
    one query. Threads are counted only where a page may need them: counting them everywhere
    cost more than the rest of the statement."""
    threads = {
        f"threads_{index}": Count("id", filter=_in_place(place) & _shown_thread(viewer))
        for index, place in enumerate(opened)
    }
    rows = (
        Comment.objects.filter(group=viewer.group, source=source)
        .values("passage_id")
        .annotate(count=Count("id", filter=_visible(viewer)), **threads)
        .order_by()
    )
    counts, thread_counts = {}, dict.fromkeys(opened, 0)
    for row in rows:
        if row["count"]:
            counts[row["passage_id"]] = row["count"]
        for index, place in enumerate(opened):
            thread_counts[place] += row[f"threads_{index}"]
    return counts, thread_counts


def _in_place(passage_id):
    return Q(passage__isnull=True) if passage_id is None else Q(passage_id=passage_id)


def on_pages(viewer, source, pages):
    """The comments of the threads on page `number` of each place in `pages` ({place: number}),
    as for_reading_page() gives them: one query, whatever the length of the discussion."""
    per_page = conf.get("THREADS_PER_PAGE")
    wanted = Q(pk__in=[])
    shown = _shown_thread(viewer)
    for passage_id, number in pages.items():
        start = (number - 1) * per_page
        roots = (
            Comment.objects.filter(group=viewer.group, source=source)
            .filter(_in_place(passage_id), shown)
            .order_by("created", "id")
            .values("pk")[start : start + per_page]
        )
        wanted |= Q(pk__in=roots) | Q(root_id__in=roots)
    # Only the ids: with the group and source too, the engine walked the whole reading's
    # comments instead of looking the threads up by id and root (docs/benchmarks.md).
    return Comment.objects.filter(wanted).shown_to(viewer)


def new_comment_ids(viewer, source, since):
    """Ids of the comments on this reading that others wrote after `since` and the viewer may
    see, oldest first: one query, so the walk reaches those on pages and passages not shown too."""
    comments = Comment.objects.seen_by(viewer).filter(source=source, created__gt=since).exclude(author=viewer.user)
    return list(comments.order_by("created", "pk").values_list("pk", flat=True))


def mark_new(shown, new_ids, since, permalink_prefix):
    """Mark the shown comments among `new_ids` (from new_comment_ids()); `shown` maps a comment id
    on this page to (its Node, the query string that opens its place's page). Each gets `new` and
    `next_new`, the link to the next new comment: here when this page shows it, else its permalink,
    which redirects to its passage and page. Both carry `since`, so plain links walk through them
    all. Returns the link to the first ("" when nothing is new)."""
    stamp = int(since.timestamp())

    def link(pk):
        if pk in shown:
            return f"{shown[pk][1]}&since={stamp}#c-{pk}"
        return f"{permalink_prefix}{pk}/?since={stamp}"

    for index, pk in enumerate(new_ids):
        if pk in shown:
            node = shown[pk][0]
            node.new = True
            node.next_new = link(new_ids[index + 1]) if index + 1 < len(new_ids) else ""
    return link(new_ids[0]) if new_ids else ""


def since_param(value, now=None):
    """The `since` of a "Next new" link (whole seconds since 1970) as a datetime, or None when it is
    missing, malformed or in the future: the links carry it so that walking through the new
    comments without JavaScript (a page load per step) keeps the same starting point."""
    if not value or not value.isdigit() or len(value) > 12:
        return None
    moment = datetime.fromtimestamp(int(value), tz=UTC)
    return moment if moment <= (now or timezone.now()) else None


def flagged_by(user, discussion):
    """Ids of the comments this page shows that `user` has flagged, so each can say so: one
    query by their ids, none when the page shows no comment."""
    shown = [pk for pk, node in discussion.nodes.items() if not node.placeholder]
    if not shown:
        return []
    return Flag.objects.filter(user=user, comment_id__in=shown).values_list("comment_id", flat=True)


def page_number_of(user, comment):
    """The page of its place's threads that shows `comment`: one count of the threads shown
    before its thread, without loading the discussion."""
    root_id = comment.root_id or comment.pk
    started = Subquery(Comment.objects.filter(pk=root_id).values("created")[:1])
    before = (
        Comment.objects.filter(group=comment.group_id, source=comment.source_id)
        .filter(_in_place(comment.passage_id), _shown_thread(Viewer(user, comment.group)))
        .filter(Q(created__lt=started) | Q(created=started, pk__lt=root_id))
        .count()
    )
    return before // conf.get("THREADS_PER_PAGE") + 1


def load(viewer, source, open_passage_id=None, page=None, cpage=None, whole_open=False):
    """The reading's discussion for one page view: all of it while it is short; else the page
    `page` of the open passage's threads and, when the reader opened it (`whole_open`), page
    `cpage` of the whole reading's. Two queries."""
    places = ([None] if whole_open else []) + ([open_passage_id] if open_passage_id else [])
    counts, thread_counts = place_counts(viewer, source, places)
    if sum(counts.values()) <= conf.get("INLINE_COMMENTS"):
        return build(Comment.objects.for_reading_page(viewer, source), counts)
    numbers = {None: cpage, open_passage_id: page}
    pages = {place: valid_page_number(numbers[place], thread_counts[place]) for place in places}
    paged = {place: (number, thread_counts[place]) for place, number in pages.items()}
    comments = on_pages(viewer, source, pages) if pages else []
    return build(comments, counts, set(places), paged)
