"""Run untrusted Python programs: the ``Sandbox`` protocol, its backends, and how one is chosen.

Backends: ``bwrap`` (bubblewrap, the default on Linux where it works), ``docker`` (a pool of
long-lived containers), ``process`` (rlimits only; warns that it does not isolate), ``fake`` (scripted
results for tests). ``get_sandbox("auto")`` picks the first that works, in that order.

>>> from rlvr.sandboxes import FakeSandbox, Job
>>> FakeSandbox().run_many([Job("print(1)"), Job("print(2)")])[1].status
'ok'
"""

from rlvr.sandboxes._zygote import WARM_IMPORTS
from rlvr.sandboxes.base import BaseSandbox, Isolation, Job, Sandbox
from rlvr.sandboxes.bwrap import BwrapSandbox
from rlvr.sandboxes.choose import BACKENDS, available_backends, get_sandbox
from rlvr.sandboxes.docker import DockerSandbox
from rlvr.sandboxes.fake import FakeSandbox
from rlvr.sandboxes.process import ProcessSandbox

SUBPROCESS_PRELOAD = (*WARM_IMPORTS, "subprocess")
"""``preload=`` for pools whose every program starts a child (a judge): ~1 ms more per fork, ~6 ms less per import."""

__all__ = [
    "Sandbox",
    "BaseSandbox",
    "Job",
    "Isolation",
    "get_sandbox",
    "available_backends",
    "BACKENDS",
    "FakeSandbox",
    "WARM_IMPORTS",
    "SUBPROCESS_PRELOAD",
    "ProcessSandbox",
    "BwrapSandbox",
    "DockerSandbox",
]
