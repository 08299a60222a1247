"""The judge that runs INSIDE the sandbox: it starts the candidate program in a process of its own and tests it.

This file is the sandbox ``program`` (as that sandbox's bytecode, see ``code_judge.py``, else as source); it uses
the standard library only. Its stdin is
one JSON object ``{nonce, mode, program, [child], tests | io, entry_points, cpu_s, wall_s, budget_s,
memory_mib, stop_on_fail, compare, float_tol}`` (``child``, the source of ``code_child.py``, the
candidate's side, only when the judge runs from source); its stdout carries exactly two lines it writes itself:

    RLVR-HARNESS <nonce> started
    RLVR-RESULT <nonce> {"passed": 3, "total": 4, "results": [...], ...}

Why the candidate cannot fake the verdict (each point answers a reward hack):
- The harness makes itself non-dumpable (prctl) before it reads stdin, so a process of the same uid
  cannot read its memory, file descriptors or environment through /proc, nor ptrace it; if it runs as
  root, the candidate's process also drops to uid 65534 so it cannot signal or trace the harness at all.
- The tests, the expected values and the nonce live only in this process. The candidate's process is a
  fresh ``python3`` (a new process that execs the interpreter: a fork alone would inherit the tests in its memory), started after
  stdin was read (and unlinked, if the sandbox gave stdin as a file), with every descriptor closed but
  its channel; stdin/stdout programs run in processes forked from that clean one (a launcher that never
  held a secret), one per case, with their stdout on a pipe only the harness reads. The candidate never
  writes to the harness's stdout and cannot know the nonce.
- The channel carries plain data only (tagged JSON), decoded here into builtin objects the harness
  builds itself, so an object that lies about ``==`` cannot come back; program-made objects stay in
  the candidate's process and are reached by handle (``Remote``). A Remote never compares equal to plain
  data, refuses ``bool()``, and refuses arithmetic and ordering against plain data (which would hand the
  program the expected value and let it answer ``abs(x - expected) < tol`` with a lie); ``in`` on it
  iterates its plain values and compares them here.
- ``sys.exit``, ``os._exit``, crashes, kill signals and exceptions in the candidate are seen here as a
  failed call; the harness's own failure exceptions derive from BaseException so ``except Exception``
  in test code cannot swallow them, and a StopIteration raised by a call cannot end the test's own
  loops (it arrives as a RuntimeError, as PEP 479 has it for generators). CPU time is read from
  /proc/<pid>/stat (the kernel's count) and wall time from this process's monotonic clock: nothing the
  candidate can patch.
"""

from __future__ import annotations

import base64
import builtins
import json
import marshal
import math
import os
import select
import socket
import sys
import time

MAX_MESSAGE_BYTES = 32 * 1024 * 1024  # a reply larger than this is the program's fault
MAX_RESULTS = 50  # per-test results reported back (the counts are always complete)
MAX_REASON = 300
_NOBODY_OK = [False]  # set once in main(): can the child run python as uid 65534?
_IGNORED_SIGNALS = (1, 2, 10, 12, 14, 15)  # HUP INT USR1 USR2 ALRM TERM: a same-uid program may send them

# -- harness-side failure kinds: BaseException so test code's ``except Exception`` cannot swallow them --
class ProgramDied(BaseException):
    """The child exited, was killed, or broke the channel during a call."""


class ProgramTimeout(BaseException):
    """A call used more CPU or wall time than one test may."""


class ProtocolViolation(BaseException):
    """The child sent something that is not a well-formed plain-data reply."""


class ProgramError(Exception):
    """Raised in test code when the program raised an exception that is not a builtin one."""


_EXC_CACHE: dict[tuple[str, str], type] = {}


def exception_class(name: str, builtin_bases: list, iterating: bool = False) -> type:
    """The harness-side class for an exception the program raised: a builtin one by name, else a stand-in.

    A StopIteration only ends an iteration when it answers ``next``; from a call it would silently end
    the test's own ``all(map(f, xs))``, so it arrives as a RuntimeError there.
    """
    own = getattr(builtins, name, None) if isinstance(name, str) else None
    if isinstance(own, type) and issubclass(own, Exception):
        if not (issubclass(own, (StopIteration, StopAsyncIteration)) and not iterating):
            return own
        builtin_bases = ["RuntimeError"]
    base = ProgramError
    for b in builtin_bases if isinstance(builtin_bases, list) else []:
        cls = getattr(builtins, b, None) if isinstance(b, str) else None
        if isinstance(cls, type) and issubclass(cls, Exception) and cls is not Exception \
                and not issubclass(cls, (StopIteration, StopAsyncIteration)):
            base = cls
            break
    key = (str(name)[:80], base.__name__)
    if key not in _EXC_CACHE:
        bases = (base,) if base is ProgramError else (base, ProgramError)
        _EXC_CACHE[key] = type(key[0] if key[0].isidentifier() else "ProgramError", bases, {})
    return _EXC_CACHE[key]


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


_LIBC: list = []


def _libc():
    if not _LIBC:  # ctypes is already imported in the sandbox's warm interpreter; dlopen once
        import ctypes

        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def _world_can_run_python() -> bool:
    """Whether uid 65534 could exec this interpreter and read its standard library (mode bits only)."""
    import stat

    for target in (os.path.realpath(sys.executable), os.path.dirname(os.path.realpath(os.__file__))):
        path = target
        while True:
            try:
                mode = os.stat(path).st_mode
            except OSError:
                return False
            need = stat.S_IXOTH | (stat.S_IROTH if path == target else 0)
            if mode & need != need:
                return False
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
    return True


def _drop_privileges(to_nobody: bool) -> None:
    """In the child, before exec: a root harness is protected only if the candidate is not root-capable."""
    if to_nobody:
        try:  # a different uid: it can neither signal nor trace the harness
            os.setgroups([])
            os.setresgid(65534, 65534, 65534)
            os.setresuid(65534, 65534, 65534)
            return
        except OSError:
            pass  # a user namespace mapping one uid: keep the uid, lose every capability instead
    import ctypes

    libc = _libc()
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP: an exec as uid 0 then regains nothing

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    data = (ctypes.c_uint32 * 6)()
    libc.capset(ctypes.byref(Header(0x20080522, 0)), data)


_RUN_COMPILED = "import binascii, marshal, sys, zlib\nexec(marshal.loads(zlib.decompress(binascii.a2b_base64(sys.argv.pop(1)))))"


def spawn_candidate(cfg: dict, mode: str, channel: tuple, cpu_s: float) -> int:
    """Start a fresh ``python3 -I -S`` running the candidate's side (``code_child.py``) in ``mode``.

    Its stdin, stdout and stderr are /dev/null, every descriptor but ``channel`` is closed, and it runs
    in a session of its own with the ignored signals reset, no new privileges (set on the judge itself,
    inherited), under the memory and CPU limits and, if the judge is root, as uid 65534 or without
    capabilities, before any program code runs. As a normal user that is ``posix_spawn`` (no copy of
    the judge's page tables: ~2.5 ms less per program than fork + exec) and ``prlimit`` on the new
    process, whose own start-up code waits for the program on its channel, which the judge only sends
    after the limits are set. Raises OSError when it cannot start (the judge's fault, never the program's).
    """
    import resource

    compiled = globals().get("CHILD_CODE")  # set by code_judge's stub: the child as this python's bytecode
    head = [sys.executable, "-I", "-S", "-c", *((_RUN_COMPILED, compiled) if isinstance(compiled, str) else (cfg["child"],))]
    argv = [*head, mode, cfg["workdir"], *map(str, channel)]
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    mem = cfg["memory_mib"] << 20
    cpu = max(1, math.ceil(cpu_s))
    limits = [(resource.RLIMIT_AS, (mem, mem)), (resource.RLIMIT_CPU, (cpu, cpu + 1)), (resource.RLIMIT_CORE, (0, 0))]
    if os.geteuid() == 0:
        return _fork_exec(argv, env, limits, channel, cfg["workdir"])
    for fd in channel:
        os.set_inheritable(fd, True)
    try:
        null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        pid = os.posix_spawn(sys.executable, argv, env, file_actions=null, setsid=True, setsigdef=_IGNORED_SIGNALS)
    finally:
        for fd in channel:
            os.set_inheritable(fd, False)
    try:
        for which, value in limits:
            resource.prlimit(pid, which, value)
    except OSError:
        _kill_group(pid)
        _reap(pid)
        raise
    return pid


def _fork_exec(argv: list, env: dict, limits: list, channel: tuple, workdir: str) -> int:
    """The root judge's way: the candidate drops privileges in the child, before the exec."""
    import resource
    import signal

    null = os.open(os.devnull, os.O_RDWR)
    err_r, err_w = os.pipe()  # close-on-exec: EOF means the exec happened
    try:
        pid = os.fork()
        if pid == 0:
            try:
                for sig in _IGNORED_SIGNALS:
                    signal.signal(sig, signal.SIG_DFL)
                os.setsid()
                for which, value in limits:
                    resource.setrlimit(which, value)
                _drop_privileges(_NOBODY_OK[0])
                _libc().prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
                os.chdir(workdir)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                for fd in channel:
                    os.set_inheritable(fd, True)
                low = 3
                for fd in sorted((*channel, err_w)):  # err_w stays open until the exec closes it
                    os.closerange(low, fd)
                    low = fd + 1
                os.closerange(low, 65536)
                os.execve(sys.executable, argv, env)
            except BaseException as e:
                try:
                    os.write(err_w, f"{type(e).__name__}: {e}".encode("utf-8", "replace")[:300])
                except BaseException:
                    pass
            finally:
                os._exit(127)
        os.close(err_w)
        err_w = -1
        why = os.read(err_r, 400)
    finally:
        os.close(null)
        os.close(err_r)
        if err_w >= 0:
            os.close(err_w)
    if why:
        os.waitpid(pid, 0)
        raise OSError(f"could not start the program's interpreter: {why.decode('utf-8', 'replace')}")
    return pid


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, 9)
        except OSError:
            pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


class Child:
    """The candidate's process for function tests and its channel: two pipes, length-framed messages."""

    def __init__(self, cfg: dict):
        r_req, w_req = os.pipe()  # harness -> child
        r_rep, w_rep = os.pipe()  # child -> harness
        self.cfg = cfg
        try:
            self.pid = spawn_candidate(cfg, "function", (r_req, w_rep), cfg["cpu_total_s"])
        except BaseException:
            for fd in (w_req, r_rep):
                os.close(fd)
            raise
        finally:
            os.close(r_req)
            os.close(w_rep)
        self.w, self.r = w_req, r_rep
        src = cfg["program"].encode("utf-8", "replace")
        try:
            self._write_all(len(src).to_bytes(4, "big") + src)
        except OSError:
            pass  # the child died already; the first read reports it

    def _write_all(self, data: bytes) -> None:
        while data:
            data = data[os.write(self.w, data):]

    def kill(self) -> None:
        if self.pid:
            _kill_group(self.pid)
            _reap(self.pid)
            self.pid = 0
        for fd in (self.w, self.r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.w = self.r = -1

    def _read_exact(self, n: int, deadline: float, cpu_start: float | None) -> bytes:
        buf = b""
        cpu_limit = self.cfg["cpu_s"]
        while len(buf) < n:
            now = time.monotonic()
            if now >= deadline:
                raise ProgramTimeout(f"no reply within the {self.cfg['wall_s']:g} s wall-time limit of a test")
            ready, _, _ = select.select([self.r], [], [], min(0.05, deadline - now))
            if not ready:
                cpu = _cpu_seconds(self.pid)
                if cpu is not None and cpu_start is not None and cpu - cpu_start > cpu_limit:
                    raise ProgramTimeout(f"used more than the {cpu_limit:g} s CPU limit of a test")
                continue
            chunk = os.read(self.r, min(n - len(buf), 1 << 20))
            if not chunk:
                raise ProgramDied("the program exited or closed the channel during a call")
            buf += chunk
        return buf

    def recv(self, deadline: float, cpu_start: float | None) -> object:
        n = int.from_bytes(self._read_exact(4, deadline, cpu_start), "big")
        if n > MAX_MESSAGE_BYTES:
            raise ProtocolViolation(f"a reply of {n} bytes is over the {MAX_MESSAGE_BYTES} byte limit")
        data = self._read_exact(n, deadline, cpu_start)
        try:
            return json.loads(data)
        except (ValueError, RecursionError) as e:
            raise ProtocolViolation(f"unreadable reply from the program: {type(e).__name__}") from None

    def send(self, obj: object) -> None:
        data = marshal.dumps(obj)
        try:
            self._write_all(len(data).to_bytes(4, "big") + data)
        except OSError:
            raise ProgramDied("the program exited or closed the channel") from None


# -- the plain-data codec, harness side: decoding builds only builtin objects (or Remotes) ------------
_FLOAT_WORDS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def decode(v: object, session: Session, depth: int = 0) -> object:
    """Turn a reply into builtin values; anything malformed is the program's protocol violation."""
    t = type(v)
    if v is None or t in (bool, int, float, str):
        return v
    if t is not dict or depth > 400:
        raise ProtocolViolation("malformed value in the program's reply")
    if len(v) == 2 and type(v.get("h")) is int and type(v.get("n")) is str:
        return Remote(session, {"r": v["h"]}, v["n"][:80])
    if len(v) != 1:
        raise ProtocolViolation("malformed value in the program's reply")
    ((k, x),) = v.items()
    try:
        if k in ("l", "t", "s", "f") and type(x) is list:
            items = [decode(i, session, depth + 1) for i in x]
            return {"l": list, "t": tuple, "s": set, "f": frozenset}[k](items)
        if k == "d" and type(x) is list:
            out = {}
            for pair in x:
                if type(pair) is not list or len(pair) != 2:
                    raise ProtocolViolation("malformed dict in the program's reply")
                out[decode(pair[0], session, depth + 1)] = decode(pair[1], session, depth + 1)
            return out
        if k in ("b", "y") and type(x) is str:
            raw = base64.b64decode(x, validate=True)
            return raw if k == "b" else bytearray(raw)
        if k == "c" and type(x) is list and len(x) == 2 and all(type(i) in (int, float) for i in x):
            return complex(x[0], x[1])
        if k == "x" and x in _FLOAT_WORDS:
            return _FLOAT_WORDS[x]
        if k == "i" and type(x) is str and len(x) < 1_000_000:  # ints past json's 4300-digit limit travel as hex
            return int(x, 16)
    except TypeError as e:  # e.g. an unhashable set member or dict key
        raise ProtocolViolation(f"malformed value in the program's reply: {e}") from None
    except ValueError as e:  # bad base64
        raise ProtocolViolation(f"malformed value in the program's reply: {e}") from None
    raise ProtocolViolation("malformed value in the program's reply")


def encode(v: object, session: Session, depth: int = 0) -> object:
    """Test values to the wire (marshal: numbers of any size, inf and nan travel as they are); only plain
    data and the program's own objects can cross."""
    t = type(v)
    if v is None or t in (bool, int, float, str, complex):
        return v
    if depth > 400:
        raise ValueError("value nested too deeply to pass to the program")
    if t in (list, tuple, set, frozenset):
        return {{list: "l", tuple: "t", set: "s", frozenset: "f"}[t]: [encode(i, session, depth + 1) for i in v]}
    if t is dict:
        return {"d": [[encode(a, session, depth + 1), encode(b, session, depth + 1)] for a, b in v.items()]}
    if t in (bytes, bytearray):
        return {"b" if t is bytes else "y": bytes(v)}
    if t is Remote:
        return object.__getattribute__(v, "_wire")()
    raise TypeError(f"cannot pass a {t.__name__} to the program: only plain data and the program's own objects cross the channel")


class Remote:
    """The program's function, class or object, reached by name or handle; every use is one request.

    It never equals a plain value and has no truth value, so a returned object whose ``__eq__`` or
    ``__bool__`` lies cannot pass a test that expects plain data. Arithmetic and ordering work between
    two program objects only: against plain data (``f(x) - 0.5``, ``f(x) < 10``) they would send the
    test's value to the program and let its answer decide the test, so they raise TypeError here.
    """

    __slots__ = ("_session", "_ref", "_name", "_generation")

    def __init__(self, session: Session, ref: dict, name: str):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_generation", session.generation)

    def _wire(self) -> dict:
        s = object.__getattribute__(self, "_session")
        if "r" in object.__getattribute__(self, "_ref") and object.__getattribute__(self, "_generation") != s.generation:
            raise ProgramDied("this object belonged to a program run that has since been restarted")
        return object.__getattribute__(self, "_ref")

    def _req(self, op: str, **fields: object) -> object:
        s = object.__getattribute__(self, "_session")
        return s.request({"op": op, "t": object.__getattribute__(self, "_wire")(), **fields})

    def __call__(self, *args: object, **kwargs: object) -> object:
        s = object.__getattribute__(self, "_session")
        return s.call(object.__getattribute__(self, "_wire")(), args, kwargs)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return object.__getattribute__(self, "_req")("getattr", a=name)

    def __setattr__(self, name: str, value: object) -> None:
        s = object.__getattribute__(self, "_session")
        object.__getattribute__(self, "_req")("setattr", a=name, v=encode(value, s))

    def __delattr__(self, name: str) -> None:
        object.__getattribute__(self, "_req")("delattr", a=name)

    def _unop(self, name: str, want: type) -> object:
        out = object.__getattribute__(self, "_req")("unop", a=name)
        if type(out) is not want:
            raise TypeError(f"{name}() of a program object returned {type(out).__name__}, not {want.__name__}")
        return out

    def _binop(self, name: str, other: object, reflected: bool = False) -> object:
        if type(other) is not Remote:
            symbol = _SYMBOLS.get(name, name)
            raise TypeError(f"'{symbol}' between a program object ({object.__getattribute__(self, '_name')}) and plain data is not "
                            "trusted: the program would answer it; return plain data (a number, a list, ...)")
        return object.__getattribute__(self, "_req")("binop", a=name, v=object.__getattribute__(other, "_wire")(), r=reflected)

    def _item(self, op: str, key: object) -> object:
        s = object.__getattribute__(self, "_session")
        return object.__getattribute__(self, "_req")("binop", a=op, v=encode(key, s), r=False)

    def _method(self, name: str, *args: object) -> object:
        return object.__getattribute__(self, "_req")("getattr", a=name)(*args)

    def __len__(self) -> int:
        return object.__getattribute__(self, "_unop")("len", int)

    def __hash__(self) -> int:
        return object.__getattribute__(self, "_unop")("hash", int)

    def __repr__(self) -> str:
        return object.__getattribute__(self, "_unop")("repr", str)

    def __str__(self) -> str:
        return object.__getattribute__(self, "_unop")("str", str)

    def __bool__(self) -> bool:
        raise TypeError("a program object has no trusted truth value; compare a plain value it returns instead")

    def __eq__(self, other: object) -> object:
        if type(other) is not Remote:
            return NotImplemented  # never equal to plain data: a lying __eq__ cannot pass a test
        return object.__getattribute__(self, "_binop")("eq", other) is True

    def __ne__(self, other: object) -> object:
        if type(other) is not Remote:
            return NotImplemented
        return object.__getattribute__(self, "_binop")("eq", other) is not True

    def __iter__(self) -> object:
        return _RemoteIterator(object.__getattribute__(self, "_req")("iter"))

    def __next__(self) -> object:
        return object.__getattribute__(self, "_req")("next")

    def __getitem__(self, key: object) -> object:
        return object.__getattribute__(self, "_item")("getitem", key)

    def __setitem__(self, key: object, value: object) -> None:
        object.__getattribute__(self, "_method")("__setitem__", key, value)

    def __delitem__(self, key: object) -> None:
        object.__getattribute__(self, "_item")("delitem", key)

    # No __contains__: ``x in obj`` iterates obj (``__iter__``) and compares its plain values here, so the
    # program never sees x and cannot answer "yes" to everything.


_SYMBOLS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//",
            "mod": "%", "pow": "**", "and": "&", "or": "|", "xor": "^", "matmul": "@"}


def _make_binop(name: str, reflected: bool = False):
    def op(self: Remote, other: object) -> object:
        return object.__getattribute__(self, "_binop")(name, other, reflected)

    return op


for _name in ("lt", "le", "gt", "ge", "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor", "matmul"):
    _dunder = _name + "_" if _name in ("and", "or") else _name
    setattr(Remote, f"__{_dunder}__", _make_binop(_name))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(Remote, f"__r{_dunder}__", _make_binop(_name, True))


class _RemoteIterator:
    """Iterates a program iterator one ``next`` request at a time (so infinite generators work with islice)."""

    def __init__(self, it: object):
        self.it = it

    def __iter__(self) -> _RemoteIterator:
        return self

    def __next__(self) -> object:
        if type(self.it) is not Remote:
            raise TypeError("iter() of a program object did not return an iterator")
        return next(self.it)


class LoadFailed(Exception):
    """The program did not load (syntax error, exception at import, exit at top level)."""


class Session:
    """The live candidate process for function tests, restarted after it dies or times out."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.child: Child | None = None
        self.generation = 0
        self.broken: str | None = None
        self.names: dict = {}
        self.deadline = 0.0
        self.cpu_start: float | None = None

    def start(self, deadline: float) -> dict:
        if self.child is not None:
            self.child.kill()
        self.generation += 1
        self.broken = None
        try:
            self.child = Child(self.cfg)
        except OSError as e:
            if self.generation == 1:
                raise  # the first start failing is the judge's fault: reported as harness_error
            self.child = None  # the program ran before and left no room (processes, memory) to restart it
            raise LoadFailed(f"could not restart the program after a failed test: {e}") from None
        self.deadline, self.cpu_start = deadline, 0.0
        try:
            reply = self.child.recv(deadline, 0.0)
        except (ProgramDied, ProgramTimeout, ProtocolViolation) as e:
            self.child.kill()
            raise LoadFailed(f"the program did not load: {e}") from None
        if type(reply) is dict and type(reply.get("load_error")) is str:
            self.child.kill()
            raise LoadFailed(f"the program raised while loading: {reply['load_error'][:MAX_REASON]}")
        names = reply.get("names") if type(reply) is dict else None
        if type(names) is not dict:
            self.child.kill()
            raise LoadFailed("the program did not load: no list of names came back")
        self.names = names
        return names

    def begin_test(self, deadline: float) -> None:
        self.deadline = deadline
        self.cpu_start = _cpu_seconds(self.child.pid) if self.child else None

    def request(self, msg: dict) -> object:
        if self.broken is not None or self.child is None:
            raise ProgramDied(self.broken or "the program is not running")
        try:
            self.child.send(msg)
            reply = self.child.recv(self.deadline, self.cpu_start)
        except (ProgramDied, ProgramTimeout, ProtocolViolation) as e:
            self.broken = str(e)
            self.child.kill()
            raise
        if type(reply) is not dict:
            self._violation("a reply that is not an object")
        if "e" in reply:
            name, bases, text = reply.get("e"), reply.get("b"), reply.get("msg")
            if type(name) is not str or type(text) is not str:
                self._violation("a malformed exception report")
            raise exception_class(name, bases, iterating=msg["op"] == "next")(text[:MAX_REASON])
        if "v" not in reply:
            self._violation("a reply without a value")
        return decode(reply["v"], self)

    def _violation(self, what: str) -> None:
        self.broken = f"the program sent {what}"
        self.child.kill()
        raise ProtocolViolation(self.broken)

    def call(self, ref: dict, args: tuple, kwargs: dict) -> object:
        wire_args = [encode(a, self) for a in args]
        wire_kw = [[k, encode(v, self)] for k, v in kwargs.items()]
        if self.broken is not None or self.child is None:
            raise ProgramDied(self.broken or "the program is not running")
        msg = {"op": "call", "t": ref, "a": wire_args, "k": wire_kw}
        try:
            self.child.send(msg)
            reply = self.child.recv(self.deadline, self.cpu_start)
        except (ProgramDied, ProgramTimeout, ProtocolViolation) as e:
            self.broken = str(e)
            self.child.kill()
            raise
        if type(reply) is dict and "v" in reply and type(reply.get("m")) is list and len(reply["m"]) == len(args):
            for orig, new in zip(args, reply["m"]):  # in-place changes to list/dict/set arguments come back by value
                if new is not None and type(orig) in (list, dict, set, bytearray):
                    value = decode(new, self)
                    if type(value) is type(orig):
                        if type(orig) is dict:
                            orig.clear()
                            orig.update(value)
                        elif type(orig) is set:
                            orig.clear()
                            orig.update(value)
                        else:
                            orig[:] = value
            return decode(reply["v"], self)
        if type(reply) is dict and "e" in reply:
            name, bases, text = reply.get("e"), reply.get("b"), reply.get("msg")
            if type(name) is str and type(text) is str:
                raise exception_class(name, bases)(text[:MAX_REASON])
        self._violation("a malformed reply to a call")

    def close(self) -> None:
        if self.child is not None:
            self.child.kill()
            self.child = None


def _short(code: str) -> str:
    line = code.strip().splitlines()[0] if code.strip() else ""
    return line if len(line) <= 120 else line[:117] + "..."


def _describe(e: BaseException) -> str:
    if isinstance(e, (ProgramDied, ProgramTimeout, ProtocolViolation)):
        return str(e)
    try:
        text = str(e)
    except BaseException:
        text = ""
    name = type(e).__name__
    return f"{name}: {text}"[:MAX_REASON] if text else name


def run_function_tests(cfg: dict) -> dict:
    """Run test units (``[code, counted]``) in this process against the program's names in a child."""
    start = time.monotonic()
    overall = start + cfg["budget_s"]
    session = Session(cfg)
    units = cfg["tests"]
    entry = cfg.get("entry_points")
    results: list = []
    passed = total = 0
    ns: dict = {}
    load_error = None
    setup_error = ""

    def bind() -> None:
        names = session.start(min(overall, time.monotonic() + cfg["wall_s"] + 5))
        wanted = entry if entry else sorted(names)
        missing = [n for n in wanted if n not in names]
        if missing:
            raise LoadFailed(f"the program does not define {', '.join(missing)}")
        ns.clear()
        ns["__name__"] = "__tests__"
        for n in wanted:
            kind, bases = names[n] if type(names[n]) is list and len(names[n]) == 2 else ("function", [])
            ns[n] = exception_class(n, bases) if kind == "exception" else Remote(session, {"g": n}, n)

    try:
        bind()
    except LoadFailed as e:
        load_error = str(e)
    for code, counted in units:
        if load_error is not None:
            if counted:
                total += 1
                if len(results) < MAX_RESULTS:
                    results.append({"ok": False, "test": _short(code), "reason": load_error})
            continue
        if session.broken is not None:
            try:
                bind()
            except LoadFailed as e:
                load_error = str(e)
                if counted:
                    total += 1
                    if len(results) < MAX_RESULTS:
                        results.append({"ok": False, "test": _short(code), "reason": load_error})
                continue
        now = time.monotonic()
        ok, reason = True, ""
        if now >= overall:
            ok, reason = False, f"the {cfg['budget_s']:g} s time budget of the whole run was used up"
        else:
            session.begin_test(min(overall, now + cfg["wall_s"]))
            try:
                exec(compile(code, "<tests>", "exec"), ns)
            except AssertionError as e:
                ok, reason = False, "assertion failed" + (f": {_describe(e)}" if str(e) else "")
            except BaseException as e:  # noqa: BLE001 - every way a test can end is a verdict, never a crash
                ok, reason = False, _describe(e)
        if not counted:  # a failed setup line explains the tests after it (a NameError alone would not)
            if not ok:
                setup_error = f" (after the setup line `{_short(code)[:60]}` failed: {reason[:120]})"
            continue
        if not ok and setup_error:
            reason += setup_error
        total += 1
        passed += ok
        if len(results) < MAX_RESULTS:
            results.append({"ok": ok, "test": _short(code), "reason": reason[:MAX_REASON]})
        if not ok and cfg.get("stop_on_fail"):
            break
    session.close()
    total = max(total, sum(1 for _, c in units if c)) if cfg.get("stop_on_fail") else total
    return {"passed": passed, "total": total, "results": results, "load_error": load_error,
            "seconds": round(time.monotonic() - start, 4)}


# -- stdin/stdout tasks -------------------------------------------------------------------------------
def _number(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _tokens_match(got: list, want: list, tol: float) -> bool:
    if len(got) != len(want):
        return False
    for g, w in zip(got, want):
        if g == w:
            continue
        # tolerance applies only where the expected token is a decimal (has a point or an exponent)
        if tol <= 0 or not any(c in w for c in ".eE") or (gv := _number(g)) is None or (wv := _number(w)) is None:
            return False
        if abs(gv - wv) > tol * max(1.0, abs(wv)):
            return False
    return True


def outputs_match(got: str, want: str, compare: str, tol: float) -> bool:
    """The stdout rules: ``exact``, ``lines`` (default) or ``tokens``; see the verifier's docstring."""
    got, want = got.replace("\r\n", "\n"), want.replace("\r\n", "\n")
    if compare == "exact":
        return got == want
    if compare == "tokens":
        return _tokens_match(got.split(), want.split(), tol)
    g_lines = [line.rstrip() for line in got.rstrip().split("\n")]
    w_lines = [line.rstrip() for line in want.rstrip().split("\n")]
    return len(g_lines) == len(w_lines) and all(_tokens_match(g.split(), w.split(), tol) for g, w in zip(g_lines, w_lines))


class LauncherDied(Exception):
    """The launcher stopped before it was ready: it never ran program code, so this is the judge's fault."""


class Launcher:
    """The clean process stdin/stdout runs are forked from (``code_child.py`` in io mode), and its socket.

    It is on the candidate's side (a run may kill it or take it over), so what it says is checked: it
    only reports when a run started (``P<pid>``) and how it ended (``X<code>``); the output is read from
    the harness's own pipe ends, the time from the harness's clock and the kernel's count.
    """

    def __init__(self, cfg: dict):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.pid = spawn_candidate(cfg, "io", (theirs.fileno(),), cfg["cpu_s"])
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock, self.inbuf, self.ready = ours, b"", False
        src = cfg["program"].encode("utf-8", "replace")
        try:
            ours.settimeout(cfg["wall_s"] + 5)
            ours.sendall(len(src).to_bytes(4, "big") + src)
        except OSError:
            pass  # it died: the first run reports it
        ours.setblocking(False)

    def _lines(self) -> list | None:
        """Complete lines the launcher sent; None when it is gone (or sent garbage)."""
        try:
            chunk = self.sock.recv(4096)
        except BlockingIOError:
            return []
        except OSError:
            return None
        if not chunk or len(self.inbuf) + len(chunk) > 4096:
            return None
        self.inbuf += chunk
        *lines, self.inbuf = self.inbuf.split(b"\n")
        return lines

    def kill(self) -> None:
        if self.pid:
            _kill_group(self.pid)
            _reap(self.pid)
            self.pid = 0
        self.sock.close()

    def run(self, cfg: dict, stdin: bytes, out_cap: int, deadline: float) -> tuple[str, str, int | None, str]:
        """One run on ``stdin``: (stdout, stderr tail, exit code, failure reason). Leaves the launcher
        killed (``pid`` 0) unless the run ended normally. Raises LauncherDied (see the class)."""
        fds = os.pipe() + os.pipe() + os.pipe()  # in_r, in_w, out_r, out_w, err_r, err_w
        in_w, out_r, err_r = fds[1], fds[2], fds[4]
        try:
            socket.send_fds(self.sock, [b"R"], [fds[0], fds[3], fds[5]])
            sent = True
        except OSError:
            sent = False
        finally:
            for fd in (fds[0], fds[3], fds[5]):
                os.close(fd)
        out, err = bytearray(), bytearray()
        streams = {out_r: out, err_r: err}
        pending = memoryview(stdin)
        for fd in (in_w, out_r, err_r):
            os.set_blocking(fd, False)
        if not pending:
            os.close(in_w)
            in_w = -1
        run_pid, code, reason = 0, None, "" if sent else "the program's process could not be started (its launcher is gone)"
        cpu_limit, sock_fd = cfg["cpu_s"], self.sock.fileno()
        try:
            while not reason and code is None:
                now = time.monotonic()
                if now >= deadline:
                    reason = f"no result within the {cfg['wall_s']:g} s wall-time limit of a test"
                    break
                cpu = _cpu_seconds(run_pid) if run_pid else None
                if cpu is not None and cpu > cpu_limit:
                    reason = f"used more than the {cpu_limit:g} s CPU limit of a test"
                    break
                readable, writable, _ = select.select([*streams, sock_fd], [in_w] if in_w >= 0 else [], [], min(0.05, deadline - now))
                if writable:
                    try:
                        pending = pending[os.write(in_w, pending[:65536]):]
                    except BlockingIOError:
                        pass
                    except OSError:  # the program closed its stdin: the rest is not wanted
                        pending = pending[:0]
                    if not pending:
                        os.close(in_w)
                        in_w = -1
                for fd in readable:
                    if fd == sock_fd:
                        lines = self._lines()
                        if lines is None:
                            if not self.ready:
                                raise LauncherDied("the program's launcher died before it was ready")
                            reason = "the program's process was lost (its launcher was killed)"
                            break
                        for line in lines:
                            if line == b"K" and not self.ready:
                                self.ready = True
                            elif line[:1] == b"P" and line[1:].isdigit() and not run_pid and self.ready:
                                run_pid = int(line[1:])
                                if run_pid in (0, 1, os.getpid(), os.getpgrp(), self.pid):
                                    run_pid, reason = 0, "the program's launcher reported a bogus process"
                            elif line[:1] == b"X" and line[1:].lstrip(b"-").isdigit() and run_pid:
                                code = int(line[1:])
                            else:
                                reason = "the program's launcher sent garbage"
                    else:
                        _drain(fd, streams, False)
                        if len(out) > out_cap:
                            reason = f"printed more than {out_cap} bytes"
                            break
                        if len(err) > 4096:
                            del err[:-4096]
            if code is not None:  # it ended: take what is already in the pipes, never wait for a daemon holding them
                for fd in list(streams):
                    _drain(fd, streams, True)
                if len(out) > out_cap:
                    reason, code = f"printed more than {out_cap} bytes", None
        finally:
            if run_pid:
                _kill_group(run_pid)  # what the run left behind (its own process group)
            for fd in (in_w, out_r, err_r):
                if fd >= 0:
                    os.close(fd)
            if code is None:  # it did not end normally: the launcher may be stuck or taken over
                self.kill()
        return out.decode("utf-8", "replace"), err[-600:].decode("utf-8", "replace"), code, reason


def _drain(fd: int, streams: dict, all_now: bool) -> None:
    """Read from non-blocking ``fd`` into its buffer: one chunk, or everything there is now."""
    while fd in streams:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            del streams[fd]
            return
        streams[fd] += chunk
        if not all_now:
            return


def run_io_tests(cfg: dict) -> dict:
    """Run the program once per case (a fresh process each, forked from a clean launcher) and compare its
    stdout by the rules."""
    start = time.monotonic()
    overall = start + cfg["budget_s"]
    results, passed = [], 0
    launcher: Launcher | None = None
    first = True  # the first launcher failing to start is the judge's fault
    try:
        for case in cfg["io"]:
            now = time.monotonic()
            want = case["stdout"]
            if now >= overall:
                ok, reason = False, f"the {cfg['budget_s']:g} s time budget of the whole run was used up"
            else:
                cap = 2 * len(want.encode()) + 65536
                out, err, code, reason = "", "", None, ""
                if launcher is None or not launcher.pid:
                    try:
                        launcher = Launcher(cfg)
                    except OSError as e:
                        if first:
                            raise
                        reason = f"could not start the program again (an earlier run used up processes or memory): {e}"
                if not reason:
                    try:
                        out, err, code, reason = launcher.run(cfg, case["stdin"].encode("utf-8"), cap, min(overall, now + cfg["wall_s"]))
                    except LauncherDied as e:
                        if first:
                            raise OSError(str(e)) from None
                        reason = f"could not start the program again: {e}"
                first = False
                if not reason and code != 0:
                    last = err.strip().splitlines()[-1] if err.strip() else ""
                    reason = f"exited with code {code}" + (f": {last[:200]}" if last else "")
                if not reason and not outputs_match(out, want, cfg["compare"], cfg["float_tol"]):
                    reason = "wrong output: " + repr(out[:80])
                ok = not reason
            passed += ok
            if len(results) < MAX_RESULTS:
                results.append({"ok": ok, "test": repr(case["stdin"][:60]), "reason": reason[:MAX_REASON]})
            if not ok and cfg.get("stop_on_fail"):
                break
    finally:
        if launcher is not None and launcher.pid:
            launcher.kill()
    return {"passed": passed, "total": len(cfg["io"]), "results": results, "load_error": None,
            "seconds": round(time.monotonic() - start, 4)}


# -- entry point ----------------------------------------------------------------------------------------
def _nondumpable() -> None:
    """PR_SET_DUMPABLE=0: same-uid processes lose /proc/<pid>/{mem,fd,environ} and ptrace on us."""
    if _libc().prctl(4, 0, 0, 0, 0) != 0:
        raise OSError("prctl(PR_SET_DUMPABLE, 0) failed")


def _consume_stdin() -> bytes:
    data = sys.stdin.buffer.read()
    try:  # if the sandbox handed stdin over as a file, the program must not find it later
        path = os.readlink("/proc/self/fd/0")
        if os.path.isfile(path):
            os.unlink(path)
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # keep fd 0 taken: a pipe landing on fd 0 would be clobbered by a child's stdin
    os.close(null)
    return data


def main() -> None:
    import signal

    for sig in _IGNORED_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    _nondumpable()
    if _libc().prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS: every process started from here inherits it
        raise OSError("prctl(PR_SET_NO_NEW_PRIVS, 1) failed")
    cfg = json.loads(_consume_stdin())
    nonce = cfg["nonce"]
    print(f"RLVR-HARNESS {nonce} started", flush=True)
    workdir = os.path.join(os.getcwd(), "program")
    os.makedirs(workdir, exist_ok=True)
    os.chmod(workdir, 0o777)  # the child may run as another uid; this scratch dir is all it gets
    cfg["workdir"] = workdir
    cfg["cpu_total_s"] = cfg["budget_s"]
    _NOBODY_OK[0] = os.geteuid() == 0 and _world_can_run_python()
    try:
        result = run_io_tests(cfg) if cfg["mode"] == "io" else run_function_tests(cfg)
    except Exception as e:  # the harness's own fault (cannot spawn, bad config): reported as such, not as a fail
        import traceback

        where = traceback.extract_tb(e.__traceback__)[-1]
        result = {"harness_error": f"{type(e).__name__}: {e} (harness line {where.lineno})"[:MAX_REASON]}
    sys.stdout.write(f"RLVR-RESULT {nonce} {json.dumps(result)}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
