"""``rlvr tasks generate`` + ``rlvr verify`` end to end on format tasks, with verifier options and bad input."""

import json

from tests.conftest import run_rlvr


def test_generate_then_verify_gold_passes_and_garbage_fails(tmp_path):
    tasks = tmp_path / "tasks.jsonl"
    r = run_rlvr("tasks", "generate", "-s", "format", "-n", "6", "--difficulty", "2", "--seed", "1", "-o", str(tasks))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in tasks.read_text().splitlines()]
    pairs = tmp_path / "pairs.jsonl"  # each task twice: its reference response, then garbage
    pairs.write_text("".join(json.dumps({"task": t, "completion": c}) + "\n" for t in rows for c in (t["meta"]["solution"], "lorem ipsum")))
    out = tmp_path / "verdicts.jsonl"
    r = run_rlvr("verify", str(pairs), "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"] == {"pass": 6, "fail": 6, "error": 0}
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [v["status"] for v in verdicts] == ["pass", "fail"] * 6
    assert all(v["verifier"] == "format@1" for v in verdicts)


def test_partial_score_and_loose_mode_are_verifier_options(tmp_path):
    task = {"id": "ifeval-1", "suite": "format", "prompt": "Write in lowercase with no commas.",
            "meta": {"constraints": [{"id": "change_case:english_lowercase", "kwargs": {}}, {"id": "punctuation:no_comma", "kwargs": {}}]}}
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "the weather is lovely today, and we are going for a long walk."}) + "\n")
    out = tmp_path / "out.jsonl"
    r = run_rlvr("verify", str(infile), "-o", str(out), "-O", "format.score=partial", "-O", "format.mode=loose")
    assert r.returncode == 0, r.stderr
    verdict = json.loads(out.read_text())
    assert verdict["status"] == "fail" and verdict["score"] == 0.5 and "punctuation:no_comma" in verdict["reason"]


def test_malformed_constraint_is_one_line_exit_2_and_no_output(tmp_path):
    task = {"id": "bad", "suite": "format", "prompt": "p", "meta": {"constraints": [{"id": "punctuation:no_comas", "kwargs": {}}]}}
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "x"}) + "\n")
    r = run_rlvr("verify", str(infile), "-o", str(out))
    assert r.returncode == 2 and not out.exists()
    assert "punctuation:no_comma" in r.stderr and "Traceback" not in r.stderr
    bad_option = run_rlvr("verify", str(infile), "-o", str(out), "-O", "format.score=half")
    assert bad_option.returncode == 2 and "score must be one of" in bad_option.stderr
