"""What a copy-on-write page fault costs on this machine, for the sandbox pool's arithmetic.

A process holding ``--mib`` of written memory forks a child that waits on a pipe, then exits. Four arms,
each against the same no-write cycle in the same run: the parent writes ``--pages`` pages while the child
is alive (each write copies a still-shared page), or after the child is gone (the page is ours again: a
fault that only re-enables writing), or the child writes them before it exits (copies). The difference
per page is the cost of one fault of that kind; the no-write cycle itself is the fork and exit.

    .venv/bin/python benchmarks/cow_cost.py [--mib 9] [--pages 200] [--cycles 1000]
"""

from __future__ import annotations

import argparse
import mmap
import os
import resource
import time


def cycle_costs(mem: mmap.mmap, pages: int, cycles: int, arm: str) -> tuple[float, float]:
    """(parent µs, child µs) of CPU per fork cycle, the arm's page writes included."""
    base = (len(mem) // mmap.PAGESIZE - 2 * pages - 1) * mmap.PAGESIZE  # pages no other arm wrote lately
    p0, c0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(cycles):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.read(r, 1)
            if arm == "child":
                for k in range(pages):
                    mem[base + k * mmap.PAGESIZE] = 2
            os._exit(0)
        if arm == "parent, child alive":
            for k in range(pages):
                mem[base + k * mmap.PAGESIZE] = 3
        os.write(w, b"x")
        os.waitpid(pid, 0)
        if arm == "parent, child gone":
            for k in range(pages):
                mem[base + k * mmap.PAGESIZE] = 4
        os.close(r)
        os.close(w)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime
    return 1e6 * (time.process_time() - p0) / cycles, 1e6 * child / cycles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=int, default=9, help="written memory the parent holds (a zygote holds ~9 MiB)")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--cycles", type=int, default=1000)
    a = ap.parse_args()
    mem = mmap.mmap(-1, a.mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for off in range(0, len(mem), mmap.PAGESIZE):
        mem[off] = 1
    none = cycle_costs(mem, a.pages, a.cycles, "none")
    print(f"fork + exit, {a.mib} MiB written: parent {none[0]:.1f} µs, child {none[1]:.1f} µs per cycle "
          f"(load average {os.getloadavg()[0]:.2f})")
    for arm in ("parent, child alive", "parent, child gone", "child"):
        p, c = cycle_costs(mem, a.pages, a.cycles, arm)
        side = c - none[1] if arm == "child" else p - none[0]
        print(f"{arm:20s}: {side / a.pages:5.2f} µs per page written")


if __name__ == "__main__":
    main()
