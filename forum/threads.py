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

    def threads_for(self, passage_id):
        return self.threads.get(passage_id, [])

    def count_for(self, passage_id):
        return self.counts.get(passage_id, 0)

    def is_loaded(self, passage_id):
        return self.loaded is None or passage_id is None or passage_id in self.loaded

    def attach(self, passages):
        """Give each passage its `threads`, `comment_count` and `discussion_loaded` for the templates."""
        for passage in passages:
            passage.threads = self.threads_for(passage.pk)
            passage.comment_count = self.count_for(passage.pk)
            passage.discussion_loaded = self.is_loaded(passage.pk)


def build(comments, counts=None, loaded=None):
    """Trees from `comments`; `counts` and `loaded` when only part of the discussion was fetched."""
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
    return Discussion(threads=threads, counts=dict(seen) if counts is None else counts, loaded=loaded)
