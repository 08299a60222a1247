"""Host-side helpers shared by the backends: which python3 runs inside, throwaway uids, inside sources."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from functools import cache
from pathlib import Path

from rlvr.errors import SandboxError

HERE = Path(__file__).resolve().parent
# Unprivileged uids for sandboxed programs when rlvr runs as root: RLIMIT_NPROC does not bind uid 0,
# and uid 0 owns /etc/shadow. One uid per worker slot and per rlvr process, so a fork bomb in one slot
# cannot use up another slot's process quota, and "kill every process of this uid" hits only its slot.
UID_BASE = 1_500_000_000
UID_RANGE = 400_000_000


def is_root() -> bool:
    return os.geteuid() == 0


def slot_uid(slot: int, pid: int | None = None) -> int:
    """The throwaway uid of worker ``slot`` in this process (root hosts only)."""
    return UID_BASE + ((pid or os.getpid()) * 256 + slot) % UID_RANGE


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def sandbox_python(explicit: str | None = None) -> str:
    """The python3 the sandbox runs: ``explicit``, else the system's, else this interpreter's base one.

    The system interpreter comes first because its files sit under /usr, which every backend exposes
    read-only anyway; a pyenv or venv interpreter under a home dir would need that dir exposed.
    """
    for cand in (explicit, "/usr/bin/python3", "/usr/local/bin/python3", getattr(sys, "_base_executable", None), sys.executable):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.realpath(cand)
        if explicit and cand == explicit:
            raise SandboxError(f"sandbox python {explicit!r} is not an executable file; pass a python3 path that exists")
    raise SandboxError("no python3 interpreter found for the sandbox; install python3 or pass python=PATH")


@cache
def inside_source(with_zygote: bool) -> str:
    """The stdlib-only code a sandbox runs via ``python3 -I -c``, as one string."""
    names = ["_inside.py", "_wire.py", "_zygote.py"] if with_zygote else ["_inside.py"]
    parts = [(HERE / name).read_text() for name in names]
    # ``from __future__`` must open a module; the joined text is one module, so drop the later copies.
    lines = [ln for ln in "\n".join(parts).splitlines() if not ln.startswith("from __future__ import")]
    return "\n".join(lines) + "\n"


def count_tasks_of_uid(uid: int) -> int:
    """Processes plus threads of ``uid`` right now: RLIMIT_NPROC counts all of them, not just the program's."""
    n = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                with open(f"/proc/{entry.name}/status", "rb") as f:
                    for line in f:
                        if line.startswith(b"Threads:"):
                            n += int(line.split()[1])
                            break
        except (OSError, ValueError):
            continue
    return n


def remove_tree(path: str) -> None:
    """rm -rf that also gets through directories the program chmod-ed to 000."""

    def fix(func, p, _exc):
        try:
            os.chmod(os.path.dirname(p), stat.S_IRWXU)
            os.chmod(p, stat.S_IRWXU)
        except OSError:
            pass
        try:
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p, ignore_errors=True)
            else:
                os.unlink(p)
        except OSError:
            pass

    shutil.rmtree(path, onerror=fix)


def chown_tree(path: str, uid: int) -> None:
    os.chown(path, uid, uid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def tree_usage(roots: list[int]) -> tuple[float, int, int]:
    """(CPU seconds incl. reaped children, RSS KiB, process count) of ``roots`` and all their descendants."""
    stats: dict[int, tuple[int, list[str]]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), fields)  # ppid, fields after the command name
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    tick, page_kib = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE") // 1024
    cpu, rss, n, todo = 0.0, 0, 0, [r for r in roots if r in stats]
    while todo:
        pid = todo.pop()
        f = stats[pid][1]
        cpu += sum(int(x) for x in f[11:15]) / tick  # utime stime cutime cstime
        rss += int(f[21]) * page_kib
        n += 1
        todo.extend(children.get(pid, []))
    return cpu, rss, n
