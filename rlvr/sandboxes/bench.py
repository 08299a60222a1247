"""Programs per second through a sandbox, against a plain ``python3``-per-program baseline in the same run.

The baseline is what a harness without a pool does: each program in a fresh ``python3`` subprocess,
no isolation at all, at the same parallelism (one runner per worker). Both run the same short
assert-based program, and every run must come back ``ok``: a fast sandbox that fails is not measured.

Two baselines: the headline one starts the sandbox's own interpreter (only the mechanism differs); the
second ("harness") starts ``sys.executable``, the interpreter running rlvr, as a harness calling
``subprocess.run([sys.executable, ...])`` from inside rlvr would. It is skipped when the two are the same
file. Both are in the output, with their ratios.

>>> r = bench("process", programs=4, baseline_programs=4, harness_programs=0, workers=1, quiet=True)
>>> sorted(k for k in r if k in ("backend", "programs", "per_second", "baseline_per_second", "ratio"))
['backend', 'baseline_per_second', 'per_second', 'programs', 'ratio']
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from rlvr.errors import ConfigError, SandboxError
from rlvr.sandboxes import _host
from rlvr.sandboxes.base import Job
from rlvr.sandboxes.choose import get_sandbox

__all__ = ["PROGRAM", "bench", "baseline", "report_lines"]

PROGRAM = '''def solve(xs):
    return sorted(set(xs))


assert solve([3, 1, 2, 3]) == [1, 2, 3]
assert sum(i * i for i in range(100)) == 328350
assert "".join(reversed("abc")) == "cba"
'''


def baseline(programs: int, workers: int, python: str, program: str = PROGRAM) -> tuple[float, float]:
    """(seconds, CPU seconds) to run ``programs`` copies, each in a fresh ``python3``, ``workers`` at a time."""

    def one(_: int) -> None:  # subprocess.run, as a harness without a pool would do
        r = subprocess.run([python, "-c", program], capture_output=True, timeout=60, env={})
        if r.returncode != 0:
            raise SandboxError(f"baseline python3 failed: {r.stderr.decode()[-200:]}")

    c0, t0 = _cpu_self_and_children(), time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(one, range(programs)))
    return time.perf_counter() - t0, _cpu_self_and_children() - c0


def _cpu_self_and_children() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench(backend: str = "auto", programs: int = 3000, baseline_programs: int = 300, workers: int | None = None,
          program: str = PROGRAM, quiet: bool = False, baseline_python: str | None = None,
          harness_programs: int | None = None) -> dict:
    """Measure ``backend`` and the baselines in this run; return the figures (``rlvr sandbox bench --json``).

    The baseline runs the sandbox's own interpreter unless ``baseline_python`` names another (a venv's
    python, say, whose site-packages make every start slower): same interpreter, only the mechanism differs.
    The harness baseline (``harness_programs``, default ``baseline_programs``; 0 skips it) runs ``sys.executable``.
    """
    workers = workers or _host.default_workers()
    opts = {"workers": workers}
    if backend == "process":
        opts["warn"] = not quiet
    with get_sandbox(backend, **opts) as sb:
        python = getattr(sb, "python", None) or _host.sandbox_python()
        warm = sb.run_many([Job(program)] * (2 * workers))  # start the pool; not timed
        bad = [r for r in warm if not r.ok]
        if bad:
            raise SandboxError(f"the bench program fails in the {sb.name} sandbox: {bad[0].status} {bad[0].stderr[-200:]}")
        pool = getattr(sb, "pool", None)
        pids = pool.host_pids() if pool is not None else []
        pool_cpu0 = _host.tree_usage(pids)[0] if pids else 0.0
        c0, t0 = _cpu_self_and_children(), time.perf_counter()
        results = sb.run_many([Job(program)] * programs)
        seconds = time.perf_counter() - t0
        # CPU of this process, of the programs it reaped itself (process backend), and of the pool's tree
        cpu = _cpu_self_and_children() - c0 + ((_host.tree_usage(pids)[0] - pool_cpu0) if pids else 0.0)
        name = sb.name
    failed = sum(not r.ok for r in results)
    if failed:
        raise SandboxError(f"{failed} of {programs} bench programs did not pass in the {name} sandbox")
    base_python = python
    if baseline_python:  # as given, not resolved: a venv's python is a symlink that finds its venv by its own path
        base_python = _executable(baseline_python, "--baseline-python")
    base_s, base_cpu = baseline(baseline_programs, workers, base_python, program)
    per_s, base_per_s = programs / seconds, baseline_programs / base_s
    cpu_ms, base_cpu_ms = 1000 * cpu / programs, 1000 * base_cpu / baseline_programs
    r = {
        "backend": name,
        "programs": programs,
        "workers": workers,
        "seconds": round(seconds, 3),
        "per_second": round(per_s, 1),
        "baseline": "fresh python3 subprocess per program, no isolation, same parallelism",
        "baseline_python": base_python,
        "baseline_programs": baseline_programs,
        "baseline_seconds": round(base_s, 3),
        "baseline_per_second": round(base_per_s, 1),
        "ratio": round(per_s / base_per_s, 2),
        # CPU per program, all processes counted: what the ratio becomes on an idle machine, where each
        # side gets every core; on a shared machine the wall-clock figures above follow the neighbours
        "cpu_ms_per_program": round(cpu_ms, 3),
        "baseline_cpu_ms_per_program": round(base_cpu_ms, 3),
        "cpu_ratio": round(base_cpu_ms / cpu_ms, 2) if cpu_ms > 0 else None,
    }
    harness = _executable(sys.executable, "sys.executable")
    n = baseline_programs if harness_programs is None else harness_programs
    if n > 0 and os.path.realpath(harness) != os.path.realpath(base_python):
        h_s, h_cpu = baseline(n, workers, harness, program)
        h_cpu_ms = 1000 * h_cpu / n
        r.update({"harness_python": harness, "harness_programs": n, "harness_seconds": round(h_s, 3),
                  "harness_per_second": round(n / h_s, 1), "harness_ratio": round(per_s / (n / h_s), 2),
                  "harness_cpu_ms_per_program": round(h_cpu_ms, 3),
                  "harness_cpu_ratio": round(h_cpu_ms / cpu_ms, 2) if cpu_ms > 0 else None})
    r.update({"cores": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2), "python": python,
              "machine": platform.machine()})
    return r


def _executable(path: str, what: str) -> str:
    found = shutil.which(path) or path
    if not os.access(found, os.X_OK):
        raise ConfigError(f"{what} {path!r} is not an executable; pass a python3 path")
    return os.path.abspath(found)


def report_lines(r: dict) -> list[str]:
    """``bench``'s figures as the lines ``benchmarks/sandbox_bench.py`` and ``rlvr sandbox bench`` print."""
    lines = [f"backend {r['backend']}, {r['workers']} workers, {r['cores']} cores, load average {r['load_average_1m']}",
             f"sandbox : {r['programs']:6d} programs in {r['seconds']:7.2f} s = {r['per_second']:8.1f} /s",
             f"baseline: {r['baseline_programs']:6d} programs in {r['baseline_seconds']:7.2f} s = "
             f"{r['baseline_per_second']:8.1f} /s  (fresh {r['baseline_python']} per program, no isolation)"]
    if "harness_python" in r:
        lines.append(f"harness : {r['harness_programs']:6d} programs in {r['harness_seconds']:7.2f} s = "
                     f"{r['harness_per_second']:8.1f} /s  (fresh {r['harness_python']} per program, sys.executable)")
    lines.append(f"ratio   : {r['ratio']:.1f}x vs baseline" + (f", {r['harness_ratio']:.1f}x vs harness" if "harness_python" in r else ""))
    cpu = (f"CPU per program (every process counted): sandbox {r['cpu_ms_per_program']:.2f} ms, "
           f"baseline {r['baseline_cpu_ms_per_program']:.2f} ms ({r['cpu_ratio']}x)")
    if "harness_python" in r:
        cpu += f", harness {r['harness_cpu_ms_per_program']:.2f} ms ({r['harness_cpu_ratio']}x)"
    lines.append(cpu)
    return lines
