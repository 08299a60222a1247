"""The code verifier's reading and judging, apart from the sandbox: extraction, stdout rules, verdicts, options, CLI."""

from __future__ import annotations

import json

import pytest

from rlvr.errors import ConfigError, TaskError
from rlvr.sandboxes import FakeSandbox, available_backends
from rlvr.types import Task
from rlvr.verifiers.code import CodeVerifier
from rlvr.verifiers.code_extract import extract_program, split_tests
from rlvr.verifiers.code_harness import outputs_match

TASK = Task(id="t", suite="code", prompt="add", meta={"tests": "assert add(1, 2) == 3\nassert add(0, 0) == 0\n"})
F = "```"


@pytest.mark.parametrize("completion,block,expected", [
    (f"{F}python\nA\n{F}\nFinal answer:\n{F}python\nB\n{F}", "auto", "B"),  # the block after the marker wins
    (f"Final answer:\n{F}python\nB\n{F}\nlater:\n{F}python\nC\n{F}", "auto", "B"),  # first block after the marker
    (f"{F}python\nA\n{F}\ntext\n{F}\nB\n{F}", "auto", "B"),  # no marker: the last block
    (f"{F}python\nA\n{F}\n{F}bash\nls\n{F}", "auto", "A"),  # another language's block is skipped
    (f"{F}python\nA\n{F}\n{F}python\nB\n{F}", "first", "A"),
    (f"{F}python\nA\n{F}\n{F}python\nB\n{F}", "last", "B"),
    ("def f():\n    return 1", "auto", "def f():\n    return 1"),  # bare code
    ("Final answer: x = 1", "auto", "x = 1"),  # code written right after the marker
    (f"{F}python\nA\n{F}\nFinal answer: I don't know", "auto", None),  # an abstention grades nothing
    (f"{F}python\nA\n{F}", "final", None),  # final: only code after the marker counts
    ("Final answer (likely):\n~~~py\nB\n~~~", "auto", "B"),  # hedged marker, tilde fence
    (f"Final answer:\n{F}python\ndef f():\n    return 1", "auto", "def f():\n    return 1"),  # unclosed fence (truncated)
])
def test_extraction_table(completion, block, expected):
    assert extract_program(completion, block) == expected


def test_extraction_is_linear_on_hostile_fences():
    assert extract_program("```\n" * 50_000, "auto") == ""  # 25,000 empty blocks, read in one pass
    assert extract_program("x" * 199_000 + "\n```python\nok\n```") == "ok"


def test_split_tests_counts_statements_not_setup():
    units = split_tests("import math\nx = 2\ndef helper():\n    return 1\nassert f(x) == 4\ncheck(f)\nfor i in range(3):\n    assert f(i) >= 0\na = 1; assert a\n")
    assert [c for _, c in units] == [False, False, False, True, True, True, True]
    assert units[-1][0] == "a = 1; assert a"
    with pytest.raises(TaskError, match="no test"):
        split_tests("import os\nx = 1\n")
    with pytest.raises(TaskError, match="not valid Python"):
        split_tests("assert (")


@pytest.mark.parametrize("got,want,compare,ok", [
    ("7\n", "7", "lines", True),  # trailing newline ignored
    ("7   \n\n\n", "7\n", "lines", True),  # trailing spaces and blank lines ignored
    ("1  2\n", "1 2\n", "lines", True),  # runs of spaces inside a line are equal
    ("1\n2\n", "1 2\n", "lines", False),  # line structure matters in lines mode
    ("1\n2\n", "1 2\n", "tokens", True),  # ... but not in tokens mode
    ("0.3333333\n", "0.333333333\n", "lines", True),  # decimal expected: float tolerance
    ("0.34\n", "0.333\n", "lines", False),  # outside the tolerance
    ("3.0\n", "3\n", "lines", False),  # an integer expected token must match exactly
    ("1e3\n", "1000.0\n", "lines", True),
    ("nan\n", "1.5\n", "lines", False),
    ("7\r\n", "7\n", "exact", True),
    ("7 \n", "7\n", "exact", False),
])
def test_stdout_rules(got, want, compare, ok):
    assert outputs_match(got, want, compare, 1e-6) is ok


def _result(stdout: str, status: str = "ok", stderr: str = "", exit_code: int | None = 0):
    return FakeSandbox.result(status, stdout=stdout, stderr=stderr, exit_code=exit_code)


def _scripted(make):
    """A fake sandbox that answers with make(nonce), reading the nonce the verifier put on stdin."""
    return FakeSandbox(lambda job: make(json.loads(job.stdin)["nonce"]))


def test_a_sandbox_fault_is_error_not_fail():
    v = CodeVerifier().use_sandbox(FakeSandbox([]))  # runs out of results: raises SandboxError
    verdict = v.verify(TASK, "def add(a, b):\n    return a + b")
    assert (verdict.status, verdict.score) == ("error", 0.0) and "sandbox" in verdict.reason


def test_a_judge_that_never_started_is_error():
    v = CodeVerifier().use_sandbox(FakeSandbox([_result("", "error", "ImportError: no ctypes", 1)]))
    verdict = v.verify(TASK, "def add(a, b):\n    return a + b")
    assert verdict.status == "error" and "did not start" in verdict.reason


def test_a_judge_stopped_after_starting_is_the_programs_fail():
    v = CodeVerifier().use_sandbox(_scripted(lambda n: _result(f"RLVR-HARNESS {n} started\n", "killed", exit_code=None)))
    assert v.verify(TASK, "def add(a, b):\n    return a + b").status == "fail"


def test_only_the_line_with_this_runs_nonce_counts():
    forged = 'RLVR-RESULT 0123 {"passed": 2, "total": 2, "results": []}\n'
    v = CodeVerifier().use_sandbox(_scripted(lambda n: _result(f"RLVR-HARNESS {n} started\n{forged}", "killed", exit_code=None)))
    assert v.verify(TASK, "def add(a, b):\n    return a + b").status == "fail"


def test_fraction_score_and_judge_fault():
    line = lambda n, p: _result(f"RLVR-HARNESS {n} started\nRLVR-RESULT {n} " + json.dumps({"passed": p, "total": 4, "results": [{"ok": False, "test": "assert x", "reason": "boom"}]}) + "\n")  # noqa: E731
    frac = CodeVerifier(score="fraction").use_sandbox(_scripted(lambda n: line(n, 3)))
    v = frac.verify(TASK, "def add(a, b):\n    return a + b")
    assert (v.status, v.score) == ("fail", 0.75) and "3/4" in v.reason
    allv = CodeVerifier().use_sandbox(_scripted(lambda n: line(n, 3))).verify(TASK, "def add(a, b):\n    return a + b")
    assert (allv.status, allv.score) == ("fail", 0.0)
    broken = CodeVerifier().use_sandbox(_scripted(lambda n: _result(f"RLVR-HARNESS {n} started\nRLVR-RESULT {n} " + json.dumps({"harness_error": "OSError: x"}) + "\n")))
    assert broken.verify(TASK, "def add(a, b):\n    return a + b").status == "error"


def test_the_program_goes_to_the_judge_on_stdin_never_as_a_file():
    sb = FakeSandbox()
    CodeVerifier().use_sandbox(sb).verify(TASK, "def add(a, b):\n    return a + b")
    [job] = sb.jobs
    assert not job.files and "assert add(1, 2) == 3" not in job.program and "assert add(1, 2) == 3" in job.stdin


@pytest.mark.parametrize("completion", ["", "no code here at all", "```python\ndef f(:\n```", None])
def test_unreadable_completions_fail_without_a_sandbox_run(completion):
    sb = FakeSandbox()
    v = CodeVerifier().use_sandbox(sb).verify(TASK, completion)
    assert v.status == "fail" and v.reason and sb.jobs == []


@pytest.mark.parametrize("kwargs", [{"score": "most"}, {"block": "middle"}, {"cpu_s": 0}, {"compare": "fuzzy"}, {"float_tol": -1}])
def test_bad_options_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        CodeVerifier(**kwargs)


@pytest.mark.parametrize("meta", [{}, {"tests": "assert f()", "io": []}, {"io": [{"stdin": 1}]}, {"tests": "x = 1"},
                                  {"tests": "assert f()", "entry_point": "not a name"}])
def test_malformed_tasks_raise_task_error(meta):
    with pytest.raises(TaskError):
        CodeVerifier().use_sandbox(FakeSandbox()).verify(Task(id="bad", suite="code", prompt="p", meta=meta), "x = 1")


def test_entry_point_limits_what_tests_reach():
    backend = available_backends()[0]
    task = Task(id="ep", suite="code", prompt="p", meta={"entry_point": "add", "tests": "assert helper() == 1"})
    v = CodeVerifier(sandbox=backend)
    try:
        verdict = v.verify(task, "def add(a, b):\n    return a + b\ndef helper():\n    return 1\n")
        missing = v.verify(Task(id="ep2", suite="code", prompt="p", meta={"entry_point": ["add", "sub"], "tests": "assert add(1, 1) == 2"}),
                           "def add(a, b):\n    return a + b\n")
    finally:
        v.close()
    assert verdict.status == "fail" and "NameError" in verdict.reason
    assert missing.status == "fail" and "does not define sub" in missing.reason


def test_rlvr_verify_cli_scores_fraction_with_an_option(tmp_path, rlvr_cli):
    task = Task(id="cli", suite="code", prompt="add", meta={"tests": ["assert add(1, 2) == 3", "assert add(2, 2) == 4"]})
    rows = [{"task": task.to_json(), "completion": "Final answer:\n```python\ndef add(a, b):\n    return 3\n```"},
            {"task": task.to_json(), "completion": "Final answer:\n```python\ndef add(a, b):\n    return a + b\n```"}]
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = rlvr_cli("verify", str(infile), "-o", str(out), "-O", "code.score=fraction", "--json")
    assert proc.returncode == 0, proc.stderr
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(v["status"], v["score"]) for v in verdicts] == [("fail", 0.5), ("pass", 1.0)]
    bad = rlvr_cli("verify", str(infile), "-o", str(tmp_path / "x.jsonl"), "-O", "code.score=most")
    assert bad.returncode == 2 and "score='most'" in bad.stderr and not (tmp_path / "x.jsonl").exists()


def test_a_failed_setup_line_is_named_in_the_next_failure():
    task = Task(id="setup", suite="code", prompt="p", meta={"tests": "c = Counter()\nc.inc()\nassert c.value() == 1\n"})
    v = CodeVerifier(sandbox=available_backends()[0])
    try:
        verdict = v.verify(task, "def add(a, b):\n    return a + b\n")
    finally:
        v.close()
    assert verdict.status == "fail" and "setup line `c = Counter()` failed: NameError" in verdict.reason
