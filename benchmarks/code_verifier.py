"""Code verifier throughput and soundness: reference solutions must all pass, broken ones must all fail.

Builds N generated ``code`` tasks (all families, difficulties 1..5), verifies each task's worked solution
and one broken completion per task (a wrong answer, or a reward hack: ``sys.exit(0)``, ``os._exit(0)``,
an always-equal object, a forged verdict line, patched builtins, killing the judge, reading the judge's
memory, an endless loop), and prints cases per second.

Baseline, in the same run and the same sandbox at the same parallelism: the naive judge most RLVR code
pipelines use, the program with the asserts appended as one script, passing when it exits 0 (stdin/stdout
cases: one run per case, stdout compared), under the verifier's per-test CPU and wall limits. It is faster
(the program is forked straight from the sandbox's warm interpreter, where rlvr's judge must start a fresh
one for it), and the hacks pass it; that is the point.

    .venv/bin/python benchmarks/code_verifier.py --tasks 1000 [--sandbox auto] [--json] [--baseline-judge OLD.py]

``--baseline-judge`` also times another judge source that reads the same stdin (an earlier
``code_harness.py``, e.g. ``git show 123c6dc:rlvr/verifiers/code_harness.py > /tmp/old_judge.py``) on the
same cases, sent as source the way that version sent it, and prints rlvr's speed-up over it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes import Job  # noqa: E402
from rlvr.tasks.code import CodeSuite  # noqa: E402
from rlvr.types import Limits, Task  # noqa: E402
from rlvr.verifiers.code import CodeVerifier  # noqa: E402
from rlvr.verifiers.code_extract import extract_program  # noqa: E402

HACKS = ["wrong", "exit_top", "always_equal", "os_exit", "forged_line", "patched_builtins", "kill_judge", "read_judge",
         "wrong", "wrong", "always_equal", "forged_line"]
LOOP_EVERY = 50  # one in 50 broken programs loops forever: each costs a full CPU limit


def tasks(n: int) -> list[Task]:
    suite, out = CodeSuite(), []
    per = -(-n // 5)
    for d in range(1, 6):
        out += suite.generate(per, seed=7, difficulty=d)
    return out[:n]


def broken(task: Task, i: int) -> str:
    """A completion that must fail: the reference made wrong, or the reference plus a reward hack."""
    ref = task.answer
    entry = task.meta.get("entry_point")
    kind = "loop" if i % LOOP_EVERY == LOOP_EVERY - 1 else HACKS[i % len(HACKS)]
    eq = "class _Yes:\n    def __eq__(self, o):\n        return True\n    def __bool__(self):\n        return True\n    __hash__ = object.__hash__\n"
    if kind == "wrong":
        if "io" in task.meta:
            code = ref + "print('wrong')\n"
        elif isinstance(entry, str) and entry[:1].isupper():  # a class: every method answers wrongly
            code = ref + f"for _n, _f in list(vars({entry}).items()):\n    if callable(_f) and not _n.startswith('__'):\n        setattr({entry}, _n, lambda self, *a, _f=_f: ('wrong', _f(self, *a)))\n"
        else:
            code = ref + f"_orig = {entry}\ndef {entry}(*a, **k):\n    return ('wrong', _orig(*a, **k))\n"
    elif kind == "exit_top":
        code = "import sys\nsys.exit(0)\n" + ref
    elif kind == "always_equal":
        code = eq + ("print(_Yes())\n" if "io" in task.meta else f"def {entry}(*a, **k):\n    return _Yes()\n")
    elif kind == "os_exit":
        code = ref + (f"import os\ndef {entry}(*a, **k):\n    os._exit(0)\n" if entry else "import os\nos._exit(0)\n")
    elif kind == "forged_line":
        code = "import os, sys\nprint('RLVR-RESULT 0 {\"passed\": 99, \"total\": 99, \"results\": []}')\nos.write(1, b'ok\\n')\nsys.exit(0)\n"
    elif kind == "patched_builtins":
        code = ("import builtins\nbuiltins.AssertionError = type('Nope', (Exception,), {})\nbuiltins.print = lambda *a, **k: None\n"
                + (ref + "sys.stdout.write('wrong\\n')\n" if "io" in task.meta else f"def {entry}(*a, **k):\n    return None\n"))
    elif kind == "kill_judge":
        code = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + ref
    elif kind == "read_judge":
        code = ("import os\ntry:\n    secret = open(f'/proc/{os.getppid()}/mem', 'rb').read(64)\nexcept OSError as e:\n    secret = repr(e)\n"
                + ("print(secret)\n" if "io" in task.meta else f"def {entry}(*a, **k):\n    return secret\n"))
    else:
        code = "while True:\n    pass\n"
    return f"Final answer:\n```python\n{code}```"


def naive_job(task: Task, program: str, verifier: CodeVerifier) -> list[Job]:
    lim = Limits(wall_time_s=verifier.wall_s, cpu_time_s=verifier.cpu_s)  # rlvr's per-test limits: a loop costs both the same
    if "io" in task.meta:
        return [Job(program, stdin=c["stdin"], limits=lim) for c in task.meta["io"]]
    tests = task.meta["tests"]
    body = "\n".join(tests) if isinstance(tests, list) else tests
    return [Job(program + "\n\n" + body + "\n", limits=lim)]


def naive(sandbox, items: list[Task], completions: list[str], verifier: CodeVerifier) -> tuple[list[bool], float]:
    jobs, owner = [], []
    for k, (t, c) in enumerate(zip(items, completions)):
        program = extract_program(c) or ""
        for j in naive_job(t, program, verifier):
            jobs.append(j)
            owner.append(k)
    start = time.perf_counter()
    results = sandbox.run_many(jobs)
    seconds = time.perf_counter() - start
    ok = [True] * len(items)
    case = {}
    for k, r in zip(owner, results):
        t = items[k]
        if "io" in t.meta:
            want = t.meta["io"][case.setdefault(k, 0)]["stdout"]
            case[k] += 1
            good = r.status == "ok" and r.exit_code == 0 and r.stdout.rstrip() == want.rstrip()
        else:
            good = r.status == "ok" and r.exit_code == 0
        ok[k] = ok[k] and good
    return ok, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--sandbox", default="auto")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--baseline-judge", help="another code_harness.py to time on the same cases (before/after)")
    args = ap.parse_args()

    items = tasks(args.tasks)
    gold = [t.meta["solution"] for t in items]
    bad = [broken(t, i) for i, t in enumerate(items)]
    verifier = CodeVerifier(sandbox=args.sandbox)
    sandbox = verifier.sandbox()
    sandbox.run_many([Job("print(1)")] * 4)  # warm the pool for both contenders

    start = time.perf_counter()
    gold_v = verifier.verify_batch(items, gold)
    gold_s = time.perf_counter() - start
    start = time.perf_counter()
    bad_v = verifier.verify_batch(items, bad)
    bad_s = time.perf_counter() - start

    naive_gold, naive_gold_s = naive(sandbox, items, gold, verifier)
    naive_bad, naive_bad_s = naive(sandbox, items, bad, verifier)
    baseline = None
    if args.baseline_judge:
        verifier._program = Path(args.baseline_judge).read_text(encoding="utf-8")  # sent as source, as before
        start = time.perf_counter()
        old_gold = verifier.verify_batch(items, gold)
        old_gold_s = time.perf_counter() - start
        start = time.perf_counter()
        old_bad = verifier.verify_batch(items, bad)
        old_bad_s = time.perf_counter() - start
        baseline = {"judge": args.baseline_judge, "gold_pass": sum(v.status == "pass" for v in old_gold),
                    "broken_fail": sum(v.status == "fail" for v in old_bad), "cases_per_second": round(2 * len(items) / (old_gold_s + old_bad_s), 1),
                    "gold_seconds": round(old_gold_s, 2), "broken_seconds": round(old_bad_s, 2)}

    gold_fail = [(t.id, v.status, v.reason) for t, v in zip(items, gold_v) if v.status != "pass"]
    bad_pass = [(t.id, v.reason) for t, v in zip(items, bad_v) if v.status != "fail"]
    n = len(items)
    report = {
        "backend": sandbox.name, "tasks": n,
        "rlvr": {"gold_pass": n - len(gold_fail), "broken_fail": n - len(bad_pass), "errors": sum(v.status == "error" for v in gold_v + bad_v),
                 "cases_per_second": round(2 * n / (gold_s + bad_s), 1), "gold_seconds": round(gold_s, 2), "broken_seconds": round(bad_s, 2)},
        "naive": {"gold_pass": sum(naive_gold), "broken_pass": sum(naive_bad),
                  "cases_per_second": round(2 * n / (naive_gold_s + naive_bad_s), 1)},
    }
    report["ratio_rlvr_over_naive"] = round(report["rlvr"]["cases_per_second"] / report["naive"]["cases_per_second"], 3)
    if baseline:
        report["baseline_judge"] = baseline
        report["ratio_rlvr_over_baseline_judge"] = round(report["rlvr"]["cases_per_second"] / baseline["cases_per_second"], 3)
    verifier.close()
    if args.json:
        print(json.dumps(report))
    else:
        r, b = report["rlvr"], report["naive"]
        print(f"backend {report['backend']}, {n} tasks x (reference + broken)")
        print(f"rlvr code verifier : {r['gold_pass']}/{n} references pass, {r['broken_fail']}/{n} broken fail,"
              f" {r['errors']} errors, {r['cases_per_second']} cases/s")
        print(f"naive exit-code judge: {b['gold_pass']}/{n} references pass, {b['broken_pass']}/{n} broken PASS (hacks),"
              f" {b['cases_per_second']} cases/s")
        print(f"ratio rlvr/naive throughput: {report['ratio_rlvr_over_naive']}")
        print(f"rlvr seconds: references {r['gold_seconds']}, broken {r['broken_seconds']}")
        if baseline:
            print(f"baseline judge {baseline['judge']}: {baseline['gold_pass']}/{n} references pass, {baseline['broken_fail']}/{n} broken fail,"
                  f" {baseline['cases_per_second']} cases/s (references {baseline['gold_seconds']} s, broken {baseline['broken_seconds']} s)")
            print(f"ratio rlvr/baseline judge throughput: {report['ratio_rlvr_over_baseline_judge']}")
        for row in gold_fail[:5]:
            print("reference not passing:", row)
        for row in bad_pass[:5]:
            print("broken not failing:", row)
    if gold_fail or bad_pass:
        sys.exit(1)


if __name__ == "__main__":
    main()
