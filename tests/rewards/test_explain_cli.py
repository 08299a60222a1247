"""``rlvr rewards explain`` and ``rlvr rewards stance`` end to end, through the real CLI."""

from __future__ import annotations

import json

from rlvr.rewards import explain, plot_table


def test_explain_json_for_the_default_states_the_hedged_tie(rlvr_cli, tmp_path):
    plot = tmp_path / "plots" / "schulman.png"
    r = rlvr_cli("rewards", "explain", "--json", "--plot", str(plot))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["table"] == "schulman"
    assert doc["bands"] == {"unhedged": ["4/5", "1"], "hedged": None, "abstain": ["0", "4/5"]}
    assert doc["never_best"] == ["hedged"]
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_explain_text_warns_about_never_best_stances(rlvr_cli):
    r = rlvr_cli("rewards", "explain")
    assert r.returncode == 0
    assert "never strictly best" in r.stdout and "[4/5, 1]" in r.stdout
    assert "warning: 'hedged' is never strictly best: it ties for best only at p = 4/5" in r.stderr


def test_explain_graded_has_no_warning(rlvr_cli):
    r = rlvr_cli("rewards", "explain", "--table", "graded")
    assert r.returncode == 0 and "[2/3, 6/7]" in r.stdout and "warning" not in r.stderr


def test_explain_a_custom_table_file(rlvr_cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("unhedged: {correct: 1, wrong: -3}\nhedged: {correct: 0.5, wrong: -0.5}\nabstain: 0\n")
    r = rlvr_cli("rewards", "explain", "-t", str(path), "--json")
    doc = json.loads(r.stdout)
    assert doc["table"] == "mine" and doc["bands"] == {"unhedged": ["5/6", "1"], "hedged": ["1/2", "5/6"], "abstain": ["0", "1/2"]}


def test_explain_bad_table_is_one_line_and_exit_2(rlvr_cli, tmp_path):
    r = rlvr_cli("rewards", "explain", "--table", "grade")
    assert r.returncode == 2 and "Did you mean 'graded'" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("unhedged: {correct: 1, wrong: 2}\nhedged: {correct: 1, wrong: 0}\nabstain: 0\n")
    plot = tmp_path / "never.png"
    r = rlvr_cli("rewards", "explain", "--table", str(bad), "--plot", str(plot))
    assert r.returncode == 2 and "must not pay more for wrong answers" in r.stderr and not plot.exists()


def test_proper_scores_explain_with_their_note():
    doc = explain("brier")
    assert doc["bands"] == {"unhedged": ["55/64", "1"], "hedged": ["5/8", "55/64"], "abstain": ["0", "5/8"]}
    assert "q = p" in doc["proper"]["note"]


def test_plot_is_written_atomically(tmp_path):
    out = plot_table("graded", tmp_path / "g.png")
    assert out.stat().st_size > 10_000 and [p.name for p in tmp_path.iterdir()] == ["g.png"]


def test_stance_command_shows_what_the_verifier_sees(rlvr_cli):
    r = rlvr_cli("rewards", "stance", "--json", "work\nFinal answer (likely): 12\nConfidence: 60%")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["kind"] == "hedged" and doc["confidence"] == 0.6 and doc["answer_text"] == "work\nFinal answer: 12"


def test_score_prices_saved_completions_under_each_table(rlvr_cli, tmp_path, fixtures_dir):
    task = {"id": "echo/1", "suite": "echo", "prompt": "Repeat: abc", "answer": "abc"}
    rows = [("Final answer: abc", "unhedged", 1.0, 1.0), ("Final answer (likely): abd", "hedged", -2.0, 0.0),
            ("Final answer: I don't know", "abstain", 0.0, 0.0), ("Final answer: abc\nFinal answer: abd", "conflicting", -4.0, 0.0)]
    infile = tmp_path / "in.jsonl"
    infile.write_text("".join(json.dumps({"task": task, "completion": c}) + "\n" for c, *_ in rows))
    out = tmp_path / "scored.jsonl"
    r = rlvr_cli("--plugin", str(fixtures_dir / "local_plugin.py"), "rewards", "score", str(infile), "-t", "schulman,binary",
                 "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["mean_reward"] == {"schulman": -1.25, "binary": 0.25} and summary["accuracy"] == 0.25
    scored = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(s["stance"], s["reward"]["schulman"], s["reward"]["binary"]) for s in scored] == [row[1:] for row in rows]


def test_score_refuses_a_malformed_line_and_writes_nothing(rlvr_cli, tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text('{"completion": "x"}\n')
    out = tmp_path / "scored.jsonl"
    r = rlvr_cli("rewards", "score", str(infile), "-o", str(out))
    assert r.returncode == 2 and "in.jsonl:1: each line needs" in r.stderr and not out.exists()
