"""RL variants from a quickstart's SFT model, each judged as the quickstart judges RL (docs/training.md's tables).

Trains RL from ``<quickstart>/sft`` with the quickstart's settings plus the ``--set`` overrides, evaluates the
result on the quickstart's held-out tasks (same k, temperature and seed, so the random numbers are shared),
and prints RL - SFT accuracy and confident-error rate with their paired bootstrap intervals. The SFT
model's evaluation is read from ``<quickstart>/eval/sft``.

    .venv/bin/python scripts/quickstart_rl_variant.py runs/rl-lr15 --set rl.lr=1.5e-5 [--set run.seed=1] [--quickstart runs/quickstart]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="run folder for the variant (must not exist)")
    ap.add_argument("--set", dest="sets", action="append", default=[], help="KEY=VALUE on top of the quickstart's settings")
    ap.add_argument("--quickstart", type=Path, default=Path("runs/quickstart"), help="a finished quickstart run")
    args = ap.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} exists; pick a new folder for the variant")
    if not (args.quickstart / "eval" / "sft" / "samples.jsonl").exists():
        raise SystemExit(f"no SFT evaluation in {args.quickstart}/eval/sft; run `make quickstart` first")

    import rlvr.train  # noqa: F401  (sets the thread environment before torch loads)
    from rlvr.train.model import load_model
    from rlvr.train.pipeline import evaluate_stage, heldout_tasks
    from rlvr.train.quickstart import quickstart_config
    from rlvr.train.rl import run_rl
    from rlvr.train.runs import RunDir
    from rlvr.train.stage_report import paired_change

    cfg = quickstart_config(args.out, ["rl.probes=false", *args.sets])
    run = RunDir(args.out).start(cfg)
    model, tok = load_model(args.quickstart / "sft")
    res = run_rl(cfg, run, model, tok)
    # The SFT evaluation's own seed, whatever run.seed the variant trains with: the two then share random numbers.
    seed = json.loads((args.quickstart / "eval" / "sft" / "results.json").read_text())["settings"]["seed"]
    evaluate_stage(cfg, run, "rl", res.model, tok, heldout_tasks(cfg), seed=seed)
    (args.out / "eval" / "sft").symlink_to((args.quickstart / "eval" / "sft").resolve())
    print(json.dumps({"sets": args.sets, "rl_vs_sft": paired_change(args.out, "sft", "rl")}))


if __name__ == "__main__":
    main()
