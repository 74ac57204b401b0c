"""review16: the service fixtures of tests/unit (a vault per test, a clock fixed at
Tuesday 24 November 2026, 18:30), loaded here since ``tests`` is not a package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "review16_unit_conftest", Path(__file__).resolve().parents[1] / "unit" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_unit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_unit)

now = _unit.now
today = _unit.today
clock = _unit.clock
opened = _unit.opened
services = _unit.services
make_group = _unit.make_group
make_member = _unit.make_member
