"""The red-team suite: hostile programs, each with a host-side check that it was contained.

``rlvr sandbox check`` runs it against the chosen backend in a few seconds, and ``tests/sandboxes``
runs it against every backend available. Canaries are planted on the host for each run: a random
token in this process's environment, in a file in a private temp dir and in a dot-file in the home dir
(all removed afterwards), and a TCP listener on
127.0.0.1 (the only address any case ever dials). A case passes when the program's output never shows
a canary, the listener saw no connection, nothing was written outside the work dir, and the result
came back with the status the limits call for.

A case lists what it needs from a backend (``requires``); the process backend does not isolate the
file system or the network, so those cases are reported as ``not isolated`` there, never as passed.

>>> [c.name for c in CASES][:3]
['infinite_loop', 'sleep_forever', 'fork_bomb']
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rlvr.sandboxes.base import BaseSandbox, Job
from rlvr.types import ExecResult, Limits

__all__ = ["Case", "CASES", "Canaries", "CaseOutcome", "run_suite", "backend_capabilities"]

QUICK = Limits(wall_time_s=2.0, cpu_time_s=1.0, memory_mib=256)


@dataclass
class Canaries:
    """Host-side secrets and traps for one suite run; ``close()`` removes them."""

    token: str = field(default_factory=lambda: "rlvr-canary-" + secrets.token_hex(8))
    dir: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="rlvr-canary-"))
    env_name: str = "RLVR_CANARY_SECRET"
    port: int = 0
    connections: int = 0

    def __post_init__(self) -> None:
        self.file = os.path.join(self.dir, "secret.txt")
        with open(self.file, "w") as f:
            f.write(self.token)
        # one in the home dir too: the place a leaked API key or SSH key would be (removed in close())
        self.home_file = os.path.join(os.path.expanduser("~"), f".rlvr-canary-{secrets.token_hex(4)}")  # name is not the token
        try:
            with open(self.home_file, "w") as f:
                f.write(self.token)
        except OSError:
            self.home_file = self.file
        self.escape = os.path.join(tempfile.gettempdir(), f"{self.token}-escaped")
        os.environ[self.env_name] = self.token
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))  # loopback only: no case ever sends anything further
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def fill(self, program: str) -> str:
        return (program.replace("@TOKEN@", self.token).replace("@FILE@", self.file).replace("@DIR@", self.dir)
                .replace("@HOMEFILE@", self.home_file)
                .replace("@ESCAPE@", self.escape).replace("@PORT@", str(self.port)).replace("@ENV@", self.env_name))

    def leaked(self, r: ExecResult) -> bool:
        return self.token in r.stdout or self.token in r.stderr

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(2)
        os.environ.pop(self.env_name, None)
        shutil.rmtree(self.dir, ignore_errors=True)
        for path in (self.escape, self.home_file):
            if os.path.exists(path):
                os.unlink(path)


@dataclass(frozen=True)
class Case:
    """One hostile program and how to tell that it was contained (``check`` returns a failure or None)."""

    name: str
    program: str
    check: Callable[[ExecResult, Canaries], str | None]
    limits: Limits = QUICK
    requires: frozenset[str] = frozenset()  # "fs", "net", "disk", "signals", "daemons"
    followup: str | None = None  # a program run next on the SAME worker, checked by ``check_followup``
    check_followup: Callable[[ExecResult, ExecResult, Canaries], str | None] | None = None


def _status(*allowed: str) -> Callable[[ExecResult, Canaries], str | None]:
    def check(r: ExecResult, c: Canaries) -> str | None:
        if r.status not in allowed:
            return f"status {r.status} (expected {'/'.join(allowed)}); stderr: {r.stderr[-200:]!r}"
        if r.wall_s > r_limit(r) + 3:
            return f"took {r.wall_s:.1f}s, beyond its wall limit"
        return None

    return check


def r_limit(r: ExecResult) -> float:
    return QUICK.wall_time_s


def _no_leak(extra: Callable[[ExecResult, Canaries], str | None] | None = None):
    def check(r: ExecResult, c: Canaries) -> str | None:
        if c.leaked(r):
            return f"a host canary leaked into the output: {(r.stdout + r.stderr)[:300]!r}"
        if r.status != "ok":
            return f"the probe itself failed ({r.status}): {r.stderr[-300:]!r}"
        return extra(r, c) if extra else None

    return check


def _network(r: ExecResult, c: Canaries) -> str | None:
    lines = dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)
    if c.connections:
        return f"the host listener on 127.0.0.1:{c.port} was reached"
    if lines.get("connect") == "ok":
        return "connected to 127.0.0.1 inside the sandbox"
    if lines.get("ifaces") not in ("lo", ""):
        return f"network interfaces visible: {lines.get('ifaces')}"
    if lines.get("routes", "0") != "0":
        return f"{lines.get('routes')} routes visible"
    return None


def _writes(r: ExecResult, c: Canaries) -> str | None:
    if os.path.exists(c.escape):
        return f"wrote {c.escape} on the host"
    if set(os.listdir(c.dir)) != {"secret.txt"}:
        return f"wrote into the host dir {c.dir}"
    wrote = [ln for ln in r.stdout.splitlines() if ln.startswith("wrote")]
    if wrote:  # docker's /dev/shm is the one writable place; it is emptied after every program
        wrote = [ln for ln in wrote if not ln.endswith("/dev/shm/rlvr-planted")]
    if wrote:
        return "a write outside the work dir succeeded: " + "; ".join(wrote)[:200]
    return None


def _daemon_gone(first: ExecResult, probe: ExecResult, c: Canaries) -> str | None:
    pid = next((ln.split("=")[1] for ln in first.stdout.splitlines() if ln.startswith("daemon=")), None)
    if pid is None:
        return f"the daemon did not start: {first.stderr[-200:]!r}"
    if probe.status != "ok":
        return f"the probe failed: {probe.stderr[-200:]!r}"
    if pid in probe.stdout.split():
        return f"daemon pid {pid} still runs after its program ended"
    return None


def _state_gone(first: ExecResult, probe: ExecResult, c: Canaries) -> str | None:
    if first.status != "ok":
        return f"the first program failed: {first.stderr[-200:]!r}"
    if probe.status != "ok" or probe.stdout.strip() != "clean":
        return f"state survived into the next program: {probe.stdout.strip()[:200]!r} {probe.stderr[-200:]!r}"
    return None


SECRETS_PROGRAM = r'''
import os, glob
print("env", dict(os.environ))
for p in ["/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline", "/etc/shadow", "@FILE@", "@HOMEFILE@",
          "/proc/%d/environ" % os.getppid()]:
    try:
        print(p, open(p, "rb").read()[:300])
    except Exception as e:
        print(p, type(e).__name__)
for d in ["@DIR@", os.path.expanduser("~"), "/root", "/home"]:
    try:
        print(d, os.listdir(d)[:20])
    except Exception as e:
        print(d, type(e).__name__)
'''

CASES: list[Case] = [
    Case("infinite_loop", "while True:\n    pass\n", _status("timeout")),
    Case("sleep_forever", "import time\ntime.sleep(600)\n", _status("timeout"), Limits(wall_time_s=1.0, cpu_time_s=1.0)),
    Case("fork_bomb", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
         _status("timeout", "error", "killed"), requires=frozenset({"signals"})),
    Case("memory_bomb", "x = []\nwhile True:\n    x.append(bytearray(64 * 2**20))\n", _status("memory", "killed")),
    Case("huge_output", "while True:\n    print('x' * 10000)\n", _status("output_limit")),
    Case("deep_recursion", "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
         _status("killed", "error", "memory", "timeout")),
    Case("many_threads", "import threading, time\nfor i in range(100000):\n"
         "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n", _status("error", "memory")),
    Case("disk_fill", "i = 0\nwhile True:\n    with open('f%d' % i, 'wb') as f:\n        f.write(b'x' * 900000)\n    i += 1\n",
         _status("error"), Limits(wall_time_s=5.0, cpu_time_s=4.0), requires=frozenset({"disk"})),
    Case("write_outside_workdir", r'''
import os
for p in ["@ESCAPE@", "@DIR@/planted", "/etc/rlvr-planted", "/usr/rlvr-planted", "/rlvr-planted",
          os.path.expanduser("~/rlvr-planted"), "/tmp/rlvr-planted", "/dev/shm/rlvr-planted"]:
    try:
        with open(p, "w") as f:
            f.write("x")
        print("wrote", p)
    except Exception:
        pass
''', _no_leak(_writes), requires=frozenset({"fs"})),
    Case("read_host_secrets", SECRETS_PROGRAM, _no_leak(), requires=frozenset({"fs"})),
    Case("network", r'''
import os, socket
ifaces = [n for _, n in socket.if_nameindex()]
print("ifaces=" + ",".join(ifaces))
routes = open("/proc/net/route").read().splitlines()[1:]
print("routes=%d" % len(routes))
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("127.0.0.1", @PORT@))
    print("connect=ok")
except OSError as e:
    print("connect=" + type(e).__name__)
''', _no_leak(_network), requires=frozenset({"net"})),
    Case("kill_and_trace_parent", r'''
import ctypes, os, signal
for target in (os.getppid(), 1):
    for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGINT):
        try:
            os.kill(target, sig)
        except OSError:
            pass
libc = ctypes.CDLL(None, use_errno=True)
print("ptrace", libc.ptrace(16, os.getppid(), 0, 0), libc.ptrace(16, 1, 0, 0))  # PTRACE_ATTACH
for p in ("/proc/%d/mem" % os.getppid(), "/proc/1/mem"):
    try:
        open(p, "rb").read(1)
        print("read", p)
    except OSError:
        pass
os.killpg(0, signal.SIGKILL)  # its own new session: only itself
''', _status("killed"), requires=frozenset({"signals"})),
    Case("daemon_outlives_run", r'''
import os, sys, time
r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(w, str(os.getpid()).encode())
        os.close(w)
        for fd in (0, 1, 2):
            os.close(fd)
        time.sleep(600)
    os._exit(0)
os.close(w)
print("daemon=" + os.read(r, 32).decode())
''', _status("ok"), requires=frozenset({"daemons"}),
         followup="import os\nprint(' '.join(p for p in os.listdir('/proc') if p.isdigit()))\n",
         check_followup=_daemon_gone),
    Case("leftover_state", r'''
import json, os, sys
open("leftover.txt", "w").write("x")
os.environ["RLVR_LEFTOVER"] = "1"
json.LEFTOVER = True
sys.modules["rlvr_leftover"] = sys
''', _status("ok"), followup=r'''
import json, os, sys
found = [x for x, bad in [("file", os.path.exists("leftover.txt")), ("env", "RLVR_LEFTOVER" in os.environ),
         ("module attr", hasattr(json, "LEFTOVER")), ("module", "rlvr_leftover" in sys.modules)] if bad]
print("clean" if not found else "left: " + ",".join(found))
''', check_followup=_state_gone),
]


def backend_capabilities(sb: BaseSandbox) -> frozenset[str]:
    """What a backend isolates, in the vocabulary of ``Case.requires``."""
    if sb.name in ("bwrap", "docker"):
        return frozenset({"fs", "net", "disk", "signals", "daemons"})
    if sb.name == "process" and os.geteuid() == 0:  # a throwaway uid: it cannot signal us; its processes are reaped
        return frozenset({"signals", "daemons"})
    return frozenset()


@dataclass(frozen=True)
class CaseOutcome:
    name: str
    verdict: str  # "contained", "FAILED", "not isolated"
    detail: str
    status: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"name": self.name, "verdict": self.verdict, "detail": self.detail, "status": self.status,
                "seconds": round(self.seconds, 3)}


def run_suite(sb: BaseSandbox, cases: list[Case] | None = None) -> list[CaseOutcome]:
    """Run every case against ``sb`` (all at once, over the pool) and judge each on the host."""
    cases = CASES if cases is None else cases
    caps = backend_capabilities(sb)
    canaries = Canaries()
    try:
        runnable = [c for c in cases if c.requires <= caps]
        t0 = time.monotonic()
        results = sb.run_many([Job(canaries.fill(c.program), limits=c.limits) for c in runnable])
        by_name = dict(zip([c.name for c in runnable], results))
        outcomes: dict[str, CaseOutcome] = {}
        for case in runnable:
            r = by_name[case.name]
            why = case.check(r, canaries)
            if why is None and case.followup is not None:
                why = _followup(sb, case, r, canaries)
            outcomes[case.name] = CaseOutcome(case.name, "FAILED" if why else "contained", why or "", r.status, r.wall_s)
        sane = sb.run("print(6 * 7)")  # the pool survived all of it
        if sane.stdout != "42\n":
            outcomes["pool_survives"] = CaseOutcome("pool_survives", "FAILED", f"a plain program then gave {sane.status}")
        else:
            outcomes["pool_survives"] = CaseOutcome("pool_survives", "contained", "", sane.status, time.monotonic() - t0)
        for case in cases:
            if case.name not in outcomes:
                missing = ", ".join(sorted(case.requires - caps))
                outcomes[case.name] = CaseOutcome(case.name, "not isolated", f"backend {sb.name} gives no {missing} isolation")
        return [outcomes[c.name] for c in cases] + [outcomes["pool_survives"]]
    finally:
        canaries.close()


def _followup(sb: BaseSandbox, case: Case, first: ExecResult, canaries: Canaries) -> str | None:
    """Run ``case.followup`` on the worker that ran ``first`` (pools hand idle workers jobs in slot order)."""
    worker = first.details.get("worker")
    width = getattr(sb, "workers", 1) or 1
    probes = sb.run_many([Job(canaries.fill(case.followup or ""), limits=QUICK)] * width)
    same = [p for p in probes if p.details.get("worker") == worker] or probes
    if sb.name == "process" and case.check_followup is _daemon_gone:  # the daemon's pid is a host pid: look there
        same = [ExecResult("ok", 0, " ".join(p for p in os.listdir("/proc") if p.isdigit()), "", 0.0, 0.0)]
    assert case.check_followup is not None
    return case.check_followup(first, same[0], canaries)
