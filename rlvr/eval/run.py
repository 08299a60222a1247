"""One eval run: prompts -> k samples each -> stance -> verifier -> samples rows -> results (and the run folder).

``judge`` reads each completion's stance and verifies the stance's ``answer_text`` with the task's
verifier (one ``verify_batch`` call per verifier, so verifiers can spread work over cores). The same
function rescoring uses, so a rescored run is computed exactly as a fresh one would be.

>>> from rlvr.types import Task
>>> ok = Task(id="a", suite="demo", prompt="1+1?", answer="2", meta={"problem_hash": "h1"})
>>> check_overlap([ok], {"problem:h2"}, source="train.jsonl")   # disjoint: nothing happens
>>> check_overlap([ok], task_keys(Task(id="b", suite="demo", prompt="1+1? ")), source="train.jsonl")
Traceback (most recent call last):
...
rlvr.errors.UsageError: 1 of 1 eval task(s) also appear in the training data recorded in train.jsonl (e.g. 'a'); evaluate on the heldout split or pass --allow-overlap
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rlvr import console, registry
from rlvr.errors import DataError, UsageError
from rlvr.eval.results import summarise
from rlvr.types import Task

__all__ = ["evaluate_tasks", "judge", "verifiers_for", "task_keys", "check_overlap", "write_run", "DEFAULT_TABLES"]

DEFAULT_TABLES: tuple[str, ...] = ("schulman", "binary", "graded")  # expected reward is reported under each


def task_keys(task: Task | dict[str, Any]) -> set[str]:
    """A task's identities for overlap checks: its generator's ``problem_hash`` and a hash of suite + prompt.

    Two keys, so a generated task and the same problem copied into a task file (which loses
    ``problem_hash``) still match; whitespace differences in the prompt do not matter.
    """
    from rlvr.tasks.base import stable_hash

    t = task.to_json() if isinstance(task, Task) else task
    keys = {"prompt:" + stable_hash(t["suite"], " ".join(str(t["prompt"]).split()))[:16]}
    h = (t.get("meta") or {}).get("problem_hash")
    if h:
        keys.add(f"problem:{h}")
    return keys


def check_overlap(tasks: Sequence[Task], training_keys: Iterable[str], *, source: str) -> None:
    """Refuse (UsageError, exit 2) when any eval task shares a key (``task_keys``) with the training tasks."""
    train = set(training_keys)
    clash = [t for t in tasks if task_keys(t) & train]
    if clash:
        raise UsageError(
            f"{len(clash)} of {len(tasks)} eval task(s) also appear in the training data recorded in {source}"
            f" (e.g. {clash[0].id!r}); evaluate on the heldout split or pass --allow-overlap"
        )


def _verifier_name(task_json: dict[str, Any]) -> str:
    name = (task_json.get("meta") or {}).get("verifier")
    if isinstance(name, str) and name:
        return name
    return registry._lookup("suite", task_json["suite"]).verifier


def verifiers_for(tasks: Sequence[Task], options: dict[str, dict[str, Any]] | None = None) -> dict[str, tuple[Any, list[int]]]:
    """``{verifier name: (verifier, indices of its tasks)}``, every task checked: bad tasks or options fail here, early."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(tasks):
        groups[_verifier_name(t.to_json())].append(i)
    options = options or {}
    unused = sorted(set(options) - set(groups))
    if unused:
        raise UsageError(f"verifier option(s) for {unused}, which no eval task uses; used: {sorted(groups)}")
    out = {}
    for name, idxs in groups.items():
        try:
            verifier = registry.get_verifier(name, **options.get(name, {}))
        except TypeError as e:  # an option the verifier's constructor does not take
            raise UsageError(f"verifier {name!r} rejected its options {options.get(name)}: {e}") from None
        for i in idxs:
            try:
                verifier.check_task(tasks[i])
            except DataError as e:
                raise DataError(f"task {tasks[i].id!r} cannot be verified by {name}: {e}") from None
        out[name] = (verifier, idxs)
    return out


def judge(rows: list[dict[str, Any]], *, stance_mode: str | None = None,
          verifier_options: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Fill ``stance``, ``answer_text`` and ``verdict`` of each row (rows need ``task`` and ``completion``).

    ``stance_mode`` None reads the answer protocol for suites that use it and the plain completion
    for the others (formatting tasks); "free" reads models trained without rlvr's protocol.
    ``verifier_options`` maps a verifier name to the keyword options it is built with.
    """
    from rlvr.prompting import uses_protocol
    from rlvr.rewards.stance import read_stance

    tasks = [Task.from_json(r["task"]) for r in rows]
    for r, t in zip(rows, tasks):
        mode = stance_mode or ("protocol" if uses_protocol(t.suite) else "plain")
        s = read_stance(r["completion"], mode=mode, gold=t.answer)
        r["stance"] = {"kind": s.kind, "confidence": s.confidence, "reason": s.reason, "mode": mode}
        r["answer_text"] = s.answer_text
    for name, (verifier, idxs) in verifiers_for(tasks, verifier_options).items():
        console.debug(f"verifying {len(idxs)} samples with {name}")
        verdicts = verifier.verify_batch([tasks[i] for i in idxs], [rows[i]["answer_text"] for i in idxs])
        for i, v in zip(idxs, verdicts):
            rows[i]["verdict"] = v.to_json()
    return rows


def evaluate_tasks(
    model: Any,
    tokenizer: Any,
    tasks: Sequence[Task],
    *,
    k: int = 1,
    temperature: float = 0.0,
    top_p: float = 1.0,
    max_new_tokens: int = 256,
    batch_size: int = 16,
    out_dir: str | Path | None = None,
    seed: int = 0,
    tables: Sequence[str] = DEFAULT_TABLES,
    stance_mode: str | None = None,
    verifier_options: dict[str, dict[str, Any]] | None = None,
    n_boot: int = 2000,
    info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Sample ``k`` completions per task, verify them, and return the results.json document.

    With ``out_dir``, also writes the run folder (results.json, samples.jsonl, report.md, plots).
    ``temperature`` 0 is greedy; with ``k > 1`` use a temperature > 0 or the k samples are identical.
    ``info`` (model name, adapter, split ...) is stored under ``run`` in the results.

    Example (what ``rlvr quickstart`` does after each stage)::

        model, tok = load_model("runs/quickstart/rl")
        tasks = get_suite("math").generate(200, split="heldout")
        r = evaluate_tasks(model, tok, tasks, out_dir="runs/eval-rl")
        print(r["accuracy"], r["accuracy_ci"], r["confident_error_rate"])
    """
    from rlvr.eval.sampling import generate
    from rlvr.prompting import build_prompt

    tasks = list(tasks)
    if not tasks:
        raise UsageError("no tasks to evaluate; ask for --n > 0 or give a task file with rows")
    if not isinstance(k, int) or k < 1:
        raise UsageError(f"k must be a positive integer, got {k!r}")
    if temperature < 0 or not 0 < top_p <= 1:
        raise UsageError(f"temperature must be >= 0 and top_p in (0, 1], got {temperature} and {top_p}")
    if max_new_tokens < 1 or batch_size < 1:
        raise UsageError(f"max_new_tokens and batch_size must be at least 1, got {max_new_tokens} and {batch_size}")
    if k > 1 and temperature == 0:
        console.warn(f"greedy decoding (temperature 0) makes all {k} samples equal; pass --temperature 0.7 or so for pass@{k}", once=True)
    verifiers_for(tasks, verifier_options)  # a task its verifier cannot check fails now, not after generation
    prompts = [build_prompt(t, tokenizer) for t in tasks]
    start = time.perf_counter()
    samples = generate(model, tokenizer, prompts, k=k, temperature=temperature, top_p=top_p,
                       max_new_tokens=max_new_tokens, batch_size=batch_size, seed=seed)
    gen_seconds = time.perf_counter() - start
    rows = [
        {"task": t.to_json(), "sample": j, "prompt": p, "completion": s.completion, "n_tokens": s.n_tokens,
         "truncated": s.truncated, "loglik_sum": _finite(s.loglik_sum), "loglik_mean": _finite(s.loglik_mean)}
        for t, p, ss in zip(tasks, prompts, samples) for j, s in enumerate(ss)
    ]
    start = time.perf_counter()
    judge(rows, stance_mode=stance_mode, verifier_options=verifier_options)
    verify_seconds = time.perf_counter() - start
    settings = {"k": k, "temperature": temperature, "top_p": top_p, "max_new_tokens": max_new_tokens,
                "batch_size": batch_size, "seed": seed, "stance_mode": stance_mode or "auto", "tables": list(tables),
                "verifier_options": verifier_options or {}}
    timing = {"generation_s": round(gen_seconds, 3), "verification_s": round(verify_seconds, 3)}
    from rlvr import __version__

    splits = sorted({str(t.meta.get("split", "file")) for t in tasks})
    run = {"split": "+".join(splits), **(info or {}), **_model_info(model), "rlvr_version": __version__,
           "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    results = summarise(rows, settings, tables=tables, n_boot=n_boot, extra={"run": run, "timing": timing})
    if out_dir is not None:
        write_run(out_dir, results, rows)
    return results


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None  # JSON has no -inf; a missing likelihood is None


def _model_info(model: Any) -> dict[str, Any]:
    return {"name_or_path": str(getattr(model, "name_or_path", "") or ""), "model_class": type(model).__name__, "parameters": int(sum(p.numel() for p in model.parameters())),
            "peft_adapter": hasattr(model, "peft_config")}


def write_run(out_dir: str | Path, results: dict[str, Any], rows: Sequence[dict[str, Any]]) -> Path:
    """Write results.json, samples.jsonl, report.md and the plots into ``out_dir`` (each file atomically)."""
    from rlvr.eval.plots import write_plots
    from rlvr.eval.report import write_report
    from rlvr.jsonl import write_json, write_jsonl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "samples.jsonl", rows)
    plots = write_plots(out, results)
    write_json(out / "results.json", results)
    write_report(out / "report.md", results, plots=plots)
    return out
