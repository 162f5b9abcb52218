"""Who belongs to a group and who moderates it: asked one way, on Membership and ReadingGroup."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum.models import Membership, ReadingGroup
from tests.factories import make_group, make_member, make_moderator, make_user

pytestmark = pytest.mark.django_db


def test_of_finds_a_members_membership_and_none_for_others():
    group = make_group()
    member = make_member(group)
    assert Membership.objects.of(member.user, group) == member
    assert Membership.objects.of(member.user, group.pk) == member
    assert Membership.objects.of(make_user(), group) is None
    assert Membership.objects.of(AnonymousUser(), group) is None


def test_moderating_is_true_only_for_the_groups_moderators():
    group, other = make_group(), make_group()
    moderator = make_moderator(group)
    assert Membership.objects.moderating(moderator, group).exists()
    assert not Membership.objects.moderating(moderator, other).exists()
    assert not Membership.objects.moderating(make_member(group).user, group).exists()
    assert not Membership.objects.moderating(AnonymousUser(), group).exists()


def test_a_superuser_moderates_only_where_they_are_a_moderator():
    group = make_group()
    boss = make_user(is_superuser=True, is_staff=True)
    make_member(group, boss)
    assert not Membership.objects.moderating(boss, group).exists()
    assert list(ReadingGroup.objects.moderated_by(boss)) == []


def test_moderated_by_lists_a_moderators_groups_once_each():
    ours, theirs, third = make_group(), make_group(), make_group()
    moderator = make_moderator(ours)
    Membership.objects.create(user=moderator, group=theirs, role=Membership.Role.MODERATOR)
    make_member(third, moderator)
    make_moderator(third)
    assert set(ReadingGroup.objects.moderated_by(moderator)) == {ours, theirs}
    assert list(ReadingGroup.objects.moderated_by(AnonymousUser())) == []


def test_an_inactive_moderator_moderates_nothing():
    group = make_group()
    moderator = make_moderator(group)
    moderator.is_active = False
    assert list(ReadingGroup.objects.moderated_by(moderator)) == []
    assert not Membership.objects.moderating(moderator, group).exists()


def test_moderators_and_muted_are_filters_on_memberships():
    group = make_group()
    moderator = Membership.objects.get(user=make_moderator(group))
    muted = make_member(group, is_muted=True)
    lapsed = make_member(group, is_muted=True, muted_until=timezone.now() - timedelta(minutes=1))
    make_member(group)
    assert list(Membership.objects.filter(group=group).moderators()) == [moderator]
    assert list(Membership.objects.filter(group=group).muted()) == [muted]
    assert lapsed not in Membership.objects.muted()
