"""The demo vault: deterministic for a seed, loads into a vault, refuses a non-empty one."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import OpenVault
from facilitator.errors import InvalidInput
from facilitator.services.demo import build_demo, populate_demo
from facilitator.storage.vault import Vault

TODAY = dt.date(2026, 11, 24)


def test_same_seed_same_data_other_seed_other_people() -> None:
    a = build_demo("small", seed=7, today=TODAY)
    b = build_demo("small", seed=7, today=TODAY)
    c = build_demo("small", seed=8, today=TODAY)
    assert a == b
    assert a.members != c.members


def test_small_demo_loads_and_gives_a_lively_today(vault: Vault) -> None:
    summary = populate_demo(vault, scale="small", seed=0, today=TODAY)
    opened = OpenVault(vault)
    s = opened.services
    groups = s.roster.groups(include_archived=True)
    assert len(groups) == summary.groups >= 5
    assert len(s.roster.members()) == summary.members >= 100
    assert s.notes.search("housing")
    vault.check()


def test_demo_refuses_a_vault_that_already_has_data(vault: Vault) -> None:
    populate_demo(vault, scale="small", seed=0, today=TODAY)
    with pytest.raises(InvalidInput):
        populate_demo(vault, scale="small", seed=1, today=TODAY)


def test_unknown_scale_is_invalid_input(vault: Vault) -> None:
    with pytest.raises(InvalidInput):
        populate_demo(vault, scale="huge", seed=0, today=TODAY)
