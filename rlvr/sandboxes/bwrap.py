"""The ``bwrap`` backend: a warm pool of bubblewrap sandboxes, one zygote in each, a fork per program.

Each worker is one ``bwrap`` process built once: every namespace unshared (user, pid, net, ipc, uts,
cgroup; no network but a loopback that is down), no further user namespaces, /usr and friends bound
read-only, the root and /dev remounted read-only, a private size-capped tmpfs at /work owned by the
sandbox uid (1000 inside), bwrap itself started with an EMPTY environment (its init would otherwise
show it at /proc/1/environ) and only the zygote's socket passed in, ``--die-with-parent``,
``--new-session``, and a seccomp deny-list (``seccomp.py``). Run as root, each worker runs as its own
unprivileged host uid, so RLIMIT_NPROC binds and no file of the host's root is the program's.

Inside, the zygote (``_zygote.py``) is PID 1 and forks one child per program; the child drops to the
job's limits before running anything, and after it the zygote kills every other process in the
sandbox and empties /work, so nothing of one program reaches the next.

Limitations: /usr is visible read-only (it is what python3 needs); the kernel is shared, as with any
namespace sandbox; without root, programs run as your uid mapped into the namespace (they still see
nothing of yours but /usr).

>>> BwrapSandbox.unavailable_reason() is None or "bubblewrap" in BwrapSandbox.unavailable_reason()
True
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Sequence
from functools import cache

from rlvr.sandboxes import _host
from rlvr.sandboxes.base import BaseSandbox, Isolation, Job
from rlvr.sandboxes.pool import Worker, ZygotePool, start_worker
from rlvr.sandboxes.seccomp import filter_bytes
from rlvr.types import ExecResult

__all__ = ["BwrapSandbox", "bwrap_args"]

INSIDE_UID = 1000
WORKDIR = "/work"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")


def bwrap_args(python: str, work_dir_mib: int, seccomp_fd: int | None) -> list[str]:
    """The bwrap command line up to (not including) the program: what the sandbox is made of."""
    args = ["bwrap", "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--disable-userns", "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID),
            "--hostname", "sandbox", "--as-pid-1", "--die-with-parent", "--new-session", "--clearenv"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    prefix = os.path.dirname(os.path.dirname(python))
    if not any(python.startswith(d + "/") for d in SYSTEM_DIRS):  # e.g. /opt/python3.12: expose just its prefix
        args += ["--ro-bind", prefix, prefix]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",  # the only file of /etc: no passwd, no shadow
             "--proc", "/proc", "--dev", "/dev",
             "--size", str(work_dir_mib * 1024 * 1024), "--perms", "0700", "--tmpfs", WORKDIR,
             "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/"]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return args


@cache
def _probe(uid: int | None) -> str | None:
    exe = shutil.which("bwrap")
    if exe is None:
        return "bubblewrap is not installed (apt-get install bubblewrap, or run scripts/setup-system.sh)"
    python = _host.sandbox_python()
    cmd = bwrap_args(python, 1, None) + [python, "-I", "-c", "print('ok')"]
    try:
        r = subprocess.run(cmd, env={}, capture_output=True, text=True, timeout=30, user=uid, group=uid,
                           extra_groups=[] if uid is not None else None)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap failed to start: {e}"
    if r.returncode != 0 or r.stdout.strip() != "ok":
        why = (r.stderr.strip().splitlines() or ["no output"])[-1]
        return f"bubblewrap cannot build a sandbox here ({why}); unprivileged user namespaces may be disabled"
    return None


class BwrapSandbox(BaseSandbox):
    """Warm pool of bubblewrap sandboxes; ``workers`` defaults to the number of cores."""

    name = "bwrap"

    def __init__(self, workers: int | None = None, python: str | None = None, work_dir_mib: int = 128,
                 seccomp: bool = True, recycle_after: int = 0, preload: Sequence[str] | None = None):
        self.workers = workers or _host.default_workers()
        self.python = _host.sandbox_python(python)
        self.work_dir_mib, self.seccomp, self.recycle_after = work_dir_mib, seccomp, recycle_after
        self._python_arg = python
        self.preload = tuple(preload) if preload is not None else None
        self.pool = ZygotePool(self._spawn, self.workers, self.name, recycle_after)

    @staticmethod
    def unavailable_reason() -> str | None:
        return _probe(_host.slot_uid(0) if _host.is_root() else None)

    def _settings(self) -> dict:
        return {"workers": self.workers, "python": self._python_arg, "work_dir_mib": self.work_dir_mib,
                "seccomp": self.seccomp, "recycle_after": self.recycle_after, "preload": self.preload}

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:
        return self.pool.run_many(jobs)

    def close(self) -> None:
        self.pool.close()

    def _spawn(self, slot: int) -> Worker:
        uid = _host.slot_uid(slot) if _host.is_root() else None
        host_sock, inner = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        bpf = filter_bytes() if self.seccomp else None
        filt_r = None
        pass_fds = [inner.fileno()]
        if bpf is not None:
            filt_r, filt_w = os.pipe()
            os.write(filt_w, bpf)  # a few hundred bytes: fits the pipe buffer
            os.close(filt_w)
            pass_fds.append(filt_r)
        conf = {"workdir": WORKDIR, "check_ipc": bpf is None}
        if self.preload is not None:
            conf["preload"] = list(self.preload)
        src = _host.inside_source(True) + f"\nzygote_main({inner.fileno()}, json.loads(sys.argv[1]))\n"
        cmd = bwrap_args(self.python, self.work_dir_mib, filt_r) + [self.python, "-I", "-c", src, json.dumps(conf)]
        try:
            proc = subprocess.Popen(cmd, env={}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, pass_fds=pass_fds, start_new_session=True,
                                    user=uid, group=uid, extra_groups=[] if uid is not None else None)
        finally:
            inner.close()
            if filt_r is not None:
                os.close(filt_r)
        # RLIMIT_NPROC counts tasks per uid per USER NAMESPACE: inside this one, only the zygote and the
        # program's own, whatever else the host uid runs (measured: a limit of 8 allows exactly 8)
        return start_worker(slot, proc, host_sock, "bwrap", nproc_base=1)

    def isolation(self) -> Isolation:
        root = _host.is_root()
        return Isolation(
            filesystem="read-only /usr (+ /etc/ld.so.cache); private tmpfs /work capped at "
            f"{self.work_dir_mib} MiB and emptied after each program; nothing else of the host",
            network="none: own network namespace, loopback down",
            environment="empty (bwrap and the zygote start with no environment)",
            processes="own PID namespace; rlimits per program; every leftover process killed after each program; "
            + ("a throwaway unprivileged host uid per worker" if root else "your uid (RLIMIT_NPROC shared with your processes)"),
            notes=(f"seccomp deny-list: {'on' if self.seccomp and filter_bytes() else 'off'}",
                   f"{self.workers} warm workers, one zygote each"),
        )
