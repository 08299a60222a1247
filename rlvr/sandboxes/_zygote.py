"""The zygote: a warm python3 inside an already-built sandbox that forks one child per program.

Standard library only; it is appended to ``_inside.py`` and ``_wire.py`` and run as ``python3 -I -c``
by the bwrap and docker backends. It is PID 1 of its own PID namespace, which buys three things at
once: signals from the programs cannot reach it (the kernel drops them unless it handles them), every
orphan re-parents to it, and ``kill(-1)`` from it ends every other process in the sandbox, daemons included.

Protocol on the socket (fd given on the command line): first a ready message, 4-byte big-endian length
+ JSON; then binary frames both ways (``_wire.py``). A reply carries ``recycle`` when the run left
state the zygote cannot wipe, such as SysV IPC objects: the zygote then exits without reading another
job, and the host replaces it. The host keeps the next job waiting in the socket, so the zygote goes
from one program to the next without a round trip.

What it costs: every page the zygote or a child writes after a fork is a copy-on-write fault (2-5 µs
each in a VM), and CPython 3.11 writes a reference count wherever it reads. So the per-program path
here allocates little and touches few objects: binary frames, the program's ``__main__`` made once
(``prepare_main``), one /dev/null for every stdin-less program.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import socket
import struct
import sys

PR_SET_DUMPABLE = 4
# Imported once in the zygote, free for every program forked from it. Deliberately NOT here: threading
# and random (so neither subprocess nor statistics), whose at-fork hooks cost ~0.6 ms and ~120
# copy-on-write page faults in EVERY child; a program that wants them imports them itself (~6 ms for
# subprocess). A workload whose every program imports subprocess (a judge that runs the candidate in a
# child) is faster with ``preload=WARM_IMPORTS + ("subprocess",)``: both backends take ``preload``.
WARM_IMPORTS = ("collections", "itertools", "functools", "math", "re", "json", "heapq", "bisect", "string",
                "typing", "dataclasses", "fractions", "decimal", "io", "traceback", "copy", "operator", "enum",
                "array", "textwrap")


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = sock.recv(n, socket.MSG_WAITALL)
    while len(data) < n:
        more = sock.recv(n - len(data), socket.MSG_WAITALL)
        if not more:
            raise EOFError
        data += more
    return data


def _send_json(sock: socket.socket, obj: dict) -> None:
    body = json.dumps(obj).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def _kill_all() -> None:
    """End every process in this PID namespace but us (we are PID 1)."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap_all() -> None:
    """Kill and reap until we have no child left. Every process here is one of ours: orphans re-parent to PID 1."""
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):  # alive: kill (again: it may have forked meanwhile), wait
                _kill_all()
                os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _clean_dir(path: str) -> bool:
    """Empty ``path``; True if there was anything to remove."""
    found = False
    for entry in os.scandir(path):
        found = True
        p = entry.path
        try:
            if entry.is_dir(follow_symlinks=False):
                import shutil

                for root, dirs, _files in os.walk(p):  # a program may have chmod-ed its dirs to 000
                    os.chmod(root, 0o700)
                    for d in dirs:
                        try:
                            os.chmod(os.path.join(root, d), 0o700, follow_symlinks=False)
                        except OSError:
                            pass
                os.chmod(p, 0o700)
                shutil.rmtree(p)
            else:
                os.unlink(p)
        except OSError:
            pass
    return found


def _leftover_ipc() -> bool:
    """True when the run left SysV IPC objects behind (they outlive processes; we cannot remove them)."""
    for path in ("/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem"):
        try:  # os-level: no file object per read, since this runs after every program
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            head = os.read(fd, 4096)  # the header line, then one line per object
        except OSError:
            head = b""
        finally:
            os.close(fd)
        if head.count(b"\n") > 1:
            return True
    return False


def _write_files(workdir: str, blob: bytes, count: int) -> None:
    at = 0
    for _ in range(count):
        n_name, n_data = FILE.unpack_from(blob, at)  # noqa: F821 (in _wire.py)
        at += FILE.size  # noqa: F821
        path = os.path.join(workdir, blob[at : at + n_name].decode("utf-8", "surrogatepass"))
        at += n_name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(blob[at : at + n_data])
        at += n_data


_RLIMITS: dict = {}  # setrlimit arguments by REQUEST's limit fields: a batch usually shares one Limits


def run_job(head: tuple, body: bytes, workdir: str, main_globals: dict, devnull: int) -> tuple:
    """Run one job; return ``Watch.wait``'s ``(reason, wait_status, rusage, wall_s, stdout, stderr)``."""
    n_prog, n_stdin, count = head[RQ_PROGRAM], head[RQ_STDIN], head[RQ_COUNT]  # noqa: F821 (RQ_*: in _wire.py)
    if count:
        _write_files(workdir, body[n_prog + n_stdin : n_prog + n_stdin + head[RQ_FILES]], count)  # noqa: F821
    source = body[:n_prog].decode("utf-8", "surrogatepass")
    program = precompile(source) or source  # noqa: F821 (in _inside.py)
    lims = head[RQ_LIMITS]  # noqa: F821
    rlimits = _RLIMITS.get(lims)
    if rlimits is None:
        if len(_RLIMITS) > 64:
            _RLIMITS.clear()
        rlimits = _RLIMITS[lims] = [(lims[i], (lims[i + 1], lims[i + 2])) for i in range(0, 15, 3)]
    stdin = body[n_prog : n_prog + n_stdin]
    if stdin:
        in_r, in_w = os.pipe()
    else:  # nothing to feed: the one /dev/null, and no pipe to make and watch
        in_r, in_w = devnull, None
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    # our copies of the child's ends are closed when the run is over: not now, while it shares our pages
    watch = Watch(stdin, in_w, out_r, err_r, head[RQ_WALL], head[RQ_OUT_CAP], head[RQ_ERR_CAP],  # noqa: F821
                  (out_w, err_w))
    pid = os.fork()
    if pid == 0:  # the child: drop to the limits, then become the program
        try:  # our working directory is already ``workdir``
            become_program(rlimits, in_r, out_w, err_w)  # noqa: F821
            exec_program(program, workdir, main_globals)  # noqa: F821
        finally:
            os._exit(127)
    if in_w is not None:  # now: our copy of its stdin would keep a program that closed its own from EPIPE-ing us
        os.close(in_r)
    return watch.wait(pid, _kill_all)


def _reply(jid: int, reason: str, flags: int, status: int, wall_s: float, cpu_s: float, rss: int, out: bytes,
           err: bytes, note: bytes = b"") -> bytes:
    return REPLY.pack(jid, REASON_CODE[reason], flags, status, wall_s, cpu_s, rss,  # noqa: F821 (in _wire.py)
                      len(out), len(err), len(note)) + out + err + note


def serve(sock: socket.socket, workdir: str, scratch: list, check_ipc: bool, main_globals: dict) -> None:
    """Serve jobs until the host closes the socket, or until a run leaves state that needs a fresh sandbox."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    dirs = [workdir, *scratch]
    while True:
        try:
            head = REQUEST.unpack(_recv_exact(sock, REQUEST.size))  # noqa: F821 (in _wire.py)
            body = _recv_exact(sock, head[RQ_PROGRAM] + head[RQ_STDIN] + head[RQ_FILES])  # noqa: F821
        except EOFError:
            _reap_all()
            return
        try:
            reason, status, ru, wall, out, err = run_job(head, body, workdir, main_globals, devnull)
            _reap_all()
            left = False
            for d in dirs:
                if _clean_dir(d):
                    left = left or any(True for _ in os.scandir(d))  # what even we could not remove
            recycle = left or (check_ipc and _leftover_ipc())
            frame = _reply(head[RQ_ID], reason, RECYCLE if recycle else 0, status, wall,  # noqa: F821
                           ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out, err)
        except Exception as e:  # our fault, not the program's: report it, and be replaced
            _reap_all()
            recycle = True
            note = f"zygote fault: {type(e).__name__}: {e}".encode("utf-8", "replace")[:NOTE_MAX]  # noqa: F821
            frame = _reply(head[RQ_ID], "killed", RECYCLE | FAULT, -1, 0.0, 0.0, 0, b"", b"", note)  # noqa: F821
        try:
            sock.sendall(frame)
        except OSError:  # the host is gone: so are we (the docker backend's --die-with-parent)
            return
        if recycle:  # state we cannot wipe: exit (ending the sandbox); the host starts a fresh one
            _reap_all()
            return


def zygote_main(sock_fd: int, conf: dict) -> None:
    """Set up once, then ``serve``.

    ``conf``: ``workdir`` (the program's private dir), ``check_ipc`` (recycle when SysV IPC objects are
    left), ``scratch`` (other writable dirs, such as docker's /dev/shm, emptied after each program),
    ``connect`` (a socket path to dial instead of the inherited ``sock_fd``), ``preload`` (modules).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Python's own handler would let a program interrupt us
    for which, value in FIXED_RLIMITS:  # noqa: F821 (in _inside.py)
        resource.setrlimit(which, value)
    try:  # non-dumpable: same-uid programs can neither ptrace us nor open /proc/1/{mem,fd,environ}
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except OSError:
        pass
    for name in conf.get("preload", WARM_IMPORTS):  # imported once here, free for every program forked from us
        try:
            __import__(name)
        except ImportError:
            pass
    os.environ.clear()
    sys.stdout.flush()
    if conf.get("connect"):  # docker: the host listens on a socket bind-mounted into the container
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(conf["connect"])
    else:  # bwrap: the socket was passed in as an inherited descriptor
        sock = socket.socket(fileno=sock_fd)
    workdir = conf["workdir"]
    scratch = [d for d in conf.get("scratch", ()) if os.access(d, os.W_OK)]  # other writable dirs to wipe
    check_ipc = bool(conf.get("check_ipc", True))  # not needed where seccomp already refuses SysV IPC
    main_globals = prepare_main(workdir)  # noqa: F821 (in _inside.py)
    os.chdir(workdir)  # the programs' working directory: they inherit it, one chdir fewer in each
    import gc

    gc.freeze()  # children's collections then skip our objects: fewer copy-on-write page faults per fork
    _send_json(sock, {"ready": True, "python": sys.version.split()[0], "uid": os.getuid(), "pid": os.getpid()})
    serve(sock, workdir, scratch, check_ipc, main_globals)
