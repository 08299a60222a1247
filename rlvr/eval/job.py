"""What ``rlvr eval`` does between parsing flags and printing: pick the tasks, refuse overlap, load, evaluate.

Tasks come from the suites' generators (held-out split by default) or from a task file (``--data``)
read by ``rlvr.tasks.loaders.load_tasks``. Before the model is loaded, the checkpoint's training
record (see ``rlvr.eval.training``) is compared with the eval set, and any shared task stops the run.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlvr import console
from rlvr.errors import UsageError
from rlvr.types import Task

__all__ = ["EvalRequest", "select_tasks", "run_eval", "parse_levels"]


@dataclass
class EvalRequest:
    """Everything ``rlvr eval`` was asked, already split into Python values."""

    model: str
    adapter: str | None = None
    suites: list[str] = field(default_factory=list)  # empty: the suites the checkpoint trained on, else every suite
    generators: list[str] = field(default_factory=list)
    n: int | None = None  # tasks per suite and level (default 200), or the first n of a task file
    k: int = 1
    temperature: float | None = None  # None: greedy for k == 1, 0.8 for k > 1
    top_p: float = 1.0
    max_new_tokens: int = 256
    batch_size: int = 16
    split: str = "heldout"
    difficulty: list[int] = field(default_factory=list)  # empty: the training level (or 1)
    ood: bool = False
    data: str | None = None
    data_format: str = "auto"
    out: str | None = None
    seed: int = 0
    stance: str = "auto"
    train_run: str | None = None
    allow_overlap: bool = False
    overwrite: bool = False
    verifier_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # {"code": {"sandbox": "bwrap"}}


def parse_levels(text: str | None) -> list[int]:
    """``"2"`` -> [2]; ``"1,3"`` -> [1, 3]; ``"1-3"`` -> [1, 2, 3]."""
    levels: list[int] = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise UsageError(f"--difficulty expects levels like 2, 1,3 or 1-3, got {text!r}")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo < 1 or hi < lo:
            raise UsageError(f"--difficulty levels start at 1 and ranges go up, got {part!r}")
        levels += [lv for lv in range(lo, hi + 1) if lv not in levels]
    return levels


def _record(req: EvalRequest) -> Any:
    from rlvr.eval.training import find_training_run, load_training_record

    if req.train_run:
        if not (Path(req.train_run) / "config.yaml").is_file():
            raise UsageError(f"--train-run {req.train_run} has no config.yaml; give the folder `rlvr train` wrote")
        return load_training_record(req.train_run)
    for path in (req.adapter, req.model):
        run = find_training_run(path) if path else None
        if run is not None:
            return load_training_record(run)
    return None


def _load_file(path: str, fmt: str) -> list[Task]:
    try:
        from rlvr.tasks.loaders import load_tasks
    except ImportError:  # the format dispatch table is not installed: rlvr's own JSONL still reads
        if fmt not in ("auto", "rlvr"):
            raise UsageError(f"--format {fmt} needs rlvr.tasks.loaders, which this install lacks; convert the file to rlvr JSONL") from None
        from rlvr.jsonl import read_tasks

        return list(read_tasks(path))
    return list(load_tasks(path, format=fmt))


def select_tasks(req: EvalRequest, record: Any) -> list[Task]:
    """The eval set: a task file, or ``n`` generated tasks per suite and difficulty level of ``req.split``."""
    from rlvr import registry

    if req.data:
        tasks = _load_file(req.data, req.data_format)
        return tasks[: req.n] if req.n is not None else tasks
    trained = list(record.config.data.suites) if record is not None else []
    suites = req.suites or trained or registry.suite_names()
    if not suites:
        raise UsageError("no suites registered; install rlvr's suites or pass --data FILE")
    tasks: list[Task] = []
    for name in suites:
        suite = registry.get_suite(name)
        if req.ood:
            if record is None:
                raise UsageError("--ood needs the checkpoint's training record; pass --train-run RUN_DIR (the folder `rlvr train` wrote)")
            from rlvr.eval.training import ood_difficulty

            levels = [ood_difficulty(record, name, int(suite.max_difficulty))]
        elif req.difficulty:
            levels = req.difficulty
        else:
            levels = [min(record.config.data.difficulty, int(suite.max_difficulty))] if name in trained else [1]
        # default: the generators the checkpoint trained on (its held-out split is the fair test)
        wanted = req.generators or (list(record.config.data.generators) if name in trained else [])
        families = _families(suite, wanted)
        if req.generators and families is None:
            raise UsageError(f"suite {name!r} has none of the generators {req.generators}; its generators: {list(suite.families)}")
        for level in levels:
            tasks += suite.generate(req.n if req.n is not None else 200, seed=req.seed, difficulty=level,
                                    split=req.split, families=families)  # type: ignore[arg-type]
    return tasks


def _families(suite: Any, wanted: list[str]) -> list[str] | None:
    """The suite's generators among ``wanted`` (``family`` or ``suite:family``, as training configs name them); None = all."""
    mine = []
    for w in wanted:
        owner, _, fam = w.rpartition(":")
        if owner in ("", suite.name) and fam in suite.families:
            mine.append(fam)
    return mine or None


def _out_dir(req: EvalRequest) -> Path:
    if req.out:
        out = Path(req.out)
    else:
        name = Path(req.adapter or req.model.rstrip("/")).name or "model"
        out = Path("runs") / "eval" / f"{name}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    if (out / "results.json").exists() and not req.overwrite:
        raise UsageError(f"{out} already holds an eval run; pass another --out or --overwrite")
    return out


def _check_model_path(model: str) -> None:
    """Fail fast on a missing local model folder, before tasks are built (load_model repeats the full checks)."""
    from rlvr.errors import ModelLoadError

    p = Path(model).expanduser()
    meant_as_path = model.startswith((".", "/", "~")) or model.count("/") > 1 or p.exists()
    if meant_as_path and not (p / "config.json").is_file() and not (p / "adapter_config.json").is_file():
        what = "does not exist" if not p.exists() else "is not a model folder (no config.json)"
        raise ModelLoadError(f"model path {model} {what}; give a model folder (config.json + weights) or a hub id")


def _check_numbers(req: EvalRequest) -> None:
    """Sampling settings that cannot work fail here, before tasks are built or the model loads."""
    for flag, value in (("-k", req.k), ("--max-new-tokens", req.max_new_tokens), ("--batch-size", req.batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UsageError(f"{flag} must be a whole number of at least 1, got {value!r}")
    if req.temperature is not None and req.temperature < 0:
        raise UsageError(f"--temperature must be 0 (greedy) or more, got {req.temperature}")
    if not 0 < req.top_p <= 1:
        raise UsageError(f"--top-p must be in (0, 1], got {req.top_p}")


def run_eval(req: EvalRequest) -> tuple[dict[str, Any], Path]:
    """Run one eval as the CLI does; returns ``(results, run folder)``."""
    from rlvr.eval.run import check_overlap, evaluate_tasks

    if req.stance not in ("auto", "protocol", "free", "plain"):
        raise UsageError(f"--stance must be auto, protocol, free or plain, got {req.stance!r}")
    if req.split not in ("heldout", "train"):
        raise UsageError(f"--split must be heldout or train, got {req.split!r}")
    if req.ood and req.difficulty:
        raise UsageError("--ood picks the difficulty itself; drop --difficulty or --ood")
    if req.n is not None and req.n < 1:
        raise UsageError(f"--n must be at least 1, got {req.n}")
    _check_numbers(req)
    _check_model_path(req.model)
    out = _out_dir(req)
    record = _record(req)
    tasks = select_tasks(req, record)
    if not tasks:
        raise UsageError("the eval set is empty; check --data or --n")
    from rlvr.eval.run import verifiers_for

    verifiers_for(tasks, req.verifier_options)  # unknown suites, bad tasks or options: fail before the model loads
    if record is None:
        console.info(f"no rlvr training record found for {req.model}: overlap with its training data was not checked")
    elif req.allow_overlap:
        console.warn("--allow-overlap: the eval set was not checked against the training data")
    else:
        check_overlap(tasks, record.task_keys(), source=record.source)
        console.info(f"overlap check: none of the {len(tasks)} eval tasks is among the training tasks of {record.run_dir}")
    from rlvr.train.model import load_model

    model, tok = load_model(req.model, adapter=req.adapter)
    temperature = req.temperature if req.temperature is not None else (0.0 if req.k == 1 else 0.8)
    from rlvr.eval.training import describe

    info = {"model": req.model, "adapter": req.adapter, "split": "file" if req.data else req.split, "data": req.data,
            "ood": req.ood, "training": describe(record) if record is not None else None}
    console.info(f"evaluating {len(tasks)} tasks x {req.k} samples (temperature {temperature}) -> {out}")
    results = evaluate_tasks(model, tok, tasks, k=req.k, temperature=temperature, top_p=req.top_p,
                             max_new_tokens=req.max_new_tokens, batch_size=req.batch_size, out_dir=out, seed=req.seed,
                             stance_mode=None if req.stance == "auto" else req.stance, verifier_options=req.verifier_options,
                             info=info)
    return results, out
