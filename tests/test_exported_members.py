"""Each package's ``__all__`` names exist and are unique (httpx's test_exported_members)."""

import importlib
import pkgutil

import pytest

import rlvr

PACKAGES = ["rlvr"] + [f"rlvr.{m.name}" for m in pkgutil.iter_modules(rlvr.__path__) if m.ispkg]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_only_names_that_exist_once(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", [])
    assert len(exported) == len(set(exported)), f"{name}.__all__ has duplicates"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names that do not exist: {missing}"


def test_top_level_exports_the_contract_types():
    assert {"Task", "Verdict", "ExecResult", "Limits", "Suite", "Verifier", "register_suite"} <= set(rlvr.__all__)
