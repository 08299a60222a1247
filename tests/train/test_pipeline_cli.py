"""`rlvr train pipeline --config FILE` end to end: every stage evaluated, the stages table and their paired changes."""

from __future__ import annotations

import json

import yaml

CONFIG = {
    "model": {"preset": "tiny"},
    "data": {"suites": ["math"], "generators": ["arithmetic"], "difficulty": 1, "train_size": 32},
    "sft": {"steps": 6, "batch_size": 8},
    "rl": {"steps": 2, "prompts_per_step": 2, "num_generations": 2, "max_completion_length": 24},
    "eval": {"n": 5, "k": 3, "temperature": 0.8, "max_new_tokens": 24},
    "run": {"stages": ["sft", "rl"], "report_to": []},
}


def test_pipeline_prints_every_stage_and_the_paired_change_from_each_to_the_next(tmp_path, capsys):
    from rlvr.cli import main

    cfg, out = tmp_path / "run.yaml", tmp_path / "run"
    cfg.write_text(yaml.safe_dump(CONFIG))
    assert main(["train", "pipeline", "--config", str(cfg), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rlvr train pipeline: held-out, 3 samples per task at T 0.8" in printed
    assert "SFT - BASE (paired bootstrap, 95%)" in printed and "RL - SFT (paired bootstrap, 95%)" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["stages"]) == ["base", "sft", "rl"]
    assert summary["eval"] == {"n": 5, "k": 3, "temperature": 0.8}
    assert set(summary["changes"]) == {"sft_vs_base", "rl_vs_sft"}
    for change in summary["changes"].values():
        for diff, lo, hi in (change["accuracy"], change["confident_error_rate"]):
            assert lo <= diff <= hi and -1 <= lo and hi <= 1
    # the base model answers nothing right, so the change to SFT is SFT's accuracy itself
    assert summary["stages"]["base"]["accuracy"] == 0
    assert summary["changes"]["sft_vs_base"]["accuracy"][0] == round(summary["stages"]["sft"]["accuracy"], 4)
