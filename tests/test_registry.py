"""The plugin registry: decorators and files register, broken plugins are isolated and named."""

import random

import pytest

from rlvr import registry
from rlvr.errors import PluginError, UnknownNameError
from rlvr.tasks.base import Problem, Suite
from rlvr.types import Task


@pytest.fixture(autouse=True)
def clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "_entries", {})
    monkeypatch.setattr(registry, "_problems", [])
    monkeypatch.setattr(registry, "_loaded_files", set())


def test_local_plugin_file_registers_suite_and_verifier(fixtures_dir):
    problems = registry.load_plugins([fixtures_dir / "local_plugin.py"])
    assert [p for p in problems if "local_plugin" in p.plugin] == []
    suite = registry.get_suite("echo")
    task = suite.generate(1, seed=1)[0]
    verdict = registry.verifier_for(task).verify(task, f"sure. Final answer: {task.answer}")
    assert verdict.status == "pass" and verdict.verifier == "echo"
    entry = next(e for e in registry.entries("suite") if e.name == "echo")
    assert entry.source.startswith("file ") and entry.source.endswith("local_plugin.py")


def test_broken_plugin_file_is_reported_and_does_not_stop_the_others(fixtures_dir):
    problems = registry.load_plugins([fixtures_dir / "broken_plugin.py", fixtures_dir / "local_plugin.py"])
    assert len([p for p in problems if "broken_plugin" in p.plugin]) == 1
    broken = next(p for p in problems if "broken_plugin" in p.plugin)
    assert "broken_plugin.py failed at line" in broken.message and "NameError" in broken.message
    assert "echo" in registry.suite_names()  # the good plugin after it still loaded


def test_unknown_name_lists_known_names_and_broken_plugins(fixtures_dir):
    registry.load_plugins([fixtures_dir / "local_plugin.py", fixtures_dir / "broken_plugin.py"])
    with pytest.raises(UnknownNameError) as e:
        registry.get_suite("ehco")
    msg = str(e.value)
    assert "Did you mean 'echo'?" in msg and "broken_plugin.py" in msg


def test_registering_a_non_suite_or_a_duplicate_name_is_refused(fixtures_dir):
    with pytest.raises(PluginError, match="not a subclass"):
        registry.register_suite(int)

    class NoVerifier(Suite):
        name = "nov"
        families = ("x",)

        def make(self, family, rng, difficulty):  # pragma: no cover - never generated
            raise NotImplementedError

    with pytest.raises(PluginError, match="does not name its verifier"):
        registry.register_suite(NoVerifier)

    registry.load_plugins([fixtures_dir / "local_plugin.py"])

    class Imposter(Suite):
        name = "echo"
        verifier = "echo"
        families = ("x",)

        def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
            return Problem("c", "p", 1, "Final answer: 1")

    with pytest.raises(PluginError, match="already registered"):
        registry.register_suite(Imposter)


def test_missing_plugin_file_is_reported(tmp_path):
    problems = registry.load_plugins([tmp_path / "nope.py"])
    assert any("does not exist" in p.message for p in problems)


def test_verifier_for_prefers_the_task_named_verifier(fixtures_dir):
    registry.load_plugins([fixtures_dir / "local_plugin.py"])
    task = Task(id="t", suite="nonexistent-suite", prompt="p", answer="abc", meta={"verifier": "echo"})
    assert registry.verifier_for(task).name == "echo"
