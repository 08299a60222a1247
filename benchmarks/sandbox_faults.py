"""Where a pooled program's time goes: page faults and CPU per program, zygote vs the programs it forks.

Every page the zygote or a forked program writes while they share memory is a copy-on-write fault,
and CPython 3.11 writes a reference count wherever it reads; so faults per program are the figure to
push down (they are exact and do not move with the neighbours, unlike CPU time). Read from
``/proc/<zygote>/stat``: the zygote's own faults and CPU, and its reaped children's (the programs).
One worker, so the zygote's figures are per program without splitting.

    .venv/bin/python benchmarks/sandbox_faults.py [--sandbox bwrap] [--programs 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes import Job, get_sandbox  # noqa: E402
from rlvr.sandboxes.bench import PROGRAM  # noqa: E402


def zygote_pid(sb) -> int:
    """Host pid of the worker's zygote: the sandbox's top process (docker) or its one child (bwrap)."""
    w = sb.pool.workers()[0]
    if sb.name == "docker":
        return w.host_pid
    kids = Path(f"/proc/{w.host_pid}/task/{w.host_pid}/children").read_text().split()
    return int(kids[0])


def counters(pid: int) -> tuple[int, int, float, float]:
    """(faults, children's faults, CPU s, children's CPU s) of ``pid`` so far."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(f[7]), int(f[8]), (int(f[11]) + int(f[12])) / tick, (int(f[13]) + int(f[14])) / tick


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sandbox", default="bwrap", help="bwrap or docker (a warm pool)")
    ap.add_argument("--programs", type=int, default=2000)
    a = ap.parse_args()
    with get_sandbox(a.sandbox, workers=1) as sb:
        sb.run_many([Job(PROGRAM)] * 200)  # warm: the zygote's first runs specialise its code
        pid = zygote_pid(sb)
        before = counters(pid)
        results = sb.run_many([Job(PROGRAM)] * a.programs)
        after = counters(pid)
    if not all(r.ok for r in results):
        raise SystemExit("some programs failed; nothing measured")
    n = a.programs
    d = [(y - x) / n for x, y in zip(before, after)]
    print(f"backend {sb.name}, 1 worker, {n} programs, load average {os.getloadavg()[0]:.2f}")
    print(f"zygote  : {d[0]:6.1f} page faults, {1000 * d[2]:.3f} ms CPU per program")
    print(f"programs: {d[1]:6.1f} page faults, {1000 * d[3]:.3f} ms CPU per program")


if __name__ == "__main__":
    main()
