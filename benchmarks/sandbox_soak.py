"""Soak: 100,000 programs through the warm pool, a tenth of them hostile; the pool must stay flat.

Prints the pool's memory (RSS of every sandbox worker process, summed) and process count at the start
and at the end, and the status counts. Hostile programs rotate through the red-team suite's cases
(infinite loops, fork bombs, memory bombs, floods of output, daemons, disk fill, ...) with short limits.
Not run in CI: it takes tens of minutes on two cores.

    .venv/bin/python benchmarks/sandbox_soak.py [--sandbox bwrap] [--programs 100000] [--batch 2000]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes import Job, _host, get_sandbox  # noqa: E402
from rlvr.sandboxes.bench import PROGRAM  # noqa: E402
from rlvr.sandboxes.redteam import CASES, Canaries  # noqa: E402
from rlvr.types import Limits  # noqa: E402

HOSTILE_LIMITS = Limits(wall_time_s=0.3, cpu_time_s=1.0, memory_mib=256)  # short: 10,000 of them


def pool_footprint(sb) -> tuple[int, int]:
    """(RSS in KiB, processes) of every process running as one of the pool's uids (root) or under its workers."""
    uids = {_host.slot_uid(i) for i in range(sb.workers)} if os.geteuid() == 0 else {os.getuid()}
    rss = procs = 0
    for e in os.scandir("/proc"):
        if not e.name.isdigit():
            continue
        try:
            if e.stat().st_uid not in uids:
                continue
            with open(f"/proc/{e.name}/status") as f:
                status = f.read()
        except OSError:
            continue
        procs += 1
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1])
    return rss, procs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sandbox", default="bwrap")
    ap.add_argument("--programs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=2000)
    a = ap.parse_args()
    hostile = [c for c in CASES if c.name != "disk_fill" or a.sandbox != "process"]
    canaries = Canaries()
    counts: collections.Counter[str] = collections.Counter()
    with get_sandbox(a.sandbox) as sb:
        sb.run_many([Job(PROGRAM)] * sb.workers)  # start the pool
        rss0, procs0 = pool_footprint(sb)
        print(f"start: pool RSS {rss0 / 1024:.1f} MiB, {procs0} processes ({sb.name}, {sb.workers} workers)", flush=True)
        t0, done = time.monotonic(), 0
        while done < a.programs:
            n = min(a.batch, a.programs - done)
            jobs = []
            for i in range(done, done + n):
                if i % 10 == 9:  # a tenth hostile
                    case = hostile[(i // 10) % len(hostile)]
                    limits = HOSTILE_LIMITS
                    jobs.append(Job(canaries.fill(case.program), limits=limits))
                else:
                    jobs.append(Job(PROGRAM))
            results = sb.run_many(jobs)
            for i, r in zip(range(done, done + n), results):
                counts[("hostile " if i % 10 == 9 else "plain ") + r.status] += 1
                if i % 10 != 9 and not r.ok:
                    print(f"plain program {i} failed: {r.status} {r.stderr[-200:]!r}", flush=True)
            done += n
            rss, procs = pool_footprint(sb)
            print(f"{done:7d} programs, {done / (time.monotonic() - t0):6.1f}/s, pool RSS {rss / 1024:.1f} MiB, "
                  f"{procs} processes, restarts {getattr(getattr(sb, 'pool', None), 'restarts', 0)}", flush=True)
        rss1, procs1 = pool_footprint(sb)
    canaries.close()
    print(f"end: pool RSS {rss1 / 1024:.1f} MiB, {procs1} processes; {done} programs in {time.monotonic() - t0:.0f} s")
    print("statuses:", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
