"""``FakeSandbox``: scripted ExecResults, so verifier tests need neither bwrap nor docker (httpx's mock).

Give it a function from Job to ExecResult, or a list of results handed out in order; by default every
program "succeeds" with empty output. It records every job it was asked to run.

>>> from rlvr.types import ExecResult
>>> sb = FakeSandbox(lambda job: FakeSandbox.result("ok", stdout=job.stdin or ""))
>>> sb.run("print(input())", stdin="hi").stdout
'hi'
>>> sb = FakeSandbox([FakeSandbox.result("timeout", exit_code=None)])
>>> sb.run("while True: pass").status, len(sb.jobs)
('timeout', 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rlvr.errors import SandboxError
from rlvr.sandboxes.base import BaseSandbox, Isolation, Job
from rlvr.types import ExecResult

__all__ = ["FakeSandbox"]


class FakeSandbox(BaseSandbox):
    """A sandbox that runs nothing and returns scripted results (for tests of code that uses sandboxes)."""

    name = "fake"

    def __init__(self, script: Callable[[Job], ExecResult] | Sequence[ExecResult] | None = None):
        self.script = script
        self.jobs: list[Job] = []
        self._next = 0

    @staticmethod
    def result(status: str = "ok", *, stdout: str = "", stderr: str = "", exit_code: int | None = 0,
               wall_s: float = 0.001, cpu_s: float = 0.001) -> ExecResult:
        """A ready-made ExecResult; ``exit_code`` defaults to 0 (pass None for killed or timed-out runs)."""
        return ExecResult(status=status, exit_code=exit_code, stdout=stdout, stderr=stderr, wall_s=wall_s, cpu_s=cpu_s,  # type: ignore[arg-type]
                          details={"backend": "fake"})

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:
        out = []
        for job in jobs:
            self.jobs.append(job)
            if self.script is None:
                out.append(self.result())
            elif callable(self.script):
                out.append(self.script(job))
            else:
                if self._next >= len(self.script):
                    raise SandboxError(f"FakeSandbox ran out of scripted results after {len(self.script)} jobs")
                out.append(self.script[self._next])
                self._next += 1
        return out

    def isolation(self) -> Isolation:
        return Isolation("nothing runs", "nothing runs", "nothing runs", "nothing runs", ("scripted results for tests",))

    def _settings(self) -> dict:
        return {"script": self.script}
