"""The candidate's side of the code judge: a fresh ``python3 -I -S`` the judge (``code_harness.py``) execs.

It runs INSIDE the sandbox, next to the candidate program, so it holds no secret: it never sees a test,
an expected value or the judge's nonce, and everything it says is re-checked by the judge. The program
can rewrite any of it; that only makes its own calls fail. Its start-up is paid once per program, so it
imports only what is already loaded or built in (posix, marshal, binascii, _signal, _socket): not even
``os``, and no json, struct or base64, whose imports cost about as much as the interpreter's own start.

``python3 -I -S -c SOURCE function WORKDIR R W`` serves the program's functions and classes on two pipes:
4-byte big-endian length frames; requests are ``marshal`` (the judge is trusted), replies are JSON
this file writes itself (the judge parses them as hostile input, with json). Values cross as plain
data with tags (``{"l": [...]}`` a list, ``{"h": id, "n": type}`` a handle to an object that stays
here), as the judge's ``decode`` reads them.

``python3 -I -S -c SOURCE io WORKDIR SOCK`` is a launcher for stdin/stdout tasks, on a unix socket: it
compiles the program once, then for each ``R`` message forks one fresh process that takes the three
pipe ends sent with the message (SCM_RIGHTS) as its stdin/stdout/stderr and runs the program as
``__main__``. It says ``K`` once it is ready, ``P<pid>`` when a run started and ``X<exit code>`` when it ended. The judge
reads the run's output from its own pipe ends and keeps the time itself; the launcher only forks, so a
program that takes it over gains nothing it could not do by itself.

>>> enc([1, ("a", None), {2.5: b"x"}])
'{"l":[1,{"t":["a",null]},{"d":[[2.5,{"b":"eA=="}]]}]}'
"""

import binascii
import builtins
import marshal
import posix as os  # what os is built on, already loaded: importing os itself costs 2-4 ms (it pulls in _collections_abc)
import sys

BIG = 10**4000  # ints past json's 4300-digit limit travel as hex
INF = float("inf")
HANDLES: dict = {}
MAX_FD = 65536


_ESCAPE: list = []


def _S(s):
    """``s`` as a JSON string. Plain printable ASCII as it is; anything else through json's C escaper,
    imported only then (a shared library: a millisecond the usual reply does not need)."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return '"' + s + '"'
    if not _ESCAPE:
        try:
            from _json import encode_basestring_ascii
        except ImportError:  # an interpreter built without the accelerator
            from json.encoder import encode_basestring_ascii
        _ESCAPE.append(encode_basestring_ascii)
    return _ESCAPE[0](s)


def enc(v, depth=0):
    """``v`` as tagged JSON text; objects that are not plain data stay here and go out as handles."""
    t = type(v)
    if t is str:
        return _S(v)
    if t is int:
        return str(v) if -BIG < v < BIG else '{"i":"' + hex(v) + '"}'
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is float:
        return repr(v) if v == v and v != INF and v != -INF else '{"x":"' + repr(v) + '"}'
    if depth > 200:
        raise ValueError("value nested too deeply")
    d = depth + 1
    if t is list or t is tuple or t is set or t is frozenset:
        tag = "l" if t is list else "t" if t is tuple else "s" if t is set else "f"
        return '{"' + tag + '":[' + ",".join([enc(x, d) for x in v]) + "]}"
    if t is dict:
        return '{"d":[' + ",".join(["[" + enc(k, d) + "," + enc(x, d) + "]" for k, x in v.items()]) + "]}"
    if t is bytes or t is bytearray:
        return '{"' + ("b" if t is bytes else "y") + '":"' + binascii.b2a_base64(v, newline=False).decode("ascii") + '"}'
    if t is complex:
        return '{"c":[' + enc(v.real) + "," + enc(v.imag) + "]}"
    HANDLES[id(v)] = v
    return '{"h":' + str(id(v)) + ',"n":' + _S(t.__name__) + "}"


def dec(v, G):
    """A request's tagged value (built by the judge) back into objects; ``r`` is a handle, ``g`` a name."""
    if type(v) is not dict:
        return v
    ((k, x),) = v.items()
    if k == "l":
        return [dec(i, G) for i in x]
    if k == "t":
        return tuple(dec(i, G) for i in x)
    if k == "d":
        return {dec(a, G): dec(b, G) for a, b in x}
    if k == "s":
        return {dec(i, G) for i in x}
    if k == "f":
        return frozenset(dec(i, G) for i in x)
    if k == "b":
        return bytes(x)
    if k == "y":
        return bytearray(x)
    if k == "r":
        return HANDLES[x]
    if k == "g":
        return G[x]
    raise ValueError(k)


def builtin_bases(cls):
    return [c.__name__ for c in cls.__mro__ if c.__module__ == "builtins"]


def exception_reply(e):
    try:
        msg = str(e)[:300]
    except BaseException:
        msg = "?"
    return '{"e":' + _S(type(e).__name__) + ',"b":[' + ",".join(_S(b) for b in builtin_bases(type(e))) + '],"msg":' + _S(msg) + "}"


class Channel:
    """Length-framed messages on a pair of descriptors; a closed channel ends this process quietly."""

    def __init__(self, r, w):
        self.r, self.w = r, w

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = os.read(self.r, n - len(buf))
            if not chunk:
                os._exit(0)
            buf += chunk
        return buf

    def recv_bytes(self):
        return self._read(int.from_bytes(self._read(4), "big"))

    def send(self, text):
        data = text.encode("ascii")
        data = len(data).to_bytes(4, "big") + data
        while data:
            data = data[os.write(self.w, data):]


def load_names(G):
    """``{name: [kind, builtin bases]}`` for every top-level function and class the program defined."""
    names = []
    for name, val in list(G.items()):
        if name.startswith("__") or not callable(val):
            continue
        if isinstance(val, type) and issubclass(val, BaseException):
            kind, bases = "exception", builtin_bases(val)
        else:
            kind, bases = ("class" if isinstance(val, type) else "function"), []
        names.append(_S(name) + ":[" + _S(kind) + ",[" + ",".join(_S(b) for b in bases) + "]]")
    return '{"names":{' + ",".join(names) + "}}"


def serve_functions(ch):
    """Load the program, send its names, then answer requests until the judge closes the channel."""
    src = ch.recv_bytes().decode("utf-8", "replace")
    sys.argv = ["solution.py"]
    G = {"__name__": "solution", "__builtins__": builtins}
    try:
        exec(compile(src, "solution.py", "exec"), G)
    except BaseException as e:
        ch.send('{"load_error":' + _S((type(e).__name__ + ": " + str(e))[:300]) + "}")
        os._exit(0)
    ch.send(load_names(G))
    while True:
        req = marshal.loads(ch.recv_bytes())
        op = req["op"]
        try:
            target = dec(req["t"], G)
            if op == "call":
                args = [dec(a, G) for a in req["a"]]
                out = target(*args, **{k: dec(a, G) for k, a in req["k"]})
                moved = ",".join(enc(a) if type(a) in (list, dict, set, bytearray) else "null" for a in args)
                ch.send('{"v":' + enc(out) + ',"m":[' + moved + "]}")
                continue
            if op == "getattr":
                out = getattr(target, req["a"])
            elif op == "setattr":
                out = setattr(target, req["a"], dec(req["v"], G))
            elif op == "delattr":
                out = delattr(target, req["a"])
            elif op == "next":
                out = next(target)
            elif op == "iter":
                out = iter(target)
            elif op == "release":
                HANDLES.pop(id(target), None)
                out = None
            elif op == "binop":  # only between two of the program's own objects (the judge refuses the rest)
                import operator

                fn = getattr(operator, req["a"] + "_" if req["a"] in ("and", "or") else req["a"])
                out = fn(dec(req["v"], G), target) if req.get("r") else fn(target, dec(req["v"], G))
            elif op == "unop":
                out = {"len": len, "repr": repr, "str": str, "hash": hash}[req["a"]](target)
            else:
                raise ValueError(op)
            ch.send('{"v":' + enc(out) + "}")
        except BaseException as e:
            ch.send(exception_reply(e))


# -- stdin/stdout tasks ------------------------------------------------------------------------------
_IGNORED_SIGNALS = (1, 2, 10, 12, 14, 15)  # HUP INT USR1 USR2 ALRM TERM: the launcher outlives a run's stray signals


def run_as_main(code, src):
    """In a forked run: execute the program as ``__main__`` with python3's exit rules. Never returns."""
    status = 1
    try:
        main = type(sys)("__main__")
        main.__dict__.update(__builtins__=builtins, __file__="solution.py")
        sys.modules["__main__"] = main
        sys.argv = ["solution.py"]
        try:
            exec(code if code is not None else compile(src, "solution.py", "exec"), main.__dict__)
            status = 0
        except SystemExit as e:
            if e.code is None:
                status = 0
            elif isinstance(e.code, int):
                status = e.code & 0xFF
            else:
                print(e.code, file=sys.stderr)
        except BaseException:
            sys.excepthook(*sys.exc_info())
        try:  # what the interpreter does at exit: wait for threads, run atexit hooks
            if "threading" in sys.modules:
                sys.modules["threading"]._shutdown()
            import atexit

            atexit._run_exitfuncs()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    finally:
        os._exit(status)


def launch_runs(sock_fd):
    """Compile the program once, then fork one run per ``run`` message (see the module docstring)."""
    import _signal
    import _socket

    for sig in _IGNORED_SIGNALS:
        _signal.signal(sig, _signal.SIG_IGN)
    sock = _socket.socket(fileno=sock_fd)
    n = int.from_bytes(_recv_exact(sock, 4), "big")
    src = _recv_exact(sock, n).decode("utf-8", "replace")
    try:
        code = compile(src, "solution.py", "exec")
    except BaseException:
        code = None  # each run compiles again and reports the error as python3 would
    sock.sendall(b"K\n")  # ready: no program code has run yet
    while True:
        msg, anc, _flags, _addr = sock.recvmsg(16, _socket.CMSG_SPACE(3 * 4))
        if not msg:
            os._exit(0)
        fds = []
        for level, kind, data in anc:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                fds += [int.from_bytes(data[i:i + 4], sys.byteorder) for i in range(0, len(data) - len(data) % 4, 4)]
        if len(fds) != 3 or len(anc) != 1:
            os._exit(3)  # not what the judge sends: stop, the judge reports the run as failed
        pid = os.fork()
        if pid == 0:
            os.setsid()  # its own process group: the judge kills the whole run with one killpg
            for sig in _IGNORED_SIGNALS:
                _signal.signal(sig, _signal.SIG_DFL)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.closerange(3, MAX_FD)
            run_as_main(code, src)
        for fd in fds:
            os.close(fd)
        sock.sendall(b"P%d\n" % pid)
        _, status = os.waitpid(pid, 0)
        sock.sendall(b"X%d\n" % os.waitstatus_to_exitcode(status))


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            os._exit(0)
        buf += chunk
    return buf


if __name__ == "__main__":
    os.chdir(sys.argv[2])  # the scratch dir the judge made for the program
    low = 3
    for fd in sorted(int(a) for a in sys.argv[3:]):  # nothing but the channel, whatever the judge left inheritable
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, MAX_FD)
    if sys.argv[1] == "io":
        launch_runs(int(sys.argv[3]))
    else:
        serve_functions(Channel(int(sys.argv[3]), int(sys.argv[4])))
