"""Every stage trains (weights change), LoRA leaves the base untouched, and the DPO fallback fires when RL has no signal.

All runs use the built-in tiny model on the ``toyadd`` test suite with a handful of steps.
"""

from __future__ import annotations

import json

import pytest
import torch

from rlvr.config import load_config
from rlvr.train.config import RunConfig
from rlvr.train.model import load_model
from rlvr.train.pipeline import run_pipeline

from . import toysuite  # noqa: F401  registers the toyadd suite and verifier

FAST = [
    "data.suites=[toyadd]", "data.generators=[]", "data.difficulty=2", "data.train_size=64", "eval.n=8",
    "sft.steps=4", "sft.batch_size=8", "sft.max_length=64",
    "rl.steps=2", "rl.prompts_per_step=2", "rl.num_generations=2", "rl.max_completion_length=12",
    "dpo.steps=2", "dpo.batch_size=4", "dpo.prompts=4", "dpo.samples_per_prompt=2",
    "fallback.enabled=false", "run.save_steps=100", "run.report_to=[]",
]


def _cfg(tmp_path, *extra):
    return load_config(RunConfig, None, [*FAST, f"run.out_dir={tmp_path}", *extra])


def _weights(path):
    model, _ = load_model(path)
    return {k: v.clone() for k, v in model.state_dict().items()}


def _changed(a, b):
    return [k for k in a if not torch.equal(a[k], b[k])]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """base -> SFT -> RL -> DPO, every stage saved as a loadable folder.

    60 SFT steps teach the answer format's shape but no arithmetic, so the reward includes the overlong
    penalty, whose value varies with sample length: RL groups then have reward variance, hence a gradient.
    """
    out = tmp_path_factory.mktemp("full")
    summary = run_pipeline(_cfg(out, "run.stages=[sft, rl, dpo]", "sft.steps=60", "sft.batch_size=16", "rl.num_generations=4",
                                "rl.temperature=1.0", "rl.max_completion_length=24", "rewards.weights.overlong=1.0",
                                "rewards.overlong.max_tokens=20", "rewards.overlong.buffer_tokens=19"))
    return out, summary


@pytest.mark.slow
@pytest.mark.parametrize("before,after", [("base", "sft"), ("sft", "rl"), ("rl", "dpo")])
def test_each_stage_changes_the_weights(full_run, before, after):
    out, summary = full_run
    changed = _changed(_weights(out / before), _weights(out / after))
    assert len(changed) > 10, f"{after} changed only {changed}"


@pytest.mark.slow
def test_run_folder_has_config_metrics_plots_and_tensorboard_free_logs(full_run):
    out, summary = full_run
    assert summary["stages_run"] == ["sft", "rl", "dpo"]
    assert (out / "config.yaml").read_text().count("toyadd") >= 1
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert {r["stage"] for r in rows} == {"sft", "rl", "dpo"}
    rl = [r for r in rows if r["stage"] == "rl" and "reward" in r]
    assert rl and all("rlvr/informative_frac" in r and "rewards/correctness/mean" in r for r in rl)
    assert (out / "plots" / "sft_loss.png").is_file()
    saved = json.loads((out / "summary.json").read_text())
    assert set(saved["rl"]["probes"]) == {"empty", "constant", "junk", "every_option", "hedge_spam"}


@pytest.mark.slow
def test_lora_trains_only_the_adapter_and_saves_it_alone(tmp_path):
    run_pipeline(_cfg(tmp_path, "run.stages=[sft, rl]", "lora.enabled=true", "lora.r=4", "lora.alpha=8"))
    base = _weights(tmp_path / "base")
    assert not (tmp_path / "sft" / "model.safetensors").exists() and (tmp_path / "sft" / "adapter_config.json").is_file()
    model, _ = load_model(tmp_path / "rl")  # adapter folder: its base loads first
    merged_before = {k.replace("base_model.model.", "").replace(".base_layer", ""): v
                     for k, v in model.state_dict().items() if "lora_" not in k}
    assert all(torch.equal(base[k], merged_before[k]) for k in base), "LoRA training touched a base weight"
    lora = [v for k, v in model.state_dict().items() if "lora_B" in k]
    assert lora and any(v.abs().sum() > 0 for v in lora)  # B starts at zero: non-zero means it trained
    from rlvr.cli import main

    assert main(["export", str(tmp_path / "rl"), "--merge", "--out", str(tmp_path / "merged")]) == 0
    merged = _weights(tmp_path / "merged")
    assert _changed(base, merged)  # the adapter's update is folded into the plain weights
    assert not (tmp_path / "merged" / "adapter_config.json").exists()


@pytest.mark.slow
def test_dpo_fallback_triggers_when_the_policy_cannot_learn(tmp_path):
    # An untrained model on 5-digit sums: every sample fails the same way, so no group has reward variance.
    cfg = _cfg(tmp_path, "run.stages=[rl]", "data.difficulty=5", "fallback.enabled=true", "fallback.window=2",
               "fallback.min_informative=0.5", "rl.steps=6", "curriculum.enabled=false")
    summary = run_pipeline(cfg)
    assert summary["fallback"]["switched_to"] == "dpo"
    assert summary["stages_run"] == ["dpo (fallback)", "rl"]
    assert summary["rl"]["steps"] == 2  # stopped at the end of the window, not after 6 steps
    assert (tmp_path / "dpo" / "config.json").is_file()
    saved = json.loads((tmp_path / "summary.json").read_text())
    assert saved["fallback"]["reason"].startswith("informative groups below 50%") and saved["dpo"]["pairs"] > 0
