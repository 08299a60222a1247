"""Seconds per GRPO step: rlvr's RL stage against a plain TRL GRPOTrainer, same model, data and settings, same run.

Both trainers start from the same SFT-warmed tiny model, see the same math prompts (built by
``rlvr.prompting.build_prompt``), and use the same GRPOConfig. The baseline scores with a trivial reward
(completion length parity); rlvr uses its full stack: the hedging-aware correctness reward with the
math verifier, the format reward, the curriculum sampler and its per-batch observer. Each step's wall
time is split into generation (``_generate``), reward (``_calculate_rewards``) and the rest (update:
log-probs, loss, backward, optimizer). Rounds alternate baseline and rlvr so host-load drift hits both.

Then the reward share with code tasks in the mix: rlvr trains on math + code, and separately a
generation batch whose code completions are real programs (the tasks' worked solutions, run in the
sandbox) is scored, to bound the reward time when the policy does write code.

    .venv/bin/python benchmarks/grpo_step.py [--steps 12] [--rounds 2] [--warm runs/quickstart/sft]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def trivial_reward(completions, **kwargs):
    """The baseline's reward: costs nothing, so the baseline step is pure TRL."""
    return [float(len(c) % 2) for c in completions]


class Timer:
    """Wraps a trainer's generation and reward methods and times each step (same wrapper on both trainers)."""

    def __init__(self, trainer):
        self.gen = self.reward = 0.0
        self.steps: list[dict[str, float]] = []
        for name, slot in (("_generate", "gen"), ("_calculate_rewards", "reward")):
            original = getattr(trainer, name)

            def timed(*a, _orig=original, _slot=slot, **k):
                t0 = time.perf_counter()
                try:
                    return _orig(*a, **k)
                finally:
                    setattr(self, _slot, getattr(self, _slot) + time.perf_counter() - t0)

            setattr(trainer, name, timed)
        from transformers import TrainerCallback

        timer = self

        class StepClock(TrainerCallback):
            def on_step_begin(self, args, state, control, **kw):
                timer.gen = timer.reward = 0.0
                timer.t0 = time.perf_counter()

            def on_step_end(self, args, state, control, **kw):
                total = time.perf_counter() - timer.t0
                timer.steps.append({"total": total, "generation": timer.gen, "reward": timer.reward,
                                    "update": total - timer.gen - timer.reward})

        trainer.add_callback(StepClock())

    def summary(self, warmup: int) -> dict[str, float]:
        rows = self.steps[warmup:]
        return {k: statistics.median(r[k] for r in rows) for k in ("total", "generation", "reward", "update")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--sft-steps", type=int, default=300)
    ap.add_argument("--pool", type=int, default=32, help="tasks per generator and level in the RL pool (code tasks are slow to make)")
    ap.add_argument("--mix-only", action="store_true", help="skip the rlvr-vs-TRL rounds; measure only the math+code reward share")
    ap.add_argument("--warm", help="an SFT-warmed model folder to start from (skips the warm-up SFT)")
    args = ap.parse_args()

    import torch
    from trl import GRPOTrainer

    from rlvr.config import load_config
    from rlvr.prompting import build_prompt
    from rlvr.train.config import RunConfig
    from rlvr.train.curriculum import Curriculum
    from rlvr.train.data import rl_dataset, rl_pool
    from rlvr.train.model import load_model
    from rlvr.train.pipeline import base_model, prepare
    from rlvr.train.rl import RLContext, _index, build_trl_trainer, make_reward_funcs, rl_trainer_config
    from rlvr.train.runs import RunDir
    from rlvr.train.sft import run_sft

    work = Path(tempfile.mkdtemp(prefix="grpo-bench-"))
    common = ["data.suites=[math]", "data.generators=[arithmetic]", "data.train_size=1000", f"sft.steps={args.sft_steps}",
              "rl.prompts_per_step=8", "rl.num_generations=8", "rl.max_completion_length=48", "run.report_to=[]",
              "run.save_steps=100000", "rl.lr=5e-5", "rl.temperature=0.7"]
    cfg = load_config(RunConfig, None, [*common, f"run.out_dir={work / 'warm'}"])
    run = prepare(cfg)
    model, tok = base_model(cfg, run)
    if args.warm:
        warm = Path(args.warm)
    else:
        run_sft(cfg, run, model, tok)  # a warmed policy writes answers of realistic length
        warm = run.model_dir("sft")
    print(f"torch threads {torch.get_num_threads()}; warm model {warm}", flush=True)

    def rlvr_trainer(cfg, out):
        m, t = load_model(warm)
        pool = rl_pool(cfg, pool_size=args.pool)
        index, ids = _index(pool)
        funcs, weights = make_reward_funcs(cfg)
        cur = Curriculum({g: sorted(v) for g, v in index.items()}, start={g: 1 for g in index})
        ctx = RLContext(cfg, RunDir(out), m, t, rl_dataset(pool, t), funcs, weights, cur,
                        {"index": index, "ids": ids, "blocks": max(1, len(pool) // 8)})
        return build_trl_trainer(ctx)

    def trl_trainer(cfg, out):
        import datasets

        m, t = load_model(warm)
        pool = [x for x in rl_pool(cfg, pool_size=args.pool) if x.meta["difficulty"] == 1]
        ds = datasets.Dataset.from_dict({"prompt": [build_prompt(x, t) for x in pool]})
        targs = rl_trainer_config(cfg, RunDir(out))
        return GRPOTrainer(model=m, reward_funcs=[trivial_reward], args=targs, train_dataset=ds, processing_class=t)

    results: dict[str, list[dict[str, float]]] = {"trl": [], "rlvr": []}
    for rnd in range(0 if args.mix_only else args.rounds):
        for name, make in (("trl", trl_trainer), ("rlvr", rlvr_trainer)):
            c = load_config(RunConfig, None, [*common, f"run.out_dir={work / f'{name}{rnd}'}", f"rl.steps={args.steps}"])
            tr = make(c, work / f"{name}{rnd}")
            timer = Timer(tr)
            tr.train()
            results[name].append(timer.summary(args.warmup))
            print(f"round {rnd} {name}: " + " ".join(f"{k} {v:.3f}s" for k, v in results[name][-1].items()), flush=True)

    if not args.mix_only:
        report(results)
    mix_share(args, common, work, rlvr_trainer)


def report(results):
    med = {n: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for n, rs in results.items()}
    overhead = med["rlvr"]["total"] / med["trl"]["total"] - 1
    print("\n| per step (median) | total s | generation s | reward s | update s |\n|---|---|---|---|---|")
    for n in ("trl", "rlvr"):
        m = med[n]
        print(f"| {n} | {m['total']:.3f} | {m['generation']:.3f} | {m['reward']:.3f} | {m['update']:.3f} |")
    print(f"\nrlvr overhead vs plain TRL: {overhead:+.1%} (target <= +10%)")
    print(f"rlvr reward share of the step (math): {med['rlvr']['reward'] / med['rlvr']['total']:.1%}")


def mix_share(args, common, work, rlvr_trainer):
    from rlvr.config import load_config
    from rlvr.train.config import RunConfig
    from rlvr.train.rl import make_reward_funcs

    # Code tasks in the mix: train on math + code, then score a batch whose code completions are real programs.
    c = load_config(RunConfig, None, [*common, "data.suites=[math, code]", "data.generators=[arithmetic]",
                                      f"run.out_dir={work / 'mix'}", f"rl.steps={args.steps}"])
    tr = rlvr_trainer(c, work / "mix")
    timer = Timer(tr)
    tr.train()
    mix = timer.summary(args.warmup)
    print(f"\nmath+code training: step {mix['total']:.3f}s, reward {mix['reward']:.3f}s = {mix['reward'] / mix['total']:.1%} of the step")
    from rlvr.registry import get_suite
    from rlvr.train.data import generate_tasks

    funcs, weights = make_reward_funcs(c)
    code = get_suite("code").generate(32, difficulty=1)
    math_tasks = generate_tasks(["math"], ["arithmetic"], count=32, difficulty=1, split="train", seed=0)
    tasks = code + math_tasks
    comps = [t.meta["solution"] for t in tasks]
    kw = {"prompts": [t.prompt for t in tasks], "completions": comps, "task": [json.dumps(t.to_json()) for t in tasks],
          "completion_ids": [[0]] * len(tasks), "trainer_state": None}
    times = []
    for _ in range(4):  # the first call starts the sandbox pool (once per training run): left out, as in training
        t0 = time.perf_counter()
        for f in funcs:
            f(**kw)
        times.append(time.perf_counter() - t0)
    worst = statistics.median(times[1:])
    print(f"64 completions (32 real programs run in the sandbox + 32 math): reward {worst:.3f}s (median of 3 after a warm-up call"
          f" of {times[0]:.3f}s) = {worst / mix['total']:.1%} of a math+code step (target < 5%)")


if __name__ == "__main__":
    main()
