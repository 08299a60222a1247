"""The judge that runs INSIDE the sandbox: it starts the candidate program in a child process and tests it.

This file is sent verbatim as the sandbox ``program``; it uses the standard library only. Its stdin is
one JSON object ``{nonce, mode, program, tests | io, entry_points, cpu_s, wall_s, budget_s, memory_mib,
stop_on_fail, compare, float_tol}``; its stdout carries exactly two lines it writes itself:

    RLVR-HARNESS <nonce> started
    RLVR-RESULT <nonce> {"passed": 3, "total": 4, "results": [...], ...}

Why the candidate cannot fake the verdict (each point answers a reward hack):
- The harness makes itself non-dumpable (prctl) before it reads stdin, so a process of the same uid
  cannot read its memory, file descriptors or environment through /proc, nor ptrace it; if it runs as
  root, the candidate child also drops to uid 65534 so it cannot signal or trace the harness at all.
- The tests, the expected values and the nonce live only in this process. The candidate child is a
  fresh ``python3`` (exec, not fork: a forked child would inherit the tests in its memory), started
  after stdin was read (and unlinked, if the sandbox gave stdin as a file), with every descriptor
  closed except a pair of pipes; its stdout goes to /dev/null (function tasks) or to a pipe the
  harness compares (stdin/stdout tasks), never to the harness's stdout, and it cannot know the nonce.
- The channel carries plain data only (JSON with tags for tuple/set/bytes/...), decoded here into
  builtin objects the harness builds itself, so an object that lies about ``==`` cannot come back;
  program-made objects stay in the child and are reached by handle (``Remote``). A Remote never compares
  equal to a plain value and refuses ``bool()``, so a lying ``__eq__``/``__bool__`` cannot pass a test.
- ``sys.exit``, ``os._exit``, crashes, kill signals and exceptions in the child are seen here as a
  failed call; the harness's own failure exceptions derive from BaseException so ``except Exception``
  in test code cannot swallow them. CPU time is read from /proc/<child>/stat (the kernel's count) and
  wall time from this process's monotonic clock: nothing the candidate can patch.
"""

from __future__ import annotations

import base64
import builtins
import json
import math
import os
import select
import struct
import subprocess
import sys
import time

MAX_MESSAGE_BYTES = 32 * 1024 * 1024  # a reply larger than this is the program's fault
MAX_RESULTS = 50  # per-test results reported back (the counts are always complete)
MAX_REASON = 300
_NOBODY_OK = [False]  # set once in main(): can the child run python as uid 65534?
_IGNORED_SIGNALS = (1, 2, 10, 12, 14, 15)  # HUP INT USR1 USR2 ALRM TERM: a same-uid program may send them

# The candidate's side: a tiny server around the program. Public code: it holds no secret. Everything
# it sends is re-checked by the harness, so tampering with it from the program only makes calls fail.
CHILD = r'''
import base64, builtins, json, os, struct, sys
R, W = int(sys.argv[2]), int(sys.argv[3])
def _read(n):
    buf = b""
    while len(buf) < n:
        chunk = os.read(R, n - len(buf))
        if not chunk:
            os._exit(0)
        buf += chunk
    return buf
def recv():
    (n,) = struct.unpack(">I", _read(4))
    return json.loads(_read(n))
def send(obj):
    data = json.dumps(obj, allow_nan=True).encode()
    data = struct.pack(">I", len(data)) + data
    while data:
        data = data[os.write(W, data):]
src = _read(struct.unpack(">I", _read(4))[0]).decode("utf-8", "replace")
mode = sys.argv[1]
if mode == "io":
    os.close(R); os.close(W)
    g = {"__name__": "__main__", "__builtins__": builtins}
    exec(compile(src, "solution.py", "exec"), g)
    sys.exit(0)
HANDLES = {}
BIG = 10 ** 4000
def enc(v, depth=0):
    t = type(v)
    if t is int and not -BIG < v < BIG:
        return {"i": hex(v)}
    if v is None or t in (bool, int, str):
        return v
    if t is float:
        return v if v == v and v not in (float("inf"), float("-inf")) else {"x": repr(v)}
    if depth > 200:
        raise ValueError("value nested too deeply")
    if t is list:
        return {"l": [enc(x, depth + 1) for x in v]}
    if t is tuple:
        return {"t": [enc(x, depth + 1) for x in v]}
    if t is dict:
        return {"d": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
    if t is set:
        return {"s": [enc(x, depth + 1) for x in v]}
    if t is frozenset:
        return {"f": [enc(x, depth + 1) for x in v]}
    if t in (bytes, bytearray):
        return {"b" if t is bytes else "y": base64.b64encode(v).decode()}
    if t is complex:
        return {"c": [enc(v.real), enc(v.imag)]}
    HANDLES[id(v)] = v
    return {"h": id(v), "n": t.__name__}
def dec(v):
    if not isinstance(v, dict):
        return v
    (k, x), = v.items()
    if k == "l": return [dec(i) for i in x]
    if k == "t": return tuple(dec(i) for i in x)
    if k == "d": return {dec(a): dec(b) for a, b in x}
    if k == "s": return {dec(i) for i in x}
    if k == "f": return frozenset(dec(i) for i in x)
    if k == "b": return base64.b64decode(x)
    if k == "y": return bytearray(base64.b64decode(x))
    if k == "c": return complex(dec(x[0]), dec(x[1]))
    if k == "x": return float(x)
    if k == "i": return int(x, 16)
    if k == "r": return HANDLES[x]
    if k == "g": return G[x]
    raise ValueError(k)
def bases(e):
    return [c.__name__ for c in type(e).__mro__ if c.__module__ == "builtins"]
G = {"__name__": "solution", "__builtins__": builtins}
try:
    exec(compile(src, "solution.py", "exec"), G)
except BaseException as e:
    send({"load_error": type(e).__name__ + ": " + str(e)[:200]})
    os._exit(0)
names = {}
for name, val in list(G.items()):
    if name.startswith("__") or not callable(val):
        continue
    if isinstance(val, type) and issubclass(val, BaseException):
        names[name] = ["exception", [c.__name__ for c in val.__mro__ if c.__module__ == "builtins"]]
    else:
        names[name] = ["class" if isinstance(val, type) else "function", []]
send({"names": names})
while True:
    req = recv()
    op = req["op"]
    try:
        target = dec(req["t"])
        if op == "call":
            args = [dec(a) for a in req["a"]]
            out = target(*args, **{k: dec(a) for k, a in req["k"]})
            send({"v": enc(out), "m": [enc(a) if type(a) in (list, dict, set, bytearray) else None for a in args]})
            continue
        if op == "getattr": out = getattr(target, req["a"])
        elif op == "setattr": out = setattr(target, req["a"], dec(req["v"]))
        elif op == "delattr": out = delattr(target, req["a"])
        elif op == "next": out = next(target)
        elif op == "iter": out = iter(target)
        elif op == "release": HANDLES.pop(id(target), None); out = None
        elif op == "binop":
            import operator
            fn = getattr(operator, req["a"] + "_" if req["a"] in ("and", "or") else req["a"])
            out = fn(dec(req["v"]), target) if req.get("r") else fn(target, dec(req["v"]))
        elif op == "unop":
            out = {"len": len, "repr": repr, "str": str, "hash": hash, "neg": lambda x: -x, "abs": abs}[req["a"]](target)
        else:
            raise ValueError(op)
        send({"v": enc(out)})
    except BaseException as e:
        try:
            msg = str(e)[:300]
        except BaseException:
            msg = "?"
        send({"e": type(e).__name__, "b": bases(e), "msg": msg})
'''


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


def exception_class(name: str, builtin_bases: list) -> type:
    """The harness-side class for an exception the program raised: a builtin one by name, else a stand-in."""
    own = getattr(builtins, name, None) if isinstance(name, str) else None
    if isinstance(own, type) and issubclass(own, Exception):
        return own
    base = ProgramError
    for b in builtin_bases if isinstance(builtin_bases, list) else []:
        cls = getattr(builtins, b, None) if isinstance(b, str) else None
        if isinstance(cls, type) and issubclass(cls, Exception) and cls is not Exception:
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


def _libc():
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


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


def _preexec(memory_mib: int, cpu_s: float):
    def setup() -> None:
        import resource
        import signal

        for sig in _IGNORED_SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (memory_mib << 20, memory_mib << 20))
        cpu = max(1, math.ceil(cpu_s))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if os.geteuid() == 0:
            _drop_privileges(_NOBODY_OK[0])
        _libc().prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS

    return setup


class Child:
    """One candidate process and its channel (fds passed by number; every other descriptor is closed)."""

    def __init__(self, cfg: dict, mode: str, stdin: object = subprocess.DEVNULL, stdout: object = subprocess.DEVNULL):
        r_req, w_req = os.pipe()  # harness -> child
        r_rep, w_rep = os.pipe()  # child -> harness
        self.cfg = cfg
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", CHILD, mode, str(r_req), str(w_rep)],
                stdin=stdin, stdout=stdout, stderr=subprocess.PIPE if mode == "io" else subprocess.DEVNULL,
                pass_fds=(r_req, w_rep), close_fds=True, cwd=cfg["workdir"],
                preexec_fn=_preexec(cfg["memory_mib"], cfg["cpu_total_s"] if mode == "function" else cfg["cpu_s"]),
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"},
            )
        finally:
            os.close(r_req)
            os.close(w_rep)
        self.w, self.r = w_req, r_rep
        src = cfg["program"].encode("utf-8", "replace")
        try:
            self._write_all(struct.pack(">I", len(src)) + src)
        except OSError:
            pass  # the child died already; the first read reports it
        if mode == "io":
            os.close(self.w)
            os.close(self.r)
            self.w = self.r = -1

    def _write_all(self, data: bytes) -> None:
        while data:
            data = data[os.write(self.w, data):]

    def kill(self) -> None:
        for kill in (lambda: os.killpg(self.proc.pid, 9), self.proc.kill):
            try:
                kill()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
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
                cpu = _cpu_seconds(self.proc.pid)
                if cpu is not None and cpu_start is not None and cpu - cpu_start > cpu_limit:
                    raise ProgramTimeout(f"used more than the {cpu_limit:g} s CPU limit of a test")
                continue
            chunk = os.read(self.r, min(n - len(buf), 1 << 20))
            if not chunk:
                raise ProgramDied("the program exited or closed the channel during a call")
            buf += chunk
        return buf

    def recv(self, deadline: float, cpu_start: float | None) -> object:
        (n,) = struct.unpack(">I", self._read_exact(4, deadline, cpu_start))
        if n > MAX_MESSAGE_BYTES:
            raise ProtocolViolation(f"a reply of {n} bytes is over the {MAX_MESSAGE_BYTES} byte limit")
        data = self._read_exact(n, deadline, cpu_start)
        try:
            return json.loads(data)
        except (ValueError, RecursionError) as e:
            raise ProtocolViolation(f"unreadable reply from the program: {type(e).__name__}") from None

    def send(self, obj: object) -> None:
        data = json.dumps(obj).encode()
        try:
            self._write_all(struct.pack(">I", len(data)) + data)
        except OSError:
            raise ProgramDied("the program exited or closed the channel") from None


# -- the plain-data codec, harness side: decoding builds only builtin objects (or Remotes) ------------
_FLOAT_WORDS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_BIG = 10**4000


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
    """Test values to the wire; only plain data and the program's own objects can cross."""
    t = type(v)
    if t is int and not -_BIG < v < _BIG:
        return {"i": hex(v)}
    if v is None or t in (bool, int, str):
        return v
    if t is float:
        return v if math.isfinite(v) else {"x": repr(v)}
    if depth > 400:
        raise ValueError("value nested too deeply to pass to the program")
    if t in (list, tuple, set, frozenset):
        return {{list: "l", tuple: "t", set: "s", frozenset: "f"}[t]: [encode(i, session, depth + 1) for i in v]}
    if t is dict:
        return {"d": [[encode(a, session, depth + 1), encode(b, session, depth + 1)] for a, b in v.items()]}
    if t in (bytes, bytearray):
        return {"b" if t is bytes else "y": base64.b64encode(v).decode()}
    if t is complex:
        return {"c": [v.real, v.imag]}
    if t is Remote:
        return object.__getattribute__(v, "_wire")()
    raise TypeError(f"cannot pass a {t.__name__} to the program: only plain data and the program's own objects cross the channel")


class Remote:
    """The program's function, class or object, reached by name or handle; every use is one request.

    It never equals a plain value and has no truth value, so a returned object whose ``__eq__`` or
    ``__bool__`` lies cannot pass a test that expects plain data.
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
        s = object.__getattribute__(self, "_session")
        return object.__getattribute__(self, "_req")("binop", a=name, v=encode(other, s), r=reflected)

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
        return object.__getattribute__(self, "_binop")("getitem", key)

    def __setitem__(self, key: object, value: object) -> None:
        object.__getattribute__(self, "_method")("__setitem__", key, value)

    def __delitem__(self, key: object) -> None:
        object.__getattribute__(self, "_binop")("delitem", key)

    def __contains__(self, item: object) -> bool:
        out = object.__getattribute__(self, "_binop")("contains", item)
        if type(out) is not bool:
            raise TypeError("'in' on a program object did not return a bool")
        return out


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
            self.child = Child(self.cfg, "function")
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
        self.cpu_start = _cpu_seconds(self.child.proc.pid) if self.child else None

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
            raise exception_class(name, bases)(text[:MAX_REASON])
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
        if counted:
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


def _run_io_case(cfg: dict, stdin_text: str, out_cap: int, deadline: float) -> tuple[str, str, int | None, str]:
    """Run the program once on ``stdin_text``; returns (stdout, stderr tail, exit code, failure reason)."""
    child = Child(cfg, "io", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    proc = child.proc
    pending = stdin_text.encode("utf-8")
    out, err = bytearray(), bytearray()
    streams = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
    stdin_fd = proc.stdin.fileno()
    os.set_blocking(stdin_fd, False)
    if not pending:
        proc.stdin.close()
        stdin_fd = -1
    reason = ""
    try:
        while streams:
            now = time.monotonic()
            if now >= deadline:
                reason = f"no result within the {cfg['wall_s']:g} s wall-time limit of a test"
                break
            cpu = _cpu_seconds(proc.pid)
            if cpu is not None and cpu > cfg["cpu_s"]:
                reason = f"used more than the {cfg['cpu_s']:g} s CPU limit of a test"
                break
            writers = [stdin_fd] if stdin_fd >= 0 else []
            readable, writable, _ = select.select(list(streams), writers, [], min(0.05, deadline - now))
            if writable:
                try:
                    pending = pending[os.write(stdin_fd, pending[:65536]):]
                except BrokenPipeError:
                    pending = b""
                if not pending:
                    proc.stdin.close()
                    stdin_fd = -1
            for fd in readable:
                chunk = os.read(fd, 65536)
                if not chunk:
                    del streams[fd]
                    continue
                buf = streams[fd]
                buf += chunk
                if fd == proc.stdout.fileno() and len(buf) > out_cap:
                    reason = f"printed more than {out_cap} bytes"
                    streams.clear()
                    break
                if len(err) > 4096:
                    del err[:-4096]
        if not reason:
            try:
                code = proc.wait(timeout=max(0.05, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                code, reason = None, f"did not exit within the {cfg['wall_s']:g} s wall-time limit of a test"
        else:
            code = None
    finally:
        child.kill()
        for f in (proc.stdin, proc.stdout, proc.stderr):
            try:
                f.close()
            except (OSError, ValueError):
                pass
    return out.decode("utf-8", "replace"), err[-600:].decode("utf-8", "replace"), code, reason


def run_io_tests(cfg: dict) -> dict:
    """Run the program once per case (a fresh process each) and compare its stdout by the rules."""
    start = time.monotonic()
    overall = start + cfg["budget_s"]
    results, passed = [], 0
    for case in cfg["io"]:
        now = time.monotonic()
        want = case["stdout"]
        if now >= overall:
            ok, reason = False, f"the {cfg['budget_s']:g} s time budget of the whole run was used up"
        else:
            cap = 2 * len(want.encode()) + 65536
            try:
                out, err, code, reason = _run_io_case(cfg, case["stdin"], cap, min(overall, now + cfg["wall_s"]))
            except OSError as e:
                if case is cfg["io"][0]:
                    raise  # the first run failing to start is the judge's fault
                out, err, code, reason = "", "", None, f"could not start the program again (an earlier run used up processes or memory): {e}"
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
