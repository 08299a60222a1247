"""``RunConfig``: every setting of a training run, one default per line, overridable with ``--set a.b=value``.

The defaults are the quickstart's (a tiny character model on CPU), chosen by measurement; see
docs/training.md. TRL's own defaults (bf16, gradient checkpointing, lr 1e-6) do not fit a CPU and a
model trained from scratch, so rlvr sets those from here rather than inheriting them.

>>> from rlvr.config import load_config
>>> cfg = load_config(RunConfig, None, ["rl.algo=dr_grpo", "rl.steps=10"])
>>> cfg.rl.algo, cfg.rl.steps, cfg.sft.lr
('dr_grpo', 10, 0.001)
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rlvr.config import StrictModel
from rlvr.rewards import RewardConfig

__all__ = ["RunConfig", "ModelSection", "LoraSection", "DataSection", "SFTSection", "RLSection", "CurriculumSection",
           "FallbackSection", "DPOSection", "EvalSection", "RunSection", "ALGOS", "parse_lora"]

ALGOS = ("grpo", "dr_grpo", "dapo", "rloo")


class ModelSection(StrictModel):
    path: str | None = None  # model folder or hub id; None builds the built-in model from `preset`
    preset: Literal["tiny", "small"] = "tiny"  # built-in size when `path` is None
    adapter: str | None = None  # a LoRA adapter folder to load on top of `path`


class LoraSection(StrictModel):
    enabled: bool = False  # train a LoRA adapter instead of every weight (saved on its own)
    r: int = Field(16, ge=1)  # adapter rank
    alpha: int = Field(32, ge=1)  # scaling numerator: the update is scaled by alpha / r
    dropout: float = Field(0.0, ge=0.0, lt=1.0)
    targets: list[str] = ["q_proj", "v_proj"]  # module names to adapt (Llama/Qwen naming)


class DataSection(StrictModel):
    suites: list[str] = ["math"]  # registered suites to draw tasks from
    generators: list[str] = ["arithmetic"]  # generator families to use; empty = every family of each suite
    difficulty: int = Field(1, ge=1)  # training difficulty (the curriculum moves it per generator during RL)
    train_size: int = Field(2000, ge=1)  # distinct training tasks per difficulty level and suite
    heldout_size: int = Field(200, ge=1)  # held-out tasks for evaluation (hash-disjoint from training)
    task_file: str | None = None  # a tasks JSONL (or any `rlvr.tasks.loaders` format) instead of generators
    seed: int = 0  # task generation seed


class SFTSection(StrictModel):
    steps: int = Field(1500, ge=0)  # ~1,500 steps teach the tiny model 2-digit arithmetic (research note)
    lr: float = Field(1e-3, gt=0)  # from-scratch models need ~1e-3; TRL's 2e-5 default barely moves them
    batch_size: int = Field(32, ge=1)
    warmup_steps: int = Field(10, ge=0)
    max_length: int = Field(384, ge=16)  # prompt + worked solution, in tokens
    hedge_share: float = Field(0.1, ge=0, le=1)  # share of examples ending "Final answer (likely): x"
    hedge_difficulty: int | None = None  # draw the hedged examples from this level; None = training level + 1
    idk_share: float = Field(0.1, ge=0, le=1)  # share of examples ending "Final answer: I don't know"
    idk_difficulty: int | None = None  # draw "I don't know" examples from this (harder) level; None = training level + 2


class RLSection(StrictModel):
    algo: Literal["grpo", "dr_grpo", "dapo", "rloo"] = "grpo"  # GRPO-family loss, or RLOO
    steps: int = Field(300, ge=0)
    lr: float = Field(5e-5, gt=0)  # measured: 5e-5 improves the tiny model, 2e-4 degrades it, 1e-3 collapses it
    warmup_steps: int = Field(0, ge=0)  # linear learning-rate warm-up: Adam's first steps move every weight by ~lr
    prompts_per_step: int = Field(8, ge=1)  # distinct prompts per step; each gets num_generations samples
    num_generations: int = Field(8, ge=2)  # group size G
    temperature: float = Field(0.7, gt=0)  # measured: 0.7 learns, 1.0 drifts down
    max_completion_length: int = Field(96, ge=1)  # tokens; longer completions are truncated and masked
    beta: float = Field(0.0, ge=0)  # KL coefficient to the reference (0 loads no reference model)
    epsilon: float = Field(0.2, gt=0)  # PPO clip range (low side; and high side unless epsilon_high)
    epsilon_high: float | None = None  # DAPO clip-higher (0.28 in the paper); set automatically for algo=dapo
    num_iterations: int = Field(1, ge=1)  # PPO epochs over each generated batch (mu)
    scale_rewards: Literal["group", "batch", "none"] = "group"  # advantage scaling (dr_grpo forces none)
    probes: bool = True  # refuse to start when a reward-hacking probe earns reward
    trainer: Literal["trl"] = "trl"  # the RL backend; a non-TRL trainer registers beside it (see rl.TRAINERS)


class CurriculumSection(StrictModel):
    enabled: bool = True
    band: tuple[float, float] = (0.2, 0.8)  # keep each generator's group pass rate inside [low, high]
    window: int = Field(4, ge=1)  # steps of pass-rate history before a difficulty move
    drop_zero_variance: bool = True  # retire a task whose group got one reward for every sample

    @model_validator(mode="after")
    def _band_ok(self) -> CurriculumSection:
        lo, hi = self.band
        if not 0 <= lo < hi <= 1:
            from rlvr.errors import ConfigError

            raise ConfigError(f"curriculum.band = {list(self.band)}: need 0 <= low < high <= 1, e.g. [0.2, 0.8]")
        return self


class FallbackSection(StrictModel):
    enabled: bool = True  # switch from RL to DPO when groups stop carrying signal
    min_informative: float = Field(0.1, ge=0, le=1)  # share of groups with non-zero reward variance
    window: int = Field(20, ge=1)  # consecutive steps below min_informative before switching


class DPOSection(StrictModel):
    steps: int = Field(100, ge=0)
    lr: float = Field(1e-4, gt=0)
    beta: float = Field(0.1, gt=0)  # DPO temperature
    batch_size: int = Field(32, ge=1)
    prompts: int = Field(128, ge=1)  # prompts sampled from the current policy to build pairs
    samples_per_prompt: int = Field(8, ge=2)  # samples ranked by the verifier per prompt
    temperature: float = Field(1.0, gt=0)


class EvalSection(StrictModel):
    n: int = Field(200, ge=1)  # held-out tasks per stage
    k: int = Field(1, ge=1)
    temperature: float = Field(0.0, ge=0)  # greedy
    max_new_tokens: int = Field(96, ge=1)
    batch_size: int = Field(64, ge=1)


class RunSection(StrictModel):
    out_dir: str = "runs/train"  # run folder: config.yaml, metrics.jsonl, tensorboard/, checkpoints, plots
    seed: int = 0  # torch / sampling seed; the same config and seed give the same run
    stages: list[Literal["sft", "rl", "dpo"]] = ["sft", "rl"]  # what `rlvr train pipeline` runs, in order
    save_steps: int = Field(50, ge=1)  # checkpoint every this many steps (resume loses nothing before it)
    report_to: list[Literal["tensorboard", "wandb", "trackio"]] = ["tensorboard"]
    threads: int | None = None  # torch threads; None = one per core with OpenMP waiting passively (measured on 2 cores,
    # 1M params: 1.5x faster than 1 thread idle, 2x busy); 1 if OMP_WAIT_POLICY was set to spin (2 threads then ran 3-4x slower)


class RunConfig(StrictModel):
    """The whole run: ``rlvr train ... --config FILE --set section.key=value``."""

    run: RunSection = RunSection()
    model: ModelSection = ModelSection()
    lora: LoraSection = LoraSection()
    data: DataSection = DataSection()
    sft: SFTSection = SFTSection()
    rl: RLSection = RLSection()
    curriculum: CurriculumSection = CurriculumSection()
    fallback: FallbackSection = FallbackSection()
    dpo: DPOSection = DPOSection()
    rewards: RewardConfig = RewardConfig()
    eval: EvalSection = EvalSection()


def parse_lora(spec: str) -> dict[str, object]:
    """``"r=16,alpha=32,targets=q_proj,v_proj"`` -> ``{"enabled": True, "r": 16, "alpha": 32, "targets": [...]}``.

    Names after ``targets=`` run up to the next ``key=``, so module lists need no quoting.
    """
    from rlvr.errors import ConfigError

    out: dict[str, object] = {"enabled": True}
    key = None
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        if "=" in part:
            key, _, value = part.partition("=")
            key = key.strip()
            if key not in ("r", "alpha", "dropout", "targets"):
                raise ConfigError(f"--lora: unknown key {key!r}; use r=16,alpha=32,dropout=0.05,targets=q_proj,v_proj")
            if key == "targets":
                out["targets"] = [value.strip()]
            else:
                try:
                    out[key] = float(value) if key == "dropout" else int(value)
                except ValueError:
                    raise ConfigError(f"--lora: {key}={value!r} is not a number") from None
        elif key == "targets":
            out["targets"].append(part)  # type: ignore[union-attr]
        else:
            raise ConfigError(f"--lora: {part!r} has no '='; use r=16,alpha=32,targets=q_proj,v_proj")
    return out
