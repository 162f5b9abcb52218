"""The discussion of one reading as trees, built in Python from one ordered query.

CommentQuerySet.for_reading_page() returns every comment of a group on a source, oldest first,
each marked `is_visible` for the viewer. Here they become one list of threads per passage
(None for the whole source). A comment the viewer may not see is kept, as a placeholder,
only while it has a reply they may see, so the thread still reads.

A long discussion is loaded one passage at a time (forum.conf INLINE_COMMENTS); the counts
then come from CommentQuerySet.visible_counts() and `loaded` says whose threads are here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator

from . import conf


@dataclass
class Node:
    comment: object
    children: list = field(default_factory=list)

    @property
    def placeholder(self):
        return not self.comment.is_visible

    def prune(self):
        """Drop invisible leaves bottom-up; True if anything here is still shown."""
        self.children = [child for child in self.children if child.prune()]
        return self.comment.is_visible or bool(self.children)


@dataclass
class Discussion:
    threads: dict  # passage id (None: whole source) -> list of root Nodes
    counts: dict  # passage id -> number of comments the viewer can see
    loaded: set | None = None  # passage ids whose threads were loaded; None: all of them
    root_of: dict = field(default_factory=dict)  # comment id -> id of its thread's first comment

    def threads_for(self, passage_id):
        return self.threads.get(passage_id, [])

    def page(self, passage_id, number=1):
        """One page of a place's threads, oldest first; a bad or out-of-range number gives a valid page."""
        return Paginator(self.threads_for(passage_id), conf.get("THREADS_PER_PAGE")).get_page(number)

    def page_number_of(self, comment_id, passage_id):
        """The page of `passage_id`'s threads that shows `comment_id`, or None if it is not shown."""
        root_id = self.root_of.get(comment_id)
        for index, node in enumerate(self.threads_for(passage_id)):
            if node.comment.pk == root_id:
                return index // conf.get("THREADS_PER_PAGE") + 1
        return None

    def count_for(self, passage_id):
        return self.counts.get(passage_id, 0)

    def is_loaded(self, passage_id):
        return self.loaded is None or passage_id is None or passage_id in self.loaded

    def attach(self, passages, open_passage_id=None, number=1):
        """Give each passage its `thread_page` (page `number` for the open passage, else the
        first), `comment_count` and `discussion_loaded` for the templates."""
        for passage in passages:
            passage.thread_page = self.page(passage.pk, number if passage.pk == open_passage_id else 1)
            passage.comment_count = self.count_for(passage.pk)
            passage.discussion_loaded = self.is_loaded(passage.pk)


def build(comments, counts=None, loaded=None):
    """Trees from `comments`; `counts` and `loaded` when only part of the discussion was fetched."""
    nodes = {}
    roots = defaultdict(list)
    seen = defaultdict(int)
    root_of = {}
    for comment in comments:
        node = nodes[comment.pk] = Node(comment)
        if comment.is_visible:
            seen[comment.passage_id] += 1
        parent = nodes.get(comment.parent_id)
        # Parents are always older than their replies, so they are already in `nodes`.
        if parent is None:
            roots[comment.passage_id].append(node)
            root_of[comment.pk] = comment.pk
        else:
            parent.children.append(node)
            root_of[comment.pk] = root_of[parent.comment.pk]
    threads = {}
    for passage_id, trees in roots.items():
        shown = [node for node in trees if node.prune()]
        if shown:
            threads[passage_id] = shown
    counts = dict(seen) if counts is None else counts
    return Discussion(threads=threads, counts=counts, loaded=loaded, root_of=root_of)
