"""The zygote: a warm python3 inside an already-built sandbox that forks one child per program.

Standard library only; it is appended to ``_inside.py`` and run as ``python3 -I -c`` by the bwrap and
docker backends. It is PID 1 of its own PID namespace, which buys three things at once: signals from
the programs cannot reach it (the kernel drops them unless it handles them), every orphan re-parents
to it, and ``kill(-1)`` from it ends every other process in the sandbox, daemons included.

Protocol on the socket (fd given on the command line): 4-byte big-endian length + JSON, both ways.
Request ``{"id", "program", "stdin", "files": {name: base64}, "limits", "nproc_base"}``; reply with the
facts of ``supervise`` plus ``id`` and ``recycle`` (true when state the zygote cannot wipe was left,
such as SysV IPC objects: the zygote then exits without reading another job, and the host replaces it).
The host keeps the next job waiting in the socket, so the zygote goes from one program to the next
without a round trip.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import resource
import signal
import socket
import struct
import sys
import time

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
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _send(sock: socket.socket, obj: dict) -> None:
    body = json.dumps(obj).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def _kill_all() -> None:
    """End every process in this PID namespace but us (we are PID 1), and reap them."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap_all() -> None:
    while True:
        _kill_all()  # again: a process forked while the first signal was on its way
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _clean_dir(path: str) -> None:
    import shutil

    for entry in os.scandir(path):
        p = entry.path
        try:
            if entry.is_dir(follow_symlinks=False):
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


def _leftover_ipc() -> bool:
    """True when the run left SysV IPC objects behind (they outlive processes; we cannot remove them)."""
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}", "rb") as f:
                if len(f.read().splitlines()) > 1:
                    return True
        except OSError:
            pass
    return False


def run_job(req: dict, workdir: str, check_ipc: bool, scratch: list) -> dict:
    lim = req["limits"]
    files = req.get("files") or {}
    for name, data in files.items():
        path = os.path.join(workdir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
    rlimits = rlimits_for(lim, int(req.get("nproc_base", 0)))  # noqa: F821 (in _inside.py)
    program = precompile(req["program"]) or req["program"]  # noqa: F821
    stdin = (req.get("stdin") or "").encode("utf-8", "surrogateescape")
    if stdin:
        in_r, in_w = os.pipe()
    else:  # nothing to feed: /dev/null, one pipe and its bookkeeping fewer per program
        in_r, in_w = os.open(os.devnull, os.O_RDONLY), None
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the limits, then become the program
        try:
            os.chdir(workdir)
            become_program(rlimits, in_r, out_w, err_w)  # noqa: F821
            exec_program(program, workdir)  # noqa: F821
        finally:
            os._exit(127)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    facts = supervise(pid, stdin, in_w, out_r, err_r, lim, _kill_all)  # noqa: F821
    _reap_all()
    for d in [workdir, *scratch]:
        _clean_dir(d)
    facts["recycle"] = (check_ipc and _leftover_ipc()) or any(os.listdir(d) for d in [workdir, *scratch])
    return facts


def zygote_main(sock_fd: int, conf: dict) -> None:
    """Serve jobs until the host closes the socket.

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
    import gc

    gc.freeze()  # children's collections then skip our objects: fewer copy-on-write page faults per fork
    if conf.get("connect"):  # docker: the host listens on a socket bind-mounted into the container
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(conf["connect"])
    else:  # bwrap: the socket was passed in as an inherited descriptor
        sock = socket.socket(fileno=sock_fd)
    workdir = conf["workdir"]
    scratch = [d for d in conf.get("scratch", ()) if os.access(d, os.W_OK)]  # other writable dirs to wipe
    check_ipc = bool(conf.get("check_ipc", True))  # not needed where seccomp already refuses SysV IPC
    os.chdir("/")
    _send(sock, {"ready": True, "python": sys.version.split()[0], "uid": os.getuid(), "pid": os.getpid()})
    while True:
        try:
            (n,) = struct.unpack(">I", _recv_exact(sock, 4))
            req = json.loads(_recv_exact(sock, n))
        except EOFError:
            _reap_all()
            return
        t0 = time.monotonic()
        try:
            facts = run_job(req, workdir, check_ipc, scratch)
        except Exception as e:  # our fault, not the program's: report it, and be replaced
            _reap_all()
            facts = {"status": "killed", "exit_code": None, "stdout": "", "stderr": "", "wall_s": 0.0, "cpu_s": 0.0,
                     "note": f"zygote fault: {type(e).__name__}: {e}", "recycle": True, "fault": True}
        facts["id"] = req.get("id")
        facts["zygote_s"] = round(time.monotonic() - t0, 6)
        try:
            _send(sock, facts)
        except OSError:  # the host is gone: so are we (the docker backend's --die-with-parent)
            return
        if facts.get("recycle"):  # state we cannot wipe: exit (ending the sandbox); the host starts a fresh one
            _reap_all()
            return
