"""Math-Verify vs rlvr's ``math`` verifier on the same labelled corpus, in one run.

    pip install -e '.[dev]'          # brings math-verify
    python benchmarks/math_verifier.py [--rounds 3] [--corpus tests/data/math_corpus.jsonl]

For every (gold, completion, expected) row of the corpus both verifiers judge the completion; a row
counts as right when the verdict (pass or not) equals ``expected``. Printed per verifier: accuracy,
false positives (a wrong answer accepted), false negatives (a right answer rejected), false positives
on the adversarial rows, throughput in cases per second over ``--rounds`` passes of the corpus (after
one warm-up pass each), and the throughput ratio. Accuracy is also shown on the rows without task
metadata (``round_to``, ``tolerance``, ``answer_type``, ``form``), which Math-Verify has no way to receive.

Math-Verify is called the way its README shows: ``verify(parse("$<gold>$"), parse(completion))``,
sequentially in the main thread (its timeouts use ``signal.alarm``, which works only there). rlvr runs
``MathVerifier().verify_batch`` with one warm worker per core. The slowest single rlvr case is measured
separately (one ``verify`` call per row) to show that no case, hostile ones included, takes over 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = 77  # the reference is not installed: `make bench` reports this script as skipped, not failed


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: list[dict], passed: list[bool]) -> dict:
    right = sum(p == r["expected"] for r, p in zip(rows, passed))
    fp = [r["id"] for r, p in zip(rows, passed) if p and not r["expected"]]
    fn = [r["id"] for r, p in zip(rows, passed) if not p and r["expected"]]
    adv_fp = [r["id"] for r, p in zip(rows, passed) if p and r["adversarial"]]
    plain = [(r, p) for r, p in zip(rows, passed) if not r["meta"]]
    plain_acc = sum(p == r["expected"] for r, p in plain) / len(plain)
    return {"accuracy": right / len(rows), "plain_accuracy": plain_acc, "false_positives": fp, "false_negatives": fn,
            "adversarial_false_positives": adv_fp}


def _acc(rows: list[dict], passed: list[bool], prefix: str) -> float:
    pairs = [(r, p) for r, p in zip(rows, passed) if r["category"].startswith(prefix)]
    return sum(p == r["expected"] for r, p in pairs) / len(pairs)


def run_math_verify(rows: list[dict]) -> list[bool]:
    from math_verify import parse, verify

    out = []
    for r in rows:
        try:
            out.append(bool(verify(parse(f"${r['gold']}$"), parse(r["completion"]))))
        except Exception:  # Math-Verify raising counts as "not accepted"
            out.append(False)
    return out


def run_rlvr(verifier, tasks, completions) -> list[bool]:
    return [v.status == "pass" for v in verifier.verify_batch(tasks, completions)]


def timed(fn, rounds: int) -> tuple[list[bool], float]:
    fn()  # warm-up: imports, worker start, first-call caches
    start = time.perf_counter()
    for _ in range(rounds):
        result = fn()
    return result, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "math_corpus.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args()

    try:
        import math_verify  # noqa: F401
    except ImportError:
        print("math-verify is not installed; run: pip install 'math-verify>=0.9'", file=sys.stderr)
        return SKIP
    from rlvr.types import Task
    from rlvr.verifiers.math import MathVerifier

    rows = load(args.corpus)
    tasks = [Task(id=r["id"], suite="math", prompt="?", answer=r["gold"], meta=r["meta"]) for r in rows]
    completions = [r["completion"] for r in rows]
    verifier = MathVerifier()

    mv_pass, mv_s = timed(lambda: run_math_verify(rows), args.rounds)
    rl_pass, rl_s = timed(lambda: run_rlvr(verifier, tasks, completions), args.rounds)
    slowest = max(((verifier.verify(t, c).seconds, t.id) for t, c in zip(tasks, completions)))

    hard = []  # rows that need sympy in a worker (the rest are plain numbers or the same text: decided in-process)
    for i, (t, c) in enumerate(zip(tasks, completions)):
        cands = verifier.extract(t, c)
        opts = verifier._options(t)
        if isinstance(cands, list) and any(verifier._cheap(verifier.gold_text(t), x, *opts) is None for x in cands):
            hard.append(i)
    in_process = len(rows) - len(hard)
    # the same race on the sympy rows only, so the in-process shortcut cannot flatter the ratio
    _, mv_hard_s = timed(lambda: run_math_verify([rows[i] for i in hard]), args.rounds)
    _, rl_hard_s = timed(lambda: run_rlvr(verifier, [tasks[i] for i in hard], [completions[i] for i in hard]), args.rounds)
    hard_ratio = mv_hard_s / rl_hard_s

    n = len(rows) * args.rounds
    report = {
        "cases": len(rows), "adversarial": sum(r["adversarial"] for r in rows), "rounds": args.rounds, "cores": os.cpu_count(),
        "math_verify": {**score(rows, mv_pass), "cases_per_s": n / mv_s},
        "rlvr": {**score(rows, rl_pass), "cases_per_s": n / rl_s, "slowest_case_s": slowest[0], "slowest_case": slowest[1],
                 "decided_in_process": in_process},
        "sympy_rows_throughput_ratio": hard_ratio,
    }
    report["throughput_ratio"] = report["rlvr"]["cases_per_s"] / report["math_verify"]["cases_per_s"]
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"corpus: {report['cases']} cases ({report['adversarial']} adversarial), {args.rounds} timed rounds, {report['cores']} cores")
    print(f"{'verifier':<12}{'accuracy':>10}{'no-meta acc':>13}{'FP':>5}{'FN':>5}{'adv FP':>8}{'cases/s':>10}")
    for name in ("math_verify", "rlvr"):
        r = report[name]
        print(f"{name:<12}{r['accuracy']:>10.3f}{r['plain_accuracy']:>13.3f}{len(r['false_positives']):>5}"
              f"{len(r['false_negatives']):>5}{len(r['adversarial_false_positives']):>8}{r['cases_per_s']:>10.0f}")
    print(f"throughput ratio rlvr / Math-Verify: {report['throughput_ratio']:.2f}x "
          f"(on the {len(hard)} rows that need sympy alone: {hard_ratio:.2f}x)")
    print(f"slowest single rlvr case: {slowest[0]:.3f} s ({slowest[1]}); {in_process} of {len(rows)} rows decided in-process, "
          f"the rest by sympy in bounded workers")
    cats = sorted({r["category"].split("-")[0] for r in rows})
    print("per category (cases: Math-Verify / rlvr accuracy): " + "; ".join(
        f"{c} {sum(1 for r in rows if r['category'].startswith(c))}: "
        f"{_acc(rows, mv_pass, c):.2f}/{_acc(rows, rl_pass, c):.2f}" for c in cats))
    for name in ("math_verify", "rlvr"):
        r = report[name]
        print(f"{name} false positives: {', '.join(r['false_positives']) or '-'}")
        print(f"{name} false negatives: {', '.join(r['false_negatives']) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
