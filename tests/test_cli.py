"""The CLI: every command explains itself, errors are one line with the right exit code, verify is all-or-nothing."""

import json

import pytest
import typer
import typer.main

from rlvr.cli import app

LOCAL = ["--plugin", "tests/fixtures/local_plugin.py"]


def _all_command_paths():
    root = typer.main.get_command(app)
    paths = []

    def walk(cmd, prefix):
        paths.append(prefix)
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "rlvr")
def test_every_command_has_help_that_explains_it(path, capsys):
    cmd = typer.main.get_command(app)
    ctx = typer.Context(cmd, info_name="rlvr")
    for name in path:
        cmd = cmd.commands[name]
        ctx = typer.Context(cmd, info_name=name, parent=ctx)
    text = cmd.get_help(ctx) or capsys.readouterr().out  # typer's rich help prints instead of returning
    assert "Usage:" in text
    assert len((cmd.help or "").strip()) >= 20, f"`rlvr {' '.join(path)}` needs a help text that explains it"


def test_help_runs_from_the_real_entry_point(rlvr_cli):
    r = rlvr_cli("--help")
    assert r.returncode == 0 and "verify" in r.stdout and "tasks" in r.stdout and "plugins" in r.stdout


def test_unknown_suite_is_one_line_and_exit_2(rlvr_cli, tmp_path):
    r = rlvr_cli("tasks", "generate", "--suite", "nonesuch", "-o", str(tmp_path / "t.jsonl"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "unknown suite 'nonesuch'" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "t.jsonl").exists()


def test_bad_flag_is_a_usage_error(rlvr_cli):
    assert rlvr_cli("tasks", "generate", "--no-such-flag").returncode == 2


def test_generate_then_verify_end_to_end_with_a_local_plugin(rlvr_cli, tmp_path):
    tasks_file = tmp_path / "tasks.jsonl"
    r = rlvr_cli(*LOCAL, "tasks", "generate", "--suite", "echo", "-n", "4", "--seed", "7", "-o", str(tasks_file), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["tasks"] == 4
    tasks = [json.loads(line) for line in tasks_file.read_text().splitlines()]
    lines = [
        {"task": tasks[0], "completion": f"Final answer: {tasks[0]['answer']}"},  # right
        {"task": tasks[1], "completion": "Final answer: zzz"},  # wrong
        {"task": tasks[2], "completion": "no marker at all"},  # nothing to extract
        {"task": tasks[3], "completion": None},  # not text: a fail, never a crash
    ]
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text("".join(json.dumps(x) + "\n" for x in lines))
    r = rlvr_cli(*LOCAL, "verify", str(infile), "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["status"] for row in rows] == ["pass", "fail", "fail", "fail"]
    assert [row["id"] for row in rows] == [t["id"] for t in tasks]
    assert set(rows[0]) == {"id", "status", "score", "extracted", "reason", "verifier", "seconds"}
    assert rows[0]["verifier"] == "echo@1" and rows[2]["reason"] == "no answer found in the completion"
    assert json.loads(r.stdout)["counts"] == {"pass": 1, "fail": 3, "error": 0}


def test_verify_with_a_bad_line_names_it_and_writes_nothing(rlvr_cli, tmp_path):
    task = {"id": "t1", "suite": "echo", "prompt": "Repeat: abc", "answer": "abc"}
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "Final answer: abc"}) + "\n" + '{"task": {"id": "t2"\n')
    r = rlvr_cli(*LOCAL, "verify", str(infile), "-o", str(out))
    assert r.returncode == 2
    assert "in.jsonl:2: not valid JSON" in r.stderr and r.stderr.strip().count("\n") == 0
    assert not out.exists() and list(tmp_path.iterdir()) == [infile]


def test_verify_line_without_completion_is_named(rlvr_cli, tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"task": {"id": "t", "suite": "echo", "prompt": "p"}}) + "\n")
    r = rlvr_cli(*LOCAL, "verify", str(infile), "-o", str(tmp_path / "o.jsonl"))
    assert r.returncode == 2 and 'in.jsonl:1: each line needs "task" and "completion"' in r.stderr


def test_verifier_options_must_name_a_used_verifier(rlvr_cli, tmp_path):
    task = {"id": "t1", "suite": "echo", "prompt": "Repeat: abc", "answer": "abc"}
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "x"}) + "\n")
    r = rlvr_cli(*LOCAL, "verify", str(infile), "-o", str(tmp_path / "o.jsonl"), "-O", "mathh.order=last")
    assert r.returncode == 2 and "no task in" in r.stderr


def test_tasks_show_prints_prompt_answer_and_solution(rlvr_cli):
    r = rlvr_cli(*LOCAL, "tasks", "show", "echo", "--json")
    assert r.returncode == 0, r.stderr
    task = json.loads(r.stdout)
    assert task["suite"] == "echo" and task["meta"]["solution"].endswith(task["answer"])


def test_quiet_silences_info_but_keeps_results(rlvr_cli, tmp_path):
    r = rlvr_cli(*LOCAL, "--quiet", "tasks", "generate", "--suite", "echo", "-n", "2", "-o", str(tmp_path / "t.jsonl"))
    assert r.returncode == 0 and r.stderr == ""
    assert len((tmp_path / "t.jsonl").read_text().splitlines()) == 2


def test_unknown_verifier_option_is_one_line_with_the_nearest_option(rlvr_cli, tmp_path):
    task = {"id": "t1", "suite": "math", "prompt": "What is 1+1?", "answer": 2}
    infile, out = tmp_path / "in.jsonl", tmp_path / "o.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "Final answer: 2"}) + "\n")
    r = rlvr_cli("verify", str(infile), "-o", str(out), "-O", "math.picky=last")
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0
    assert "verifier 'math' has no option 'picky'; did you mean math.pick?" in r.stderr
    assert not out.exists()


def test_a_task_its_verifier_refuses_is_named_by_its_input_line(rlvr_cli, tmp_path):
    good = {"id": "t1", "suite": "math", "prompt": "What is 1+1?", "answer": 2}
    no_gold = {"id": "t2", "suite": "math", "prompt": "What is 1+2?"}
    infile, out = tmp_path / "in.jsonl", tmp_path / "o.jsonl"
    infile.write_text("\n".join(json.dumps({"task": t, "completion": "Final answer: 2"}) for t in (good, good, no_gold)) + "\n")
    r = rlvr_cli("verify", str(infile), "-o", str(out))
    assert r.returncode == 2 and "in.jsonl:3: task 't2'" in r.stderr and "no gold answer" in r.stderr
    assert not out.exists()


def test_verify_in_chunks_keeps_input_order_across_verifiers(tmp_path, monkeypatch):
    from rlvr import verify_batch
    from rlvr.registry import get_suite

    monkeypatch.setattr(verify_batch, "CHUNK", 2)  # several chunks per verifier, verifiers interleaved in the file
    circuits = get_suite("logic").generate(3, seed=0, difficulty=1, families=["circuit"])
    rows, expected = [], []
    for i in range(7):
        math = {"id": f"m{i}", "suite": "math", "prompt": f"What is {i}+1?", "answer": i + 1}
        rows.append({"task": math, "completion": f"Final answer: {i + 1 if i % 2 else i + 5}"})
        expected.append((f"m{i}", "pass" if i % 2 else "fail"))
        if i % 3 == 0:
            logic = circuits[i // 3]
            rows.append({"task": logic.to_json(), "completion": logic.meta["solution"]})
            expected.append((logic.id, "pass"))
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = verify_batch.verify_file(infile, out, [])
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == [e[0] for e in expected]
    assert [g["status"] for g in got] == [e[1] for e in expected]
    assert summary["total"] == len(rows)


# commands that print no figures (only a line saying where the output went); every other one takes --json
NO_FIGURES = {("export",)}


@pytest.mark.parametrize("path", [p for p in _all_command_paths() if p], ids=" ".join)
def test_every_command_that_prints_figures_takes_json(path):
    cmd = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]
    if hasattr(cmd, "commands") and cmd.commands and not getattr(cmd, "invoke_without_command", False):
        pytest.skip("a group of sub-commands, each checked on its own")
    flags = {opt for param in cmd.params for opt in getattr(param, "opts", [])}
    assert ("--json" in flags) != (tuple(path) in NO_FIGURES), f"`rlvr {' '.join(path)}` prints figures: give it --json"


def test_generate_zero_tasks_is_a_usage_error_and_writes_nothing(rlvr_cli, tmp_path):
    r = rlvr_cli("tasks", "generate", "--suite", "math", "-n", "0", "-o", str(tmp_path / "t.jsonl"))
    assert r.returncode == 2 and "--count" in r.stderr and not (tmp_path / "t.jsonl").exists()
