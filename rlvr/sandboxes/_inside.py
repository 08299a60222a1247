"""The code that runs INSIDE a sandbox: standard library only, because the sandbox's python3 cannot import rlvr.

Backends run ``python3 -I -c SOURCE ...`` where SOURCE is this file (plus ``_zygote.py`` for the warm
pool) and one call: ``once_main`` runs one program (process backend), ``zygote_main`` serves many.

The host imports it too, for ``supervise`` (the process backend watches its own child with it) and
the status rules, so there is one copy of how a run is limited, watched and classified.

Order in a child, before any program byte runs: new session (a program cannot signal its caller's
process group), rlimits (CPU, address space, processes, file size, open files, no core dumps),
then fds 0/1/2 become the run's pipes and every other descriptor is closed.
"""

from __future__ import annotations

import _signal
import atexit
import builtins
import json  # noqa: F401  (the -c entry lines call json.loads)
import os
import resource
import select
import signal
import sys
import time
import types

READ_CHUNK = 65536
KILL_GRACE_S = 0.05  # after the main program exits, how long its pipes may still drain


def rlimits_for(lim: dict, nproc_base: int = 0) -> list:
    """``(resource, (soft, hard))`` pairs for ``lim`` (a Limits as JSON); hard limits too, so they stay put.

    ``nproc_base`` is how many tasks of this uid exist outside the program (RLIMIT_NPROC counts per uid).
    """
    cpu = max(1, int(lim["cpu_time_s"] + 0.999))
    mem = int(lim["memory_mib"]) * 1024 * 1024
    nproc = int(lim["max_processes"]) + int(nproc_base)
    return [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),  # SIGXCPU at the soft limit, SIGKILL one second later
        (resource.RLIMIT_AS, (mem, mem)),
        (resource.RLIMIT_NPROC, (nproc, nproc)),
        (resource.RLIMIT_FSIZE, (int(lim["file_size_max_bytes"]),) * 2),
        (resource.RLIMIT_NOFILE, (int(lim["open_files"]),) * 2),
    ]


FIXED_RLIMITS = [(resource.RLIMIT_CORE, (0, 0)), (resource.RLIMIT_MEMLOCK, (0, 0)), (resource.RLIMIT_MSGQUEUE, (0, 0))]
"""The same for every program; a zygote sets them once on itself and its children inherit them."""


def precompile(source: str):
    """Compile in the zygote, before the fork: the child then skips the compiler's allocations, which
    would each cost a copy-on-write page fault. Big or broken sources are left to the child (None)."""
    if len(source) > 65536:
        return None
    try:
        return compile(source, "main.py", "exec", dont_inherit=True)
    except Exception:  # SyntaxError and friends: the child compiles again and reports it like python3 does
        return None


def exec_program(program, workdir: str) -> None:
    """Run ``program`` (source or a code object) as ``__main__`` in this already limited process, and
    exit with Python's exit rules. Never returns.

    The interpreter is the warm one we forked from: no startup cost, and nothing the program changes
    (modules, files it opened, globals) outlives this process. The child touches as few Python objects
    as it can, since every page it writes to is copied.
    """
    code = 1
    try:
        sys.argv = ["main.py"]
        sys.path.insert(0, workdir)  # so the program can import the files it was given
        main = types.ModuleType("__main__")
        main.__dict__.update(__file__=workdir + "/main.py", __builtins__=builtins)
        sys.modules["__main__"] = main
        try:
            if not isinstance(program, types.CodeType):
                program = compile(program, "main.py", "exec", dont_inherit=True)
            exec(program, main.__dict__)
            code = 0
        except SystemExit as e:
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code & 0xFF
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException as e:
            import traceback

            tb = e.__traceback__  # leave out this function's own frame: the program's traceback starts at main.py
            traceback.print_exception(type(e), e, tb.tb_next if tb is not None else None)
            code = 1
        try:  # what the interpreter itself does at exit (each check is cheap; the calls are not)
            if "threading" in sys.modules:
                sys.modules["threading"]._shutdown()
            if atexit._ncallbacks():
                atexit._run_exitfuncs()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    finally:
        os._exit(code)


def become_program(rlimits: list, stdin_fd: int, stdout_fd: int, stderr_fd: int) -> None:
    """In a freshly forked child: new session, fds 0/1/2 = the run's pipes, close everything else, limits."""
    os.setsid()
    # The one disposition the zygote changed. The C function: signal.signal's enum wrapping alone would
    # cost ~100 copy-on-write page faults in every child.
    _signal.signal(2, _signal.default_int_handler)
    os.dup2(stdin_fd, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    os.closerange(3, 65536)
    setrlimit = resource.setrlimit
    for which, value in rlimits:
        setrlimit(which, value)


def classify(exit_code: int | None, signo: int | None, stderr: bytes, reason: str, cpu_s: float, cpu_limit_s: float) -> str:
    """The ExecResult status for a finished run; ``reason`` is what the watcher saw (``""`` if nothing).

    >>> classify(1, None, b"Traceback ...\\nMemoryError\\n", "", 0.1, 5)
    'memory'
    """
    if reason in ("timeout", "output_limit", "memory", "killed"):
        return reason
    if signo is not None:
        # SIGXCPU at the soft CPU limit, or SIGKILL at the hard one when the program caught SIGXCPU
        if signo == signal.SIGXCPU or (signo == signal.SIGKILL and cpu_s >= max(1.0, cpu_limit_s) - 0.05):
            return "timeout"
        return "killed"
    if exit_code == 0:
        return "ok"
    tail = stderr[-2000:].decode("utf-8", "replace").rstrip().splitlines()
    if tail and tail[-1].startswith("MemoryError"):
        return "memory"
    return "error"


def supervise(pid: int, stdin: bytes, fd_in: int | None, fd_out: int, fd_err: int, lim: dict, kill) -> dict:
    """Feed stdin, collect capped output, wait for ``pid`` with the wall clock; return the run's facts.

    ``kill()`` ends the run's processes (the caller knows how: a process group, or every process of the
    sandbox). The run is killed the moment either output passes its cap: a program that prints forever
    costs a few milliseconds, not a buffer the size of memory.
    """
    start = time.monotonic()
    deadline = start + float(lim["wall_time_s"])
    caps = {fd_out: int(lim["stdout_max_bytes"]), fd_err: int(lim["stderr_max_bytes"])}
    bufs: dict[int, bytearray] = {fd_out: bytearray(), fd_err: bytearray()}
    pidfd = os.pidfd_open(pid)
    poller = select.poll()
    for fd in (fd_out, fd_err):
        os.set_blocking(fd, False)
        poller.register(fd, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    pending = memoryview(stdin) if fd_in is not None else None
    if fd_in is not None:
        os.set_blocking(fd_in, False)
        if stdin:
            poller.register(fd_in, select.POLLOUT)
        else:
            os.close(fd_in)
            fd_in = None
    reason, open_fds, exited = "", {fd_out, fd_err}, False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            reason = "timeout"
            break
        for fd, _ev in poller.poll(left * 1000):
            if fd == pidfd:
                exited = True
            elif fd == fd_in:
                try:
                    pending = pending[os.write(fd_in, pending[:READ_CHUNK]):]
                except BlockingIOError:
                    continue
                except OSError:  # the program closed its stdin: the rest is not wanted
                    pending = pending[:0]
                if not pending:
                    poller.unregister(fd_in)
                    os.close(fd_in)
                    fd_in = None
            else:
                reason = _drain(fd, bufs, caps, open_fds, poller) or reason
        if reason or exited:  # both pipes closed is not the end: a program may close stdout and go on
            break
    if exited and not reason:  # the program ended: take what is already in the pipes, never wait for a daemon
        for fd in list(open_fds):
            reason = _drain(fd, bufs, caps, open_fds, None) or reason
    kill()
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - start
    os.close(pidfd)
    for fd in (fd_in, fd_out, fd_err):
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
    exit_code = os.waitstatus_to_exitcode(status)
    signo = -exit_code if exit_code < 0 else None
    out, err = bytes(bufs[fd_out][: caps[fd_out]]), bytes(bufs[fd_err][: caps[fd_err]])
    return {
        "status": classify(exit_code, signo, err, reason, ru.ru_utime + ru.ru_stime, float(lim["cpu_time_s"])),
        "exit_code": None if signo is not None else exit_code,
        "signal": signal.Signals(signo).name if signo else None,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
        "wall_s": round(wall, 6),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 6),
        "max_rss_kib": ru.ru_maxrss,
    }


def _drain(fd: int, bufs: dict, caps: dict, open_fds: set, poller) -> str:
    """Read what ``fd`` holds now; return ``"output_limit"`` once its cap is passed."""
    while True:
        try:
            chunk = os.read(fd, READ_CHUNK)
        except BlockingIOError:
            return ""
        if not chunk:
            open_fds.discard(fd)
            if poller is not None:
                poller.unregister(fd)
            return ""
        bufs[fd] += chunk
        if len(bufs[fd]) > caps[fd]:
            return "output_limit"
        if poller is not None:
            return ""


def once_main(lim: dict, prog_fd: int) -> None:
    """Process backend: this process is the program. Read the source from ``prog_fd``, limit, run."""
    chunks = []
    while True:
        b = os.read(prog_fd, READ_CHUNK)
        if not b:
            break
        chunks.append(b)
    os.close(prog_fd)
    for which, value in FIXED_RLIMITS + rlimits_for(lim, int(lim.get("_nproc_base", 0))):
        resource.setrlimit(which, value)
    exec_program(b"".join(chunks).decode("utf-8", "surrogateescape"), os.getcwd())

