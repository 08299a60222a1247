"""Shared test helpers: run the real ``rlvr`` entry point in a subprocess, with a clean registry each time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run_rlvr(*args: str, cwd: Path | None = None, timeout: float = 300, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m rlvr.cli ARGS`` as a user would; returns the completed process (never raises on exit code)."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "rlvr.cli", *args], cwd=cwd or ROOT, capture_output=True, text=True,
                          timeout=timeout, env=full_env)


@pytest.fixture
def rlvr_cli():
    return run_rlvr


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
