"""Code loaders: HumanEval, MBPP, stdin/stdout sets and generic JSONL become tasks whose references pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlvr.errors import DataError
from rlvr.sandboxes import available_backends
from rlvr.tasks.code_loaders import CODE_FORMATS, load_code_jsonl, load_humaneval, load_mbpp, load_stdio
from rlvr.verifiers.code import CodeVerifier

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def verifier():
    v = CodeVerifier(sandbox=available_backends()[0], cpu_s=1.0, budget_s=10.0)
    yield v
    v.close()


def test_humaneval_tests_call_check_on_the_entry_point_and_keep_prompt_imports():
    tasks = load_humaneval(DATA / "code_humaneval.jsonl")
    assert [t.id for t in tasks] == ["code-humaneval/HumanEval/0", "code-humaneval/HumanEval/x1"]
    assert tasks[0].meta["tests"].rstrip().endswith("check(has_close_elements)")
    assert tasks[0].meta["prelude"] == "from typing import List"
    assert "prelude" not in tasks[1].meta  # no imports in that prompt


def test_mbpp_prompt_shows_tests_unless_asked_not_to():
    shown, hidden = load_mbpp(DATA / "code_mbpp.jsonl"), load_mbpp(DATA / "code_mbpp.jsonl", show_tests=False)
    assert "assert remove_Occ" in shown[0].prompt and "assert remove_Occ" not in hidden[0].prompt
    assert shown[0].meta["tests"].count("assert") == 3


def test_stdio_reads_apps_codecontests_and_plain_io():
    tasks = load_stdio(DATA / "code_stdio.jsonl")
    assert [len(t.meta["io"]) for t in tasks] == [2, 2, 1]  # APPS pairs, public + private, plain io
    assert tasks[1].meta["io"][1] == {"stdin": "3\n1 1 2\n", "stdout": "1.33\n"}


@pytest.mark.parametrize("fmt,file", [("humaneval", "code_humaneval.jsonl"), ("mbpp", "code_mbpp.jsonl"), ("stdio", "code_stdio.jsonl")])
def test_loaded_references_pass_and_a_wrong_program_fails(verifier, fmt, file):
    tasks = CODE_FORMATS[fmt](DATA / file)
    gold = verifier.verify_batch(tasks, [t.meta["solution"] for t in tasks])
    assert [v.status for v in gold] == ["pass"] * len(tasks), [v.reason for v in gold]
    wrong = verifier.verify_batch(tasks, ["Final answer:\n```python\nprint(0)\ndef f():\n    return 0\n```"] * len(tasks))
    assert [v.status for v in wrong] == ["fail"] * len(tasks)


def test_generic_jsonl_takes_renamed_fields(tmp_path, verifier):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"q": "double", "checks": ["assert double(2) == 4"], "ref": "def double(x):\n    return 2 * x\n"}) + "\n")
    [task] = load_code_jsonl(path, prompt="q", tests="checks", solution="ref")
    assert verifier.verify(task, task.meta["solution"]).status == "pass"


@pytest.mark.parametrize("row,message", [
    ({"prompt": "p", "entry_point": "f"}, "missing field 'test'"),
    ({"prompt": "p", "test": 3, "entry_point": "f"}, "field 'test' must be str"),
])
def test_bad_humaneval_row_names_file_line_and_field(tmp_path, row, message):
    path = tmp_path / "he.jsonl"
    path.write_text(json.dumps({"prompt": "ok", "test": "def check(c):\n    assert c()\n", "entry_point": "f"}) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(DataError, match=rf"he.jsonl:2: .*{message}"):
        load_humaneval(path)


def test_call_based_apps_row_is_refused_with_advice(tmp_path):
    path = tmp_path / "apps.jsonl"
    path.write_text(json.dumps({"question": "q", "input_output": json.dumps({"fn_name": "f", "inputs": [[1]], "outputs": [[2]]})}) + "\n")
    with pytest.raises(DataError, match="call-based .* code-jsonl"):
        load_stdio(path)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_mbpp(tmp_path / "nope.jsonl")
