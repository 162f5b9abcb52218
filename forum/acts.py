"""Moderation acts: one function per act, each writing the moderation log, and the one table
(COMMENT_ACTS) of which act applies to a comment in which status.

Views, admin actions and commands all call these, so the log can never miss an act; the desk's
buttons and bulk actions, the site's controls and their template all read the same table.
Permission to act is the caller's business (the admin's scope, the site's views);
these functions enforce what the rules forbid whoever asks, by raising ActionRefused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from .conf import MODERATORS_GROUP
from .models import Comment, Flag, Membership, ModerationAction
from .signals import comment_flagged, comment_status_changed

NOTE_MAX_LENGTH = Flag._meta.get_field("note").max_length
MUTE_REASON_MAX_LENGTH = Membership._meta.get_field("mute_reason").max_length
REASON_MAX_LENGTH = ModerationAction._meta.get_field("reason").max_length


class ActionRefused(Exception):
    """An act the rules do not allow; str(exc) is the message to show the member."""


def log(group, action, *, actor=None, comment=None, member=None, reason="") -> ModerationAction:
    return ModerationAction.objects.create(
        group=group, action=action, actor=actor, comment=comment, member=member, reason=reason[:REASON_MAX_LENGTH]
    )


def _set_status(comment, status, action, actor, reason):
    """Move a comment to `status`; a moderator's act also closes the comment's open flags."""
    with transaction.atomic():
        closed = 0
        if actor is not None:
            closed = Flag.objects.filter(comment=comment, resolved=False).update(resolved=True)
        if comment.status == status and not closed:
            raise ActionRefused(f"Comment #{comment.pk} is already {comment.get_status_display().lower()}.")
        old_status = comment.status
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
        log(comment.group, action, actor=actor, comment=comment, member=comment.author, reason=reason)
        if old_status != status:
            transaction.on_commit(
                lambda: comment_status_changed.send(
                    sender=Comment,
                    comment=comment,
                    old_status=old_status,
                    new_status=status,
                    actor=actor,
                    reason=reason,
                )
            )


def hold(comment: Comment, reason: str) -> None:
    """Automatic: a rule held a new comment for review."""
    _set_status(comment, Comment.Status.PENDING, ModerationAction.Action.HOLD, None, reason)


def approve(comment: Comment, actor: AbstractBaseUser, reason: str = "") -> None:
    """Publish a held comment, or keep a flagged one up and dismiss its flags."""
    _set_status(comment, Comment.Status.APPROVED, ModerationAction.Action.APPROVE, actor, reason)


def hide(comment: Comment, actor: AbstractBaseUser, reason: str = "") -> None:
    _set_status(comment, Comment.Status.HIDDEN, ModerationAction.Action.HIDE, actor, reason)


def remove(comment: Comment, actor: AbstractBaseUser, reason: str = "") -> None:
    """Remove as spam or abuse: stronger than hide, and the queue does not offer it back."""
    _set_status(comment, Comment.Status.REMOVED, ModerationAction.Action.REMOVE, actor, reason)


def restore(comment: Comment, actor: AbstractBaseUser, reason: str = "") -> None:
    """Put a hidden or removed comment back up."""
    if comment.status not in (Comment.Status.HIDDEN, Comment.Status.REMOVED):
        raise ActionRefused(f"Comment #{comment.pk} is not hidden or removed; nothing to restore.")
    _set_status(comment, Comment.Status.APPROVED, ModerationAction.Action.RESTORE, actor, reason)


def flag(comment: Comment, user: AbstractBaseUser, reason: str, note: str = "") -> Flag:
    """A member flags someone else's comment; enough distinct open flags hide it pending review.

    Returns the Flag. Refuses (ActionRefused) flagging one's own comment, flagging twice,
    flagging while muted or from outside the group, and comments that are not up.
    """
    note = note.strip()
    if reason not in Flag.Reason.values:
        raise ActionRefused("Choose a reason for flagging: spam, abuse, off-topic or other.")
    if reason == Flag.Reason.OTHER and not note:
        raise ActionRefused("Say in the note what is wrong with the comment.")
    if len(note) > NOTE_MAX_LENGTH:
        raise ActionRefused(f"Keep the note under {NOTE_MAX_LENGTH} characters (it has {len(note)}).")
    if comment.author_id == user.pk:
        raise ActionRefused("You cannot flag your own comment.")
    membership = Membership.objects.select_related("group").of(user, comment.group_id)
    if membership is None:
        raise ActionRefused("Only members of this group can flag its comments.")
    if membership.muted_now():
        raise ActionRefused(membership.mute_message())
    with transaction.atomic():
        # Lock the comment so two last flags arriving together hide it once.
        locked = Comment.objects.select_for_update().select_related("group", "author").get(pk=comment.pk)
        if locked.is_deleted or locked.status != Comment.Status.APPROVED:
            raise ActionRefused("This comment is not up any more; there is nothing to flag.")
        if Flag.objects.filter(comment=locked, user=user).exists():
            raise ActionRefused("You have already flagged this comment; a moderator will look at it.")
        try:
            with transaction.atomic():
                new_flag = Flag.objects.create(comment=locked, user=user, reason=reason, note=note)
        except IntegrityError:
            raise ActionRefused("You have already flagged this comment; a moderator will look at it.") from None
        log(
            locked.group,
            ModerationAction.Action.FLAG,
            actor=user,
            comment=locked,
            member=locked.author,
            reason=f"{reason}: {note}" if note else reason,
        )
        open_flags = list(Flag.objects.filter(comment=locked, resolved=False).values_list("reason", flat=True))
        if len(open_flags) >= locked.group.flag_threshold:
            reasons = ", ".join(sorted(set(open_flags)))
            _set_status(
                locked,
                Comment.Status.HIDDEN,
                ModerationAction.Action.AUTO_HIDE,
                None,
                f"hidden pending review: {len(open_flags)} flags ({reasons})",
            )
        transaction.on_commit(lambda: comment_flagged.send(sender=Flag, flag=new_flag))
    comment.status = locked.status
    return new_flag


def mute(membership: Membership, actor: AbstractBaseUser, until: datetime | None = None, reason: str = "") -> None:
    """Mute a member in their group until `until` (None: until unmuted)."""
    now = timezone.now()
    reason = reason.strip()
    if membership.user_id == getattr(actor, "pk", None):
        raise ActionRefused("You cannot mute yourself.")
    if membership.role == Membership.Role.MODERATOR:
        raise ActionRefused(f"{membership.user} is a moderator of {membership.group}; make them a student first.")
    if until is not None and until <= now:
        raise ActionRefused("The end of a mute must be in the future.")
    if len(reason) > MUTE_REASON_MAX_LENGTH:
        raise ActionRefused(f"Keep the reason under {MUTE_REASON_MAX_LENGTH} characters.")
    with transaction.atomic():
        membership.is_muted = True
        membership.muted_until = until
        membership.mute_reason = reason
        membership.save(update_fields=["is_muted", "muted_until", "mute_reason"])
        span = "until " + date_format(timezone.localtime(until), "j M Y, H:i") if until else "indefinitely"
        log(
            membership.group,
            ModerationAction.Action.MUTE,
            actor=actor,
            member=membership.user,
            reason=f"{span}: {reason}" if reason else span,
        )


def unmute(membership: Membership, actor: AbstractBaseUser, reason: str = "") -> None:
    if not membership.muted_now():
        raise ActionRefused(f"{membership.user} is not muted in {membership.group}.")
    with transaction.atomic():
        membership.is_muted = False
        membership.muted_until = None
        membership.mute_reason = ""
        membership.save(update_fields=["is_muted", "muted_until", "mute_reason"])
        log(membership.group, ModerationAction.Action.UNMUTE, actor=actor, member=membership.user, reason=reason)


def set_role(membership: Membership, actor: AbstractBaseUser, role: str, reason: str = "") -> None:
    """Make a member a student or a moderator of their group.

    A new moderator also gets what the desk needs (staff status and the Moderators permission
    group); a former moderator keeps them only while they still moderate another group
    (take_desk_access_if_done).
    """
    if role not in Membership.Role.values:
        raise ActionRefused(f"Unknown role {role!r}.")
    if membership.role == role:
        raise ActionRefused(f"{membership.user} is already a {role} in {membership.group}.")
    if membership.user_id == getattr(actor, "pk", None):
        raise ActionRefused("You cannot change your own role.")
    previous = membership.role
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        user = membership.user
        if role == Membership.Role.MODERATOR:
            give_desk_access(user)
        else:
            take_desk_access_if_done(user)
        change = f"{previous} → {role}"
        log(
            membership.group,
            ModerationAction.Action.ROLE,
            actor=actor,
            member=user,
            reason=f"{change}: {reason}" if reason else change,
        )


def give_desk_access(user: AbstractBaseUser) -> None:
    """Let a group's moderator into the admin desk: staff status and the Moderators permissions."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))


def take_desk_access_if_done(user: AbstractBaseUser) -> None:
    """A former moderator who moderates no group any more leaves the desk: the Moderators
    permission group and staff status go. Superusers keep their staff status."""
    if Membership.objects.filter(user=user).moderators().exists():
        return
    user.groups.remove(*Group.objects.filter(name=MODERATORS_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def membership_deleted(sender, instance: Membership, **kwargs) -> None:
    """A moderator removed from a group (membership deleted) is treated like one made a student."""
    if instance.role == Membership.Role.MODERATOR:
        user = get_user_model().objects.filter(pk=instance.user_id).first()
        if user is not None:  # None: the user themselves is being deleted
            take_desk_access_if_done(user)


# --- Which act applies to which comment ------------------------------------------------------------

Status = Comment.Status


@dataclass(frozen=True)
class CommentAct:
    """One act on a comment as the desk and the site offer it."""

    name: str
    label: str
    perform: Callable[[Comment, AbstractBaseUser, str], None]
    # The statuses the act applies to; `when_flagged`: also to an approved comment with open flags.
    statuses: frozenset[str]
    when_flagged: bool = False
    # Offered under the comment on the reading page too (the desk offers every act).
    on_site: bool = False
    suggested_reason: str = ""
    done: str = ""

    def applies(self, comment: Comment, open_flags: int = 0) -> bool:
        return comment.status in self.statuses or bool(self.when_flagged and open_flags)


COMMENT_ACTS: tuple[CommentAct, ...] = (
    CommentAct(
        "approve",
        "Approve",
        approve,
        frozenset({Status.PENDING}),
        when_flagged=True,
        on_site=True,
        done="Comment approved.",
    ),
    CommentAct(
        "hide", "Hide", hide, frozenset({Status.PENDING, Status.APPROVED}), on_site=True, done="Comment hidden."
    ),
    CommentAct(
        "remove",
        "Remove as spam",
        remove,
        frozenset({Status.PENDING, Status.APPROVED, Status.HIDDEN}),
        suggested_reason="spam",
        done="Comment removed.",
    ),
    CommentAct(
        "restore",
        "Restore",
        restore,
        frozenset({Status.HIDDEN, Status.REMOVED}),
        on_site=True,
        done="Comment restored.",
    ),
)
COMMENT_ACTS_BY_NAME = {act.name: act for act in COMMENT_ACTS}


def acts_for(comment: Comment, *, open_flags: int = 0, on_site: bool = False) -> list[CommentAct]:
    """The acts that apply to `comment` now, in the table's order; only the site's when `on_site`."""
    return [act for act in COMMENT_ACTS if act.applies(comment, open_flags) and (act.on_site or not on_site)]
