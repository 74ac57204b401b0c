"""Fixtures for the service tests.

Each test gets a fresh encrypted vault (the root ``vault`` fixture) opened with a
clock fixed at Tuesday 24 November 2026, 18:30 — a group evening — and the
services built on it.  ``tests`` is not a package, so shared values are fixtures
(``today``, ``now``) and builders (``make_group``, ``make_member``) rather than
imports.

November 2026 (Mo..Su): 2 3 4 5 6 7 8 / 9 .. 15 / 16 .. 22 / 23 24 25 .. 29 / 30.
December 2026 starts on a Tuesday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import GroupRecord, MemberRecord
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import weekly_rule
from facilitator.storage.repositories import UnitOfWork
from facilitator.storage.vault import Vault

NOW = dt.datetime(2026, 11, 24, 18, 30)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def today() -> dt.date:
    return NOW.date()


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(NOW)


@pytest.fixture
def opened(vault: Vault, clock: Clock) -> Iterator[OpenVault]:
    with OpenVault(vault, clock=clock) as open_vault:
        yield open_vault


@pytest.fixture
def services(opened: OpenVault) -> Services:
    return opened.services


@pytest.fixture
def offline(clock: Clock) -> Services:
    """Services with no vault behind them, for input that must be refused before
    anything is stored: opening a unit of work fails the test."""

    @contextmanager
    def no_storage() -> Iterator[UnitOfWork]:
        raise AssertionError("storage was used for input that should have been refused")
        yield  # pragma: no cover

    return Services.build(no_storage, clock)


MakeGroup = Callable[..., GroupRecord]
MakeMember = Callable[..., MemberRecord]


@pytest.fixture
def make_group(services: Services) -> MakeGroup:
    """``make_group(name, **draft fields)``: by default a Tuesday group from 3 Nov 2026,
    19:00-20:30 at the community centre."""

    def make(name: str = "Tuesday Circle", **fields: Any) -> GroupRecord:
        values: dict[str, Any] = {
            "schedule_rule": weekly_rule(1),
            "schedule_start": dt.date(2026, 11, 3),
            "start_time": dt.time(19, 0),
            "end_time": dt.time(20, 30),
            "location": "Community centre, room 2",
            "facilitator": "Robin",
        }
        values.update(fields)
        return services.roster.create_group(GroupDraft(name=name, **values))

    return make


@pytest.fixture
def make_member(services: Services) -> MakeMember:
    """``make_member(first_name, group=..., joined_on=..., **draft fields)``."""

    def make(
        first_name: str,
        *,
        group: GroupRecord | None = None,
        joined_on: dt.date | None = None,
        **fields: Any,
    ) -> MemberRecord:
        member = services.roster.add_member(MemberDraft(first_name=first_name, **fields))
        if group is not None:
            services.roster.join_group(member.id, group.id, joined_on)
        return member

    return make
