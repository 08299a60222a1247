"""Where a code case's time goes: the judge's parts timed as sandbox jobs of their own, in one run.

Each row is a batch of identical jobs on a one-worker pool, rounds interleaved so host load drifts over
all rows alike; it prints the median wall and the CPU the sandbox measured per job (the job's process
and the children it waited for), and each row's share of a whole one-test function task:

- ``empty program``: the sandbox's own cost (the zygote forks, runs nothing, reports);
- ``judge loaded, not run``: the judge's bytecode decompressed and unmarshalled (``code_judge`` stub);
- ``fresh python3 -I -S``: starting the interpreter the judge runs the candidate in (fork + exec + init);
- ``function task, 1 test`` / ``function task, 10 tests``: the whole judge, a correct ``add``;
- ``stdin/stdout task, 1 case`` / ``10 cases``: the launcher starts once, each case is a fork of it.

``--baseline-judge OLD.py`` adds the task rows for another judge source (an earlier ``code_harness.py``),
sent as source the way that version was, so before and after are timed in the same run.

    .venv/bin/python benchmarks/code_judge_costs.py [--sandbox bwrap] [--jobs 20] [--rounds 5] [--baseline-judge OLD.py]
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes import Job, get_sandbox  # noqa: E402
from rlvr.types import Task  # noqa: E402
from rlvr.verifiers.code import CodeVerifier  # noqa: E402
from rlvr.verifiers.code_judge import judge_program  # noqa: E402

ADD = "def add(a, b):\n    return a + b\n"
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def fn_task(n: int) -> Task:
    return Task(id=f"fn{n}", suite="code", prompt="add", meta={"tests": [f"assert add({i}, 2) == {i + 2}" for i in range(n)]})


def io_task(n: int) -> Task:
    return Task(id=f"io{n}", suite="code", prompt="sum", meta={"io": [{"stdin": f"{i} 2\n", "stdout": f"{i + 2}\n"} for i in range(n)]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sandbox", default="bwrap")
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--baseline-judge", help="another code_harness.py whose task rows are timed too")
    args = ap.parse_args()

    sandbox = get_sandbox(args.sandbox, workers=1)
    verifier = CodeVerifier().use_sandbox(sandbox)
    judge = judge_program(sandbox)
    if judge.startswith("# rlvr"):
        load_only = judge.replace("exec(marshal.loads(", "(marshal.loads(")  # everything but running it
    else:
        load_only = f"compile({judge!r}, 'main.py', 'exec')"

    def judged(task: Task, program: str, source: str | None = None) -> list[Job]:
        return [Job(source or judge, stdin=json.dumps(verifier._payload(task, program, secrets.token_hex(8))), limits=verifier._limits(task))
                for _ in range(args.jobs)]

    spawn = ("import os, sys\npid = os.posix_spawn(sys.executable, [sys.executable, '-I', '-S', '-c', 'pass'], {})\n"
             "os.waitpid(pid, 0)\n")
    rows = {
        "empty program": lambda: [Job("pass")] * args.jobs,
        "judge loaded, not run": lambda: [Job(load_only)] * args.jobs,
        "fresh python3 -I -S": lambda: [Job(spawn)] * args.jobs,
        "function task, 1 test": lambda: judged(fn_task(1), ADD),
        "function task, 10 tests": lambda: judged(fn_task(10), ADD),
        "stdin/stdout task, 1 case": lambda: judged(io_task(1), SUM),
        "stdin/stdout task, 10 cases": lambda: judged(io_task(10), SUM),
    }
    if args.baseline_judge:
        old = Path(args.baseline_judge).read_text(encoding="utf-8")
        rows |= {
            "baseline: function task, 1 test": lambda: judged(fn_task(1), ADD, old),
            "baseline: function task, 10 tests": lambda: judged(fn_task(10), ADD, old),
            "baseline: stdin/stdout, 1 case": lambda: judged(io_task(1), SUM, old),
            "baseline: stdin/stdout, 10 cases": lambda: judged(io_task(10), SUM, old),
        }
    wall: dict[str, list[float]] = {k: [] for k in rows}
    cpu: dict[str, list[float]] = {k: [] for k in rows}
    sandbox.run_many([Job("pass")] * 2)
    for _ in range(args.rounds):
        for name, make in rows.items():
            jobs = make()
            start = time.perf_counter()
            results = sandbox.run_many(jobs)
            seconds = time.perf_counter() - start
            bad = [r for r in results if r.status != "ok" or ("RLVR-RESULT" in r.stdout and '"harness_error"' in r.stdout)]
            if bad or (name.startswith(("function", "stdin", "baseline")) and not all('"passed": ' in r.stdout for r in results)):
                sys.exit(f"{name}: a job did not run as expected: {(bad or results)[0]}")
            wall[name].append(1000 * seconds / len(jobs))
            cpu[name].append(1000 * statistics.mean(r.cpu_s for r in results))
    sandbox.close()
    ref = statistics.median(cpu["function task, 1 test"])
    print(f"backend {args.sandbox}, one worker, {args.jobs} jobs x {args.rounds} rounds per row")
    print(f"{'':34s} {'wall ms/job':>12s} {'CPU ms/job':>11s} {'CPU / function task':>20s}")
    for name in rows:
        c = statistics.median(cpu[name])
        print(f"{name:34s} {statistics.median(wall[name]):12.1f} {c:11.1f} {c / ref:20.2f}")


if __name__ == "__main__":
    main()
