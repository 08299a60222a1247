"""The hedging experiment: does a hedging-aware reward stop a model from bluffing, and what does it cost?

One SFT warm-start (with a small share of hedged and "I don't know" examples), then one RL policy per
reward table (``binary``, ``schulman``, ``graded``) for the same number of steps on the same task mix,
each evaluated greedily on the same held-out tasks: ``easy`` ones the model can mostly solve and
``hard`` ones beyond it. Everything runs through rlvr's own public pipeline (``rlvr.train.sft.run_sft``,
``rlvr.train.rl.run_rl``, ``rlvr.eval.evaluate_tasks``); this module only chooses settings and tabulates.

Run it with ``rlvr rewards experiment --out runs/hedging`` (its cost is in docs/hedging.md); it writes
``summary.json``, ``hedging.md`` (the table) and ``hedging.png`` (the plot) into ``--out``, plus each
stage's run folder and eval folder.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rlvr import console
from rlvr.errors import UsageError
from rlvr.rewards.tables import get_scorer

__all__ = ["DEFAULT_OVERRIDES", "run_experiment", "tabulate", "level_metrics"]

# RunConfig settings shared by every arm; `--set` on the command line goes after these and wins.
DEFAULT_OVERRIDES: list[str] = [
    "data.suites=[math]",
    "data.generators=[arithmetic]",
    "data.difficulty=1",
    "sft.hedge_share=0.1",  # the "small share" of hedged and I-don't-know examples RL can reinforce
    "sft.hedge_difficulty=1",  # measured: hedged examples from the hard level made the warm-start hedge every hard item,
    # and under binary the hedge marker earns nothing either way, so no arm moved (confident errors 0.020 vs 0.022)
    "sft.idk_share=0.1",
    "curriculum.enabled=false",  # every arm sees the same task distribution, whatever it learns
    "curriculum.drop_zero_variance=false",
    "fallback.enabled=false",  # no arm may switch to DPO: same algorithm, same steps
    "run.report_to=[]",
    "sft.steps=1000",  # with the column-working solutions (math suite v2) 700 steps already reach 0.96 on difficulty 1;
    # the one-line solutions needed 3,000 for 0.85 (at 0.18 abstaining is the reward-optimal answer to nearly everything)
    "data.train_size=2000",  # per level: SFT examples at the easy level, half of it per level in the RL mix
    "rl.steps=200",  # the same for every arm
    "rl.temperature=1.0",  # measured: at 0.7 every sample of a prompt took the same stance, so no group could rank stances
    "rl.lr=2e-5",  # measured: 1e-4 took easy-item accuracy from 0.97 to 0.45-0.75 in every arm
    "rl.max_completion_length=128",  # worked solutions with their column working: up to 57 characters at difficulty 1, 107 at 3
    "eval.max_new_tokens=128",
]
ARMS: tuple[str, ...] = ("binary", "schulman", "graded")


def level_metrics(rows: Sequence[dict[str, Any]], tables: Sequence[str]) -> dict[str, Any]:
    """Accuracy, confident-error, hedge and abstain rates and mean reward per table, over eval sample rows.

    Rates are over all samples (so accuracy + confident errors + hedged wrong + abstentions = 1);
    verifier ``error`` samples count in no numerator and are reported as ``errors``.
    """
    n = len(rows)
    if not n:
        return {"n": 0}
    passed = [r["verdict"]["status"] == "pass" for r in rows]
    kinds = [r["stance"]["kind"] for r in rows]
    out: dict[str, Any] = {
        "n": n,
        "accuracy": sum(passed) / n,
        "confident_error_rate": sum(k == "unhedged" and r["verdict"]["status"] == "fail" for k, r in zip(kinds, rows)) / n,
        "hedge_rate": kinds.count("hedged") / n,
        "abstain_rate": kinds.count("abstain") / n,
        "errors": sum(r["verdict"]["status"] == "error" for r in rows),
        "mean_reward": {},
    }
    for name in tables:
        scorer = get_scorer(name)
        vals = [scorer.stance_reward(r["stance"]["kind"], r["stance"].get("confidence"), float(r["verdict"]["score"]))
                for r in rows if r["verdict"]["status"] != "error"]
        out["mean_reward"][name] = sum(vals) / len(vals) if vals else None
    return out


def _read_samples(eval_dir: Path) -> list[dict[str, Any]]:
    from rlvr.jsonl import read_jsonl

    return list(read_jsonl(eval_dir / "samples.jsonl"))


def _evaluate(model: Any, tok: Any, tasks: Sequence[Any], out_dir: Path, cfg: Any, easy: int, tables: Sequence[str]) -> dict[str, Any]:
    from rlvr.eval import evaluate_tasks

    res = evaluate_tasks(model, tok, tasks, k=1, temperature=0.0, max_new_tokens=cfg.eval.max_new_tokens,
                         batch_size=cfg.eval.batch_size, out_dir=out_dir, seed=cfg.run.seed, tables=tuple(tables))
    rows = _read_samples(out_dir)
    by_level = {"easy": [r for r in rows if r["task"]["meta"].get("difficulty") == easy],
                "hard": [r for r in rows if r["task"]["meta"].get("difficulty") != easy]}
    return {"all": {**level_metrics(rows, tables), "accuracy_ci": res.get("accuracy_ci")},
            **{k: level_metrics(v, tables) for k, v in by_level.items()}}


def run_experiment(out: str | Path, *, arms: Sequence[str] = ARMS, easy: int = 1, hard: int = 2, heldout_per_level: int = 200,
                   overrides: Sequence[str] = (), reuse_sft: bool = False) -> dict[str, Any]:
    """Run the whole experiment into ``out`` and return ``summary.json``'s content."""
    if "binary" not in arms:
        raise UsageError("the experiment compares against the binary table; keep 'binary' among --arms")
    for a in arms:
        get_scorer(a)
    if not 1 <= easy < hard:
        raise UsageError(f"need 1 <= easy < hard, got easy={easy}, hard={hard}")
    from rlvr.config import load_config
    from rlvr.jsonl import write_json
    from rlvr.train.config import RunConfig
    from rlvr.train.data import generate_tasks
    from rlvr.train.model import load_model
    from rlvr.train.pipeline import auto_threads, base_model, prepare, stage_done
    from rlvr.train.rl import run_rl
    from rlvr.train.runs import RunDir
    from rlvr.train.sft import run_sft
    out = Path(out)
    t0 = time.perf_counter()
    # "I don't know" examples come from one level above the hard one, so SFT never labels the hard level
    # itself: what each policy does on hard items is learned in RL, from its reward table alone.
    base = load_config(RunConfig, None, [*DEFAULT_OVERRIDES, f"data.difficulty={easy}", f"sft.idk_difficulty={hard + 1}",
                                         f"run.out_dir={out / 'sft'}", *overrides])
    d = base.data
    tables = list(dict.fromkeys([*arms, "schulman", "binary", "graded"]))
    heldout = (generate_tasks(d.suites, d.generators, count=heldout_per_level, difficulty=easy, split="heldout", seed=d.seed)
               + generate_tasks(d.suites, d.generators, count=heldout_per_level, difficulty=hard, split="heldout", seed=d.seed))
    # The RL mix: half the easy level the SFT model mostly solves, half the hard level beyond it. The
    # curriculum sampler draws one difficulty level per generator, so the level tag moves to meta.mix_level
    # and the (disabled) curriculum sees one pool: every arm trains on the same fixed 50/50 mix.
    pool = [_untag(t) for t in
            generate_tasks(d.suites, d.generators, count=d.train_size // 2, difficulty=easy, split="train", seed=d.seed + 10)
            + generate_tasks(d.suites, d.generators, count=d.train_size // 2, difficulty=hard, split="train", seed=d.seed + 11)]
    sft_model_dir = RunDir(base.run.out_dir).model_dir("sft")
    if reuse_sft and stage_done(RunDir(base.run.out_dir), "sft"):
        console.info(f"experiment: reusing the SFT warm-start in {sft_model_dir}")
    else:
        sft_run = prepare(base)  # run folder, seeds, torch threads
        model, tok = base_model(base, sft_run)  # the built-in tiny model, or model.path
        run_sft(base, sft_run, model, tok)
    stages: dict[str, Any] = {}
    model, tok = load_model(sft_model_dir)
    auto_threads(base, model)
    stages["sft"] = _evaluate(model, tok, heldout, out / "eval" / "sft", base, easy, tables)
    seconds = {"sft": round(time.perf_counter() - t0, 1)}
    for arm in arms:
        t1 = time.perf_counter()
        cfg = base.model_copy(deep=True)
        cfg.rewards.table = arm
        cfg.run.out_dir = str(out / arm)
        run = prepare(cfg)  # the same seed for every arm
        model, tok = load_model(sft_model_dir, trainable=cfg.lora.enabled)
        auto_threads(cfg, model)
        result = run_rl(cfg, run, model, tok, pool=pool)
        stages[arm] = _evaluate(result.model, tok, heldout, out / "eval" / arm, cfg, easy, tables)
        stages[arm]["rl_steps"] = result.steps
        seconds[arm] = round(time.perf_counter() - t1, 1)
        console.info(f"experiment: {arm} done in {seconds[arm]:.0f}s: " + _line(stages[arm]))
    summary = {
        "arms": list(arms), "easy_difficulty": easy, "hard_difficulty": hard, "heldout_per_level": heldout_per_level,
        "overrides": [*DEFAULT_OVERRIDES, *overrides], "stages": stages, "comparison": _compare(stages, arms),
        "seconds": seconds, "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    write_json(out / "summary.json", summary)
    (out / "hedging.md").parent.mkdir(parents=True, exist_ok=True)
    from rlvr.jsonl import atomic_write

    with atomic_write(out / "hedging.md") as fh:
        fh.write(tabulate(summary))
    plot_experiment(summary, out / "hedging.png")
    return summary


def _untag(task: Any) -> Any:
    from rlvr.types import Task

    meta = {k: v for k, v in task.meta.items() if k != "difficulty"}
    return Task(task.id, task.suite, task.prompt, task.answer, {**meta, "mix_level": task.meta.get("difficulty")})


def _line(stage: dict[str, Any]) -> str:
    a, e, h = stage["all"], stage["easy"], stage["hard"]
    return (f"accuracy {a['accuracy']:.3f}, confident errors {a['confident_error_rate']:.3f}, easy acc {e['accuracy']:.3f}, "
            f"hard abstain {h['abstain_rate']:.3f}")


def _compare(stages: dict[str, Any], arms: Sequence[str]) -> dict[str, Any]:
    """Each arm against binary: the confident-error ratio and the easy-accuracy cost in points."""
    b = stages["binary"]
    out = {}
    for arm in arms:
        if arm == "binary":
            continue
        s = stages[arm]
        ce_b, ce_s = b["all"]["confident_error_rate"], s["all"]["confident_error_rate"]
        ratio = round(ce_b / ce_s, 4) if ce_s > 0 else (float("inf") if ce_b > 0 else 1.0)
        cost = 100 * (b["easy"]["accuracy"] - s["easy"]["accuracy"])
        out[arm] = {"confident_error_ratio_vs_binary": ratio if ratio != float("inf") else "inf",
                    "easy_accuracy_cost_points": round(cost, 2),
                    "meets_target": ratio >= 3 and cost <= 5}
    return out


def tabulate(summary: dict[str, Any]) -> str:
    """The Markdown table of ``summary`` (what docs/hedging.md shows)."""
    head = ("| policy | accuracy (95% CI) | confident errors | easy: acc / conf. err / hedge / abstain "
            "| hard: acc / conf. err / hedge / abstain | mean reward (own table) | mean reward (schulman) |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n")
    lines = []
    for name, st in summary["stages"].items():
        a, e, h = st["all"], st["easy"], st["hard"]
        ci = a.get("accuracy_ci") or [None, None]
        ci_s = f" ({ci[0]:.3f}-{ci[1]:.3f})" if ci[0] is not None else ""
        own = a["mean_reward"].get(name) if name != "sft" else None

        def quad(x: dict[str, Any]) -> str:
            return f"{x['accuracy']:.2f} / {x['confident_error_rate']:.2f} / {x['hedge_rate']:.2f} / {x['abstain_rate']:.2f}"

        lines.append(f"| {name if name != 'sft' else 'SFT warm-start'} | {a['accuracy']:.3f}{ci_s} | {a['confident_error_rate']:.3f} "
                     f"| {quad(e)} | {quad(h)} | {'-' if own is None else f'{own:+.3f}'} | {a['mean_reward']['schulman']:+.3f} |")
    comp = []
    for arm, c in summary["comparison"].items():
        ratio = c["confident_error_ratio_vs_binary"]
        shown = ratio if isinstance(ratio, str) else f"{ratio:.1f}"
        comp.append(f"- **{arm}** vs binary: confident-error rate cut {shown}x, easy-item accuracy cost "
                    f"{c['easy_accuracy_cost_points']:+.1f} points; target (>= 3x, <= 5 points) {'met' if c['meets_target'] else 'not met'}")
    return head + "\n".join(lines) + "\n\n" + "\n".join(comp) + "\n"


def plot_experiment(summary: dict[str, Any], path: str | Path) -> Path:
    """Grouped bars per policy: accuracy, confident errors, hedges and abstentions, on easy and on hard items."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rlvr.jsonl import atomic_write

    names = list(summary["stages"])
    metrics = [("accuracy", "accuracy"), ("confident_error_rate", "confident errors"), ("hedge_rate", "hedged"),
               ("abstain_rate", "abstained")]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), dpi=110, sharey=True)
    width = 0.8 / len(metrics)
    for ax, level in zip(axes, ("easy", "hard")):
        for j, (key, label) in enumerate(metrics):
            xs = [i + (j - (len(metrics) - 1) / 2) * width for i in range(len(names))]
            ax.bar(xs, [summary["stages"][n][level][key] for n in names], width, label=label)
        ax.set_xticks(range(len(names)), ["SFT" if n == "sft" else n for n in names])
        d = summary["easy_difficulty"] if level == "easy" else summary["hard_difficulty"]
        ax.set_title(f"{level} held-out items (difficulty {d})", fontsize=10)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("share of held-out samples")
    axes[1].legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format="png")
    plt.close(fig)
    return path
