"""The ``process`` backend: a fresh ``python3`` per program under rlimits, in its own session.

For machines with neither bubblewrap nor docker. It does NOT isolate the file system or the network,
and says so loudly, once. What it does: an empty environment, a temporary work dir removed afterwards,
rlimits (CPU, address space, processes, file size, open files), a new session so the program cannot
signal its caller's process group, the wall clock enforced from outside, output capped with the run
killed at the cap. Run as root, each worker slot uses its own throwaway uid, so RLIMIT_NPROC binds,
/etc/shadow and the home dir are unreadable, and every process of the run (daemons too) is killed after.

Limitations: as a normal user the program can read what you can read, and a program that daemonizes
(``setsid`` + fork) can outlive its run, since only its process group is killed.

>>> import warnings
>>> with ProcessSandbox(warn=False) as sb:
...     sb.run("print(sum(range(10)))").stdout
'45\\n'
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from rlvr import console
from rlvr.sandboxes import _host
from rlvr.sandboxes._inside import supervise
from rlvr.sandboxes.base import BaseSandbox, Isolation, Job, check_files, result_from_facts, write_files
from rlvr.types import ExecResult

__all__ = ["ProcessSandbox"]

WARNING = ("sandbox backend 'process' does NOT isolate the file system or the network: programs can read "
           "and write what their user can and open connections. Install bubblewrap or docker for real isolation.")


def _kill_uid(uid: int, main_pid: int, timeout_s: float = 2.0) -> None:
    """SIGKILL every process of ``uid`` (root only; it is a throwaway uid) until none is left but ``main_pid``
    (our child, reaped right after), dying ones too: they still count for RLIMIT_NPROC. A scan of /proc,
    repeated, because a fork bomb forks while we kill."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        left = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or entry.name == str(main_pid):
                continue
            try:
                if entry.stat().st_uid != uid:
                    continue
                left += 1
                os.kill(int(entry.name), signal.SIGKILL)
            except (OSError, ValueError):  # gone meanwhile
                continue
        if not left:
            return
        time.sleep(0.002)


class ProcessSandbox(BaseSandbox):
    """One ``python3`` subprocess per program, with rlimits and a new session; no fs/network isolation."""

    name = "process"

    def __init__(self, workers: int | None = None, python: str | None = None, warn: bool = True,
                 preload: Sequence[str] | None = None):  # noqa: ARG002 - no zygote to preload; kept so auto's options fit
        self.workers = workers or _host.default_workers()
        self.python = _host.sandbox_python(python)
        self._python_arg = python
        self._warn = warn
        if warn:
            console.warn(WARNING, once=True)
        self._root = _host.is_root()
        self._slots: queue.Queue[int] = queue.Queue()
        for slot in range(self.workers):
            self._slots.put(slot)

    def _settings(self) -> dict:
        return {"workers": self.workers, "python": self._python_arg, "warn": self._warn}

    def isolation(self) -> Isolation:
        who = "a throwaway uid per worker (rlvr runs as root)" if self._root else "your own uid"
        return Isolation(
            filesystem=f"none: the program runs as {who} and can read what that uid can; temp work dir removed after",
            network="none: the host's network is reachable",
            environment="empty environment",
            processes="rlimits (CPU, address space, processes, file size, open files); new session; killed on wall time"
            + ("; every process of the uid killed after the run" if self._root else "; daemons can escape"),
            notes=("use bwrap or docker for isolation",),
        )

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:
        checked = [check_files(j.files) for j in jobs]  # bad input fails before anything runs
        if len(jobs) <= 1:
            return [self._run_one(j, f) for j, f in zip(jobs, checked)]
        with ThreadPoolExecutor(self.workers) as ex:
            return list(ex.map(self._run_one, jobs, checked))

    def _run_one(self, job: Job, files: dict[str, bytes]) -> ExecResult:
        slot = self._slots.get()
        try:
            return self._run_in_slot(job, files, slot)
        finally:
            self._slots.put(slot)

    def _run_in_slot(self, job: Job, files: dict[str, bytes], slot: int) -> ExecResult:
        lim = job.limits.to_json()
        uid = _host.slot_uid(slot) if self._root else None
        if uid is None:  # RLIMIT_NPROC counts every task of your uid, not just this program's
            lim["_nproc_base"] = _host.count_tasks_of_uid(os.getuid())
        workdir = tempfile.mkdtemp(prefix="rlvr-run-")
        prog_r = prog_w = None
        try:
            write_files(workdir, files)
            if uid is not None:
                _host.chown_tree(workdir, uid)
            prog_r, prog_w = os.pipe()
            src = _host.inside_source(False) + f"\nonce_main(json.loads(sys.argv[1]), {prog_r})\n"
            proc = subprocess.Popen(
                [self.python, "-I", "-c", src, json.dumps(lim)], cwd=workdir, env={}, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(prog_r,), start_new_session=True,
                user=uid, group=uid, extra_groups=[] if uid is not None else None,
            )
            os.close(prog_r)
            prog_r = None
            try:
                with os.fdopen(prog_w, "wb") as f:
                    prog_w = None
                    f.write(job.program.encode("utf-8", "surrogateescape"))
            except BrokenPipeError:
                pass

            def kill() -> None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                if uid is not None:  # daemons left their process group; get them by uid
                    _kill_uid(uid, proc.pid)

            fds = []
            for stream in (proc.stdin, proc.stdout, proc.stderr):  # supervise owns raw fds; the file objects go
                fds.append(os.dup(stream.fileno()))  # type: ignore[union-attr]
                stream.close()  # type: ignore[union-attr]
            stdin = (job.stdin or "").encode("utf-8", "surrogateescape")
            facts = supervise(proc.pid, stdin, fds[0], fds[1], fds[2], lim, kill)
            proc.returncode = 0  # supervise reaped it; keep Popen from waiting again
            return result_from_facts(facts, self.name)
        finally:
            for fd in (prog_r, prog_w):
                if fd is not None:
                    os.close(fd)
            _host.remove_tree(workdir)
