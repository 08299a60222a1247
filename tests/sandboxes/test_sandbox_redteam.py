"""The red-team suite against every backend: each hostile program contained, or honestly not isolated."""

from __future__ import annotations

import pytest

from rlvr.sandboxes.redteam import CASES, run_suite

NAMES = [c.name for c in CASES] + ["pool_survives"]
_outcomes: dict[str, dict] = {}


def _suite(sb) -> dict:
    if sb.name not in _outcomes:
        _outcomes[sb.name] = {o.name: o for o in run_suite(sb)}
    return _outcomes[sb.name]


@pytest.mark.parametrize("case", NAMES)
def test_hostile_program_is_contained(sandbox, case):
    outcome = _suite(sandbox)[case]
    if sandbox.name == "process" and outcome.verdict == "not isolated":
        pytest.skip(f"process backend: {outcome.detail} (it warns so; use bwrap or docker)")
    assert outcome.verdict == "contained", f"{case} on {sandbox.name}: {outcome.detail}"


def test_isolating_backends_run_every_case(pooled):
    assert all(o.verdict != "not isolated" for o in _suite(pooled).values())
