"""The judge program the code verifier sends to the sandbox, as source or as the sandbox's own bytecode.

``HARNESS_SOURCE`` (``code_harness.py``) is the program of every code job; ``CHILD_SOURCE``
(``code_child.py``, the candidate's side) travels with the tests on stdin. A sandbox compiles a job's
source before running it, and the judge is 44 KB of Python: about 7 ms of compiling per program, a
third of a whole function task. So ``judge_program`` has the sandbox's python3 compile it once (a job of
its own: the bytecode is then right for that interpreter, whatever its version) and returns a stub that
loads the marshalled code, which costs about 1 ms. The compile job runs only this module's code and the
judge's source, never a program, so its output is as trusted as the judge's source. If it fails, the
source is used as it is: slower, same verdicts. The candidate's side (``code_child.py``) is compiled
in the same job and handed to the judge as ``CHILD_CODE``, which saves compiling it in every fresh
interpreter the judge starts.

>>> from rlvr.sandboxes import FakeSandbox
>>> judge_program(FakeSandbox()) == HARNESS_SOURCE  # scripted sandboxes run no python: the source as it is
True
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from rlvr.types import Limits

__all__ = ["HARNESS_SOURCE", "CHILD_SOURCE", "judge_program", "COMPILING_BACKENDS"]

HARNESS_SOURCE = Path(__file__).with_name("code_harness.py").read_text(encoding="utf-8")
CHILD_SOURCE = Path(__file__).with_name("code_child.py").read_text(encoding="utf-8")
COMPILING_BACKENDS = ("bwrap", "docker", "process")  # the backends that really run python3

_COMPILE = ("import binascii, json, marshal, sys, zlib\n"
            "for name, src in json.loads(sys.stdin.read()):\n"
            "    code = marshal.dumps(compile(src, name, 'exec', dont_inherit=True))\n"
            "    print(binascii.b2a_base64(zlib.compress(code, 9), newline=False).decode('ascii'))\n")
# CHILD_CODE: the candidate's side, for the judge to exec without compiling it (code_harness.spawn_candidate)
_STUB = ("# rlvr's code judge (code_harness.py), compiled by this sandbox's python3\n"
         "import binascii, marshal, zlib\n"
         "CHILD_CODE = {child!r}\n"
         "exec(marshal.loads(zlib.decompress(binascii.a2b_base64({judge!r}))))\n")
_BASE64 = frozenset(string.ascii_letters + string.digits + "+/=")


def judge_program(sandbox: Any) -> str:
    """The program to send as every code job: the compiled stub where ``sandbox`` can make it, else the source."""
    if getattr(sandbox, "name", None) not in COMPILING_BACKENDS:
        return HARNESS_SOURCE
    sources = [["main.py", HARNESS_SOURCE], ["rlvr_child.py", CHILD_SOURCE]]
    try:
        r = sandbox.run(_COMPILE, stdin=json.dumps(sources), limits=Limits(wall_time_s=30, cpu_time_s=30, stdout_max_bytes=1 << 21))
    except Exception:  # a sandbox that cannot run this now will fail the real jobs too, and say why there
        return HARNESS_SOURCE
    blobs = r.stdout.split()
    if r.status != "ok" or len(blobs) != 2 or not all(b and set(b) <= _BASE64 for b in blobs):
        return HARNESS_SOURCE
    return _STUB.format(judge=blobs[0].encode("ascii"), child=blobs[1])
