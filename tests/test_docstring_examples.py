"""Every example in a docstring runs and prints what it says (STYLE.md: examples whose output is real)."""

import doctest
import importlib
import pkgutil

import pytest

import rlvr

MODULES = sorted(m.name for m in pkgutil.walk_packages(rlvr.__path__, prefix="rlvr.") if m.name != "rlvr.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} fail; run: python -m doctest -v {module.__file__}"
