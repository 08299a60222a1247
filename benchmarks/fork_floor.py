"""The fork-per-program floor: how fast a warm interpreter can run programs with no sandbox around it.

Three measurements in the same run, the same program (``rlvr.sandboxes.bench.PROGRAM``) at the same
parallelism (one runner per core), every run checked:

- floor: a warm ``python3.11`` compiles each program, forks, the child execs it and ``_exit``s, the parent
  waits. No pipes, limits, watcher, namespaces or host: the least any fork-per-program pool must do.
- baseline: a fresh ``python3.11`` per program (what ``rlvr sandbox bench`` calls the baseline).
- pool: the sandbox's warm pool, exactly as ``rlvr sandbox bench`` measures it.

It answers one question: what ratio against a fresh interpreter is physically there for a pool of forked
CPython children on this machine, and how much of it the sandbox spends. CPU counts every process.

    .venv/bin/python benchmarks/fork_floor.py [--rounds 3] [--sandbox auto]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes import _host  # noqa: E402
from rlvr.sandboxes.bench import PROGRAM, bench  # noqa: E402

# Runs in the sandbox's own interpreter (stdlib only), as the zygote does. argv: workers, programs each.
_FLOOR = r'''
import gc, json, os, resource, sys, time
workers, n = int(sys.argv[1]), int(sys.argv[2])
src = sys.stdin.read()

def forker():
    gc.freeze()  # as the zygote does: the child's collections do not walk the parent's objects
    for _ in range(n):
        code = compile(src, "<program>", "exec")  # per program, as the zygote compiles each one
        pid = os.fork()
        if pid == 0:
            try:
                exec(code, {"__name__": "__main__"})
            except BaseException:
                os._exit(1)
            os._exit(0)
        if os.waitpid(pid, 0)[1] != 0:
            os._exit(1)
    os._exit(0)

t0 = time.perf_counter()
pids = []
for _ in range(workers):
    pid = os.fork()
    if pid == 0:
        forker()
    pids.append(pid)
ok = all(os.waitpid(p, 0)[1] == 0 for p in pids)
seconds = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"ok": ok, "seconds": seconds, "cpu": ru.ru_utime + ru.ru_stime}))
'''


def floor(python: str, workers: int, programs: int) -> tuple[float, float]:
    """(seconds, CPU seconds) for ``programs`` runs of PROGRAM forked from a warm ``python``."""
    each = max(1, programs // workers)
    out = subprocess.run([python, "-c", _FLOOR, str(workers), str(each)], input=PROGRAM, capture_output=True,
                         text=True, timeout=600, env={}, check=True)
    r = json.loads(out.stdout)
    if not r["ok"]:
        raise SystemExit("the floor's program failed: nothing to measure")
    return r["seconds"] * programs / (each * workers), r["cpu"] * programs / (each * workers)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sandbox", default="auto", help="auto, bwrap, docker or process")
    ap.add_argument("--programs", type=int, default=3000)
    ap.add_argument("--baseline-programs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    workers, python = _host.default_workers(), _host.sandbox_python()
    print(f"{workers} runners, interpreter {python}")
    print(f"{'round':>5} {'floor/s':>8} {'pool/s':>8} {'fresh/s':>8} | {'floor':>6} {'pool':>6} vs fresh"
          f" | pool/floor | CPU ms: floor  pool  fresh")
    for i in range(a.rounds):
        fs, fc = floor(python, workers, a.programs)
        p = bench(a.sandbox, programs=a.programs, baseline_programs=a.baseline_programs, harness_programs=0,
                  workers=workers, quiet=True)
        f_rate, b_rate = a.programs / fs, p["baseline_per_second"]
        b_cpu, f_cpu = p["baseline_cpu_ms_per_program"], 1000 * fc / a.programs
        print(f"{i + 1:>5} {f_rate:8.1f} {p['per_second']:8.1f} {b_rate:8.1f} | {f_rate / b_rate:5.1f}x"
              f" {p['per_second'] / b_rate:5.1f}x       | {p['per_second'] / f_rate:9.2f}  |"
              f" {f_cpu:11.2f} {p['cpu_ms_per_program']:5.2f} {b_cpu:6.2f}")


if __name__ == "__main__":
    main()
