"""A real third-party plugin package, pip-installed into the venv, is listed and used; its broken entry is isolated."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory):
    # build from a copy: setuptools writes build/ and *.egg-info into the folder it builds
    src = shutil.copytree(FIXTURES / "plugin_pkg", tmp_path_factory.mktemp("plugin") / "plugin_pkg",
                          ignore=shutil.ignore_patterns("build", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--no-deps", "--no-build-isolation", str(src)], check=True,
                   capture_output=True, timeout=300)
    yield
    subprocess.run([*pip, "uninstall", "-y", "rlvr-fixture-plugin"], check=True, capture_output=True, timeout=120)


def test_installed_plugin_is_listed_with_its_source_and_broken_entry(installed_plugin, rlvr_cli):
    r = rlvr_cli("plugins", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    names = {(p["kind"], p["name"]): p for p in data["plugins"]}
    assert names[("suite", "countdown")]["source"].startswith("entry point countdown (rlvr-fixture-plugin)")
    assert names[("verifier", "countdown")]["status"] == "ok"
    broken = [b for b in data["broken"] if b["plugin"] == "rlvr-fixture-plugin:broken"]
    assert len(broken) == 1 and "ImportError" in broken[0]["error"]


def test_installed_plugin_is_used_by_generate_and_verify(installed_plugin, rlvr_cli, tmp_path):
    tasks_file = tmp_path / "t.jsonl"
    r = rlvr_cli("tasks", "generate", "--suite", "countdown", "-n", "3", "--difficulty", "2", "-o", str(tasks_file))
    assert r.returncode == 0, r.stderr
    assert "plugin rlvr-fixture-plugin:broken not loaded" in r.stderr  # warned once, work still done
    tasks = [json.loads(x) for x in tasks_file.read_text().splitlines()]
    infile = tmp_path / "in.jsonl"
    infile.write_text("".join(json.dumps({"task": t, "completion": f"Final answer: {t['answer']}"}) + "\n" for t in tasks))
    r = rlvr_cli("verify", str(infile), "-o", str(tmp_path / "out.jsonl"), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"]["pass"] == 3
