"""`rlvr quickstart` end to end through the CLI, shrunk by --set: the summary's contract and loadable stage models."""

from __future__ import annotations

import json

from rlvr.train.model import load_model

TINY = ["sft.steps=6", "sft.batch_size=8", "data.train_size=32", "rl.steps=2", "rl.prompts_per_step=2", "rl.num_generations=2",
        "rl.max_completion_length=24", "eval.n=6", "eval.max_new_tokens=24", "run.report_to=[]"]


def test_quickstart_writes_the_summary_and_both_stage_models(tmp_path, capsys):
    from rlvr.cli import main

    out = tmp_path / "qs"
    args = ["quickstart", "--out", str(out)]
    for s in TINY:
        args += ["--set", s]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "rlvr quickstart" in printed and "RL - SFT (paired bootstrap" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["stages"]) == {"base", "sft", "rl"} and summary["wall_seconds"] > 0
    for r in summary["stages"].values():
        lo, hi = r["accuracy_ci"]
        assert 0 <= lo <= r["accuracy"] <= hi <= 1 and 0 <= r["confident_error_rate"] <= 1
    assert len(summary["rl_vs_sft"]["accuracy"]) == 3
    assert summary["eval"] == {"n": 6, "k": 8, "temperature": 0.8}
    rows = [json.loads(x) for x in (out / "eval" / "rl" / "samples.jsonl").read_text().splitlines()]
    assert len(rows) == 6 * 8  # every task sampled k times; the paired change averages them per task
    for stage in ("sft", "rl"):
        model, _ = load_model(out / stage)
        assert sum(p.numel() for p in model.parameters()) > 0
    # scripts/quickstart_rl_variant.py (docs/training.md's RL-variant table) trains RL again from this run's SFT model
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "quickstart_rl_variant.py"
    sets = [a for s in [*TINY, "rl.steps=1"] for a in ("--set", s)]
    p = subprocess.run([sys.executable, str(script), str(tmp_path / "variant"), "--quickstart", str(out), *sets],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    change = json.loads(p.stdout.strip().splitlines()[-1])["rl_vs_sft"]
    diff, lo, hi = change["accuracy"]
    assert lo <= diff <= hi


def test_quickstart_bad_setting_is_one_line_and_writes_nothing(tmp_path, capsys):
    from rlvr.cli import main

    out = tmp_path / "qs"
    assert main(["quickstart", "--out", str(out), "--set", "rl.stepz=3"]) == 2
    err = capsys.readouterr().err.strip()
    assert "rl.stepz" in err and len(err.splitlines()) == 1
    assert not out.exists()
