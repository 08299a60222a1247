"""Sandboxes for the tests: one per backend for the whole module, skipped only when truly unavailable."""

from __future__ import annotations

import pytest

from rlvr.sandboxes import get_sandbox
from rlvr.sandboxes.choose import unavailable_reason

BACKENDS = ["bwrap", "docker", "process"]


def make_sandbox(name: str, **opts):
    why = unavailable_reason(name)
    if why is not None:
        pytest.skip(f"sandbox backend {name} is unavailable on this machine: {why}")
    if name == "process":
        opts.setdefault("warn", False)
    return get_sandbox(name, **opts)


@pytest.fixture
def make():
    """``make(name, **opts)``: a fresh sandbox of backend ``name``, or a skip saying why it is unavailable."""
    return make_sandbox


@pytest.fixture(scope="module", params=BACKENDS)
def sandbox(request):
    """Every available backend, two workers each, closed at the end of the module."""
    sb = make_sandbox(request.param, workers=2)
    yield sb
    sb.close()


@pytest.fixture(scope="module", params=["bwrap", "docker"])
def pooled(request):
    """The warm-pool backends only."""
    sb = make_sandbox(request.param, workers=2)
    yield sb
    sb.close()
