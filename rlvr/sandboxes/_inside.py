"""The code that runs INSIDE a sandbox: standard library only, because the sandbox's python3 cannot import rlvr.

Backends run ``python3 -I -c SOURCE ...`` where SOURCE is this file (plus ``_zygote.py`` for the warm
pool) and one call: ``once_main`` runs one program (process backend), ``zygote_main`` serves many.

The host imports it too, for ``supervise`` (the process backend watches its own child with it), the
rlimits a pool sends with each job, and the status rules (``run_facts``), so there is one copy of how
a run is limited, watched and classified.

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
POLLIN, POLLOUT = select.POLLIN, select.POLLOUT
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


def prepare_main(workdir: str) -> dict:
    """Make the program's ``__main__`` module (and ``sys.argv``) and return its globals.

    A zygote calls it once, before any fork: a child that built its own module would pay a
    copy-on-write fault for every page the module machinery writes (~20 per program here). Each child
    then runs in its copy of this one pristine module; the zygote's own code keeps its own globals.
    """
    sys.argv = ["main.py"]
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=workdir + "/main.py", __builtins__=builtins)
    sys.modules["__main__"] = main
    return main.__dict__


def exec_program(program, workdir: str, main_globals: dict | None = None, *, _insert=sys.path.insert,
                 _code_type=types.CodeType, _modules=sys.modules, _ncallbacks=atexit._ncallbacks, _exit=os._exit) -> None:
    """Run ``program`` (source or a code object) as ``__main__`` in this already limited process, and
    exit with Python's exit rules. Never returns.

    The interpreter is the warm one we forked from: no startup cost, and nothing the program changes
    (modules, files it opened, globals) outlives this process. The child touches as few Python objects
    as it can, since every page it writes to is copied. The keyword defaults bind what it calls once,
    at import: in a fresh child, each module attribute lookup writes the reference count of the
    attribute's name, one more copied page per name (~20 per program here, with ``become_program``'s).
    The zygote never replaces ``sys.path``, so ``_insert`` is still its ``insert``.
    """
    code = 1
    try:
        if main_globals is None:
            main_globals = prepare_main(workdir)
        _insert(0, workdir)  # here, not in the zygote: the zygote itself must never import from /work
        try:
            if not isinstance(program, _code_type):
                program = compile(program, "main.py", "exec", dont_inherit=True)
            exec(program, main_globals)
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
            if "threading" in _modules:
                _modules["threading"]._shutdown()
            if _ncallbacks():
                atexit._run_exitfuncs()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    finally:
        _exit(code)


def become_program(rlimits: list, stdin_fd: int, stdout_fd: int, stderr_fd: int, *, _setsid=os.setsid,
                   _sigaction=_signal.signal, _handler=_signal.default_int_handler, _dup2=os.dup2,
                   _closerange=os.closerange, _setrlimit=resource.setrlimit) -> None:
    """In a freshly forked child: new session, fds 0/1/2 = the run's pipes, close everything else, limits.

    The keyword defaults are bound once for the same reason as ``exec_program``'s."""
    _setsid()
    # The one disposition the zygote changed. The C function: signal.signal's enum wrapping alone would
    # cost ~100 copy-on-write page faults in every child.
    _sigaction(2, _handler)
    _dup2(stdin_fd, 0)
    _dup2(stdout_fd, 1)
    _dup2(stderr_fd, 2)
    _closerange(3, 65536)
    for which, value in rlimits:
        _setrlimit(which, value)


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


class Watch:
    """Feed stdin, collect capped output, wait for a run's main process with the wall clock.

    Made before the fork (``Watch(...)``), used after it (``wait(pid, kill)``): a zygote's every write
    to its memory while a child shares it is a copy-on-write copy (~2.5 µs here, against ~0.7 µs for a
    write after the child is gone), so everything that need not wait for the pid (the poll set,
    non-blocking reads, buffers, the deadline) is done while no child is alive, and ``wait`` goes to
    sleep on the pid at once. ``hold`` are descriptors the caller still has open that belong to the
    child (the write ends of its pipes): closed only once the run is over, since the end of the main
    process, not of its pipes, ends the run. ``kill()`` ends the run's processes (the caller knows how:
    a process group, or every process of the sandbox). The run is killed the moment either output
    passes its cap: a program that prints forever costs a few milliseconds, not a buffer the size of
    memory. ``wait`` closes every descriptor given.
    """

    __slots__ = ("stdin", "fd_in", "fd_out", "fd_err", "out_cap", "err_cap", "hold", "poller", "out", "err",
                 "start", "deadline")

    def __init__(self, stdin: bytes, fd_in: int | None, fd_out: int, fd_err: int, wall_s: float, out_cap: int,
                 err_cap: int, hold: tuple = ()):
        self.stdin, self.fd_in, self.fd_out, self.fd_err = stdin, fd_in, fd_out, fd_err
        self.out_cap, self.err_cap, self.hold = out_cap, err_cap, hold
        self.poller = poller = select.poll()
        for fd in (fd_out, fd_err):
            os.set_blocking(fd, False)
            poller.register(fd, POLLIN)
        if fd_in is not None:
            if stdin:
                os.set_blocking(fd_in, False)
                poller.register(fd_in, POLLOUT)
            else:
                os.close(fd_in)
                self.fd_in = None
        self.out, self.err = bytearray(), bytearray()
        self.start = time.monotonic()
        self.deadline = self.start + wall_s

    def wait(self, pid: int, kill) -> tuple:
        """Watch ``pid`` to its end; return ``(reason, wait_status, rusage, wall_s, stdout, stderr)``,
        ``reason`` being what the watcher saw: ``""``, ``"timeout"`` or ``"output_limit"``."""
        pidfd = os.pidfd_open(pid)
        poller = self.poller
        poller.register(pidfd, POLLIN)
        fd_in, fd_out, fd_err, deadline = self.fd_in, self.fd_out, self.fd_err, self.deadline
        out, err, out_cap, err_cap = self.out, self.err, self.out_cap, self.err_cap
        pending = memoryview(self.stdin) if fd_in is not None else None
        reason, exited, open_out, open_err = "", False, True, True
        while not exited:
            left = deadline - time.monotonic()
            if left <= 0:
                reason = "timeout"
                break
            for fd, _ev in poller.poll(left * 1000):
                if fd == pidfd:
                    exited = True
                elif fd == fd_out:
                    open_out = _read_some(fd_out, out, poller)
                    if len(out) > out_cap:
                        reason = "output_limit"
                elif fd == fd_err:
                    open_err = _read_some(fd_err, err, poller)
                    if len(err) > err_cap:
                        reason = "output_limit"
                else:  # stdin
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
            if reason:
                break  # both pipes closed is not the end: a program may close stdout and go on
        if exited and not reason:  # the program ended: take what is already in the pipes, never wait for a daemon
            while open_out and len(out) <= out_cap:
                open_out = _read_some(fd_out, out, None)
            while open_err and len(err) <= err_cap:
                open_err = _read_some(fd_err, err, None)
            if len(out) > out_cap or len(err) > err_cap:
                reason = "output_limit"
        kill()
        _, status, ru = os.wait4(pid, 0)
        wall = time.monotonic() - self.start
        os.close(pidfd)
        for fd in (fd_in, fd_out, fd_err, *self.hold):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        return reason, status, ru, wall, bytes(out[:out_cap]), bytes(err[:err_cap])


def _read_some(fd: int, buf: bytearray, poller) -> bool:
    """Append one read of ``fd`` to ``buf``; False at end of file (and stop watching it), or when it would
    block with no ``poller`` (nothing more there now)."""
    try:
        chunk = os.read(fd, READ_CHUNK)
    except BlockingIOError:
        return poller is not None
    if chunk:
        buf += chunk
        return True
    if poller is not None:
        poller.unregister(fd)
    return False


def run_facts(reason: str, status: int | None, cpu_s: float, max_rss_kib: int, wall_s: float, out: bytes, err: bytes,
              cpu_limit_s: float) -> dict:
    """The facts of one run (``result_from_facts`` reads them) from what ``watch`` saw; ``status`` is a
    raw wait status, or None when there is none (the run was reported ``reason`` by its zygote)."""
    exit_code = os.waitstatus_to_exitcode(status) if status is not None else None
    signo = -exit_code if exit_code is not None and exit_code < 0 else None
    return {
        "status": classify(exit_code, signo, err, reason, cpu_s, cpu_limit_s),
        "exit_code": None if signo is not None else exit_code,
        "signal": signal.Signals(signo).name if signo else None,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
        "wall_s": round(wall_s, 6),
        "cpu_s": round(cpu_s, 6),
        "max_rss_kib": max_rss_kib,
    }


def supervise(pid: int, stdin: bytes, fd_in: int | None, fd_out: int, fd_err: int, lim: dict, kill) -> dict:
    """Watch a run under ``lim`` (a Limits as JSON) and return its facts (the process backend's watcher)."""
    w = Watch(stdin, fd_in, fd_out, fd_err, float(lim["wall_time_s"]), int(lim["stdout_max_bytes"]),
              int(lim["stderr_max_bytes"]))
    reason, status, ru, wall, out, err = w.wait(pid, kill)
    return run_facts(reason, status, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, wall, out, err, float(lim["cpu_time_s"]))


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

