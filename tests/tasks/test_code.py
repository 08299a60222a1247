"""The code suite's generators: every template yields runnable tasks, tests come from the reference, the knobs work."""

from __future__ import annotations

import pytest

from rlvr.protocol import FINAL
from rlvr.sandboxes import available_backends
from rlvr.tasks.code import CodeSuite, _load
from rlvr.tasks.code_programs import CLASSES, STDIO
from rlvr.tasks.code_templates import TEMPLATES
from rlvr.verifiers.code import CodeVerifier
from rlvr.verifiers.code_extract import extract_program

SUITE = CodeSuite()


def _one_per_template() -> list:
    """For every template, the first generated task that uses it (searching seeds at its lowest difficulty)."""
    wanted = {**{n: (t.family, t.min_difficulty) for n, t in TEMPLATES.items()},
              **{n: ("stdio", t.min_difficulty) for n, t in STDIO.items()},
              **{n: ("classes", t.min_difficulty) for n, t in CLASSES.items()}}
    found = {}
    for name, (family, d) in wanted.items():
        for seed in range(60):
            for split in ("train", "heldout"):  # a template without parameters is one spec, in one split
                for task in SUITE.generate(3, seed=seed, difficulty=d, families=[family], split=split):
                    found.setdefault(task.meta["template"], task)
            if name in found:
                break
    return [found.get(name) or pytest.fail(f"template {name} never generated") for name in wanted]


def test_every_template_makes_a_task_its_reference_passes_in_the_sandbox():
    tasks = _one_per_template()
    assert len(tasks) == len(TEMPLATES) + len(STDIO) + len(CLASSES) >= 45
    verifier = CodeVerifier(sandbox=available_backends()[0])
    try:
        verdicts = verifier.verify_batch(tasks, [t.meta["solution"] for t in tasks])
    finally:
        verifier.close()
    bad = [(t.meta["template"], v.reason) for t, v in zip(tasks, verdicts) if v.status != "pass"]
    assert bad == []


def test_expected_values_are_what_the_reference_returns():
    for task in SUITE.generate(12, seed=4, difficulty=3, families=["lists", "strings", "numbers", "dicts", "recursion", "algorithms"]):
        fn = _load(task.answer, task.meta["entry_point"])
        for test in task.meta["tests"]:  # our own reference and our own asserts: trusted, safe to run here
            exec(test, {task.meta["entry_point"]: fn})


def test_stdio_expected_output_is_the_reference_programs_output():
    for task in SUITE.generate(6, seed=2, difficulty=2, families=["stdio"]):
        solve = _load(task.answer.split("sys.stdout.write")[0], "solve")
        assert all(solve(case["stdin"]) == case["stdout"] for case in task.meta["io"])


def test_worked_solution_is_the_reference_after_the_final_answer_marker():
    for task in SUITE.generate(8, seed=9, difficulty=2):
        solution = task.meta["solution"]
        assert FINAL in solution and extract_program(solution).strip() == task.answer.strip()


def test_function_prompts_are_a_def_stub_with_a_docstring_that_parses():
    import ast

    for task in SUITE.generate(24, seed=6, difficulty=4, families=["lists", "strings", "numbers", "dicts", "recursion", "algorithms"]):
        stub = extract_program(task.prompt.split("Give the complete code")[0], "last")
        fn = ast.parse(stub + "\n    pass\n").body[0]
        doc = ast.get_docstring(fn)
        assert fn.name == task.meta["entry_point"] and doc and doc.split()[0] not in (">>>",), task.prompt
        if "abs(" not in task.meta["tests"][0]:  # exact results: the first tests are shown as doctest examples
            assert f">>> {task.meta['tests'][0][len('assert '):].split(' == ')[0]}" in doc


def test_edge_cases_are_always_tested():
    task = SUITE.generate(1, seed=0, difficulty=1, families=["lists"])[0]
    first_args = task.meta["tests"][0]
    assert "([])" in first_args or "('')" in first_args or "(0" in first_args or "({})" in first_args


def test_difficulty_adds_tests_and_widens_inputs():
    easy = SUITE.generate(20, seed=1, difficulty=1, families=["lists"])
    hard = SUITE.generate(20, seed=1, difficulty=5, families=["lists"])
    count = lambda ts: sum(len(t.meta["tests"]) for t in ts) / len(ts)  # noqa: E731
    assert count(hard) > count(easy) + 4
    biggest = lambda ts: max(len(t.meta["tests"][-1]) for t in ts)  # noqa: E731
    assert biggest(hard) > biggest(easy)
    assert not any(t.meta["template"] in ("lis_length", "edit_distance", "coin_ways", "topo_order") for t in easy)


def test_hard_strings_bring_non_ascii_text():
    tasks = SUITE.generate(30, seed=3, difficulty=4, families=["strings"])
    assert any(any(ord(c) > 127 for c in "".join(t.meta["tests"])) for t in tasks)


def test_a_spec_never_lands_in_both_splits_whatever_the_difficulty():
    train = {t.meta["problem_hash"] for d in (1, 3, 5) for t in SUITE.generate(60, seed=5, difficulty=d)}
    held = {t.meta["problem_hash"] for d in (1, 3, 5) for t in SUITE.generate(20, seed=5, difficulty=d, split="heldout")}
    assert train.isdisjoint(held)


def test_every_family_is_generated():
    tasks = SUITE.generate(16, seed=0, difficulty=2)
    assert {t.meta["generator"] for t in tasks} == set(SUITE.families)


def test_template_parameters_change_the_problem():
    t = TEMPLATES["keep_multiples"]
    a, b = t.render({"k": 3}), t.render({"k": 7})
    assert a != b and "% 3" in a[0] and "% 7" in b[0] and "3" in a[1]


def test_generate_then_verify_through_the_cli(tmp_path, rlvr_cli):
    import json

    tasks_file, pairs, out = tmp_path / "code.jsonl", tmp_path / "pairs.jsonl", tmp_path / "verdicts.jsonl"
    gen = rlvr_cli("tasks", "generate", "-s", "code", "-n", "8", "--difficulty", "2", "-o", str(tasks_file))
    assert gen.returncode == 0, gen.stderr
    rows = [json.loads(line) for line in tasks_file.read_text().splitlines()]
    pairs.write_text("".join(json.dumps({"task": r, "completion": c}) + "\n"
                             for r in rows for c in (r["meta"]["solution"], "Final answer:\n```python\nimport sys\nsys.exit(0)\n```")))
    proc = rlvr_cli("verify", str(pairs), "-o", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    statuses = [json.loads(line)["status"] for line in out.read_text().splitlines()]
    assert statuses == ["pass", "fail"] * 8
