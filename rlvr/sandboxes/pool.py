"""The host side of the warm pool: one zygote per worker, jobs spread over all of them.

A backend supplies ``spawn(slot) -> (process, socket)``: a started sandbox whose zygote (``_zygote.py``)
talks on the socket. The pool sends each job to an idle zygote, collects replies with one selector,
and owns the last line of defence: a zygote that does not answer within the job's wall time plus
``GRACE_S``, or that dies, is killed and replaced, and the job is reported (``timeout`` or ``killed``),
never lost. Workers start lazily and restart after ``fork()``, so the pool is safe to pickle and copy.
"""

from __future__ import annotations

import json
import os
import selectors
import socket
import struct
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rlvr.errors import ConfigError, SandboxError
from rlvr.sandboxes._inside import rlimits_for, run_facts
from rlvr.sandboxes._wire import FAULT, FILE, NOTE_MAX, REASONS, RECYCLE, REPLY, REQUEST
from rlvr.sandboxes.base import Job, check_files, result_from_facts
from rlvr.types import ExecResult, Limits

__all__ = ["ZygotePool", "Worker"]

GRACE_S = 3.0  # beyond the job's own wall time, for writing its files and the zygote's cleanup
PIPELINE_DEPTH = 2  # jobs queued per zygote: the next one waits in its socket, so it never idles on us
READY_TIMEOUT_S = 30.0  # a cold zygote start (docker on a busy machine can take seconds)


@dataclass
class Worker:
    """One started sandbox and the socket to its zygote."""

    slot: int
    proc: subprocess.Popen | None
    sock: socket.socket
    info: dict = field(default_factory=dict)
    nproc_base: int = 0
    stop: Callable[[], None] | None = None  # how to tear it down, when killing ``proc`` is not enough
    host_pid: int | None = None  # the host pid of the sandbox's top process (for CPU and memory accounting)
    inbuf: bytearray = field(default_factory=bytearray)
    queue: deque[int] = field(default_factory=deque)  # jobs sent, oldest (the running one) first
    deadline: float = 0.0  # for the oldest job
    done: int = 0
    retiring: bool = False

    def kill(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        if self.stop is not None:
            try:
                self.stop()
            except Exception:  # a worker that is already gone is what we wanted
                pass
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass


@lru_cache(maxsize=256)
def _limits_head(limits: Limits, nproc_base: int) -> tuple:
    """REQUEST's fields after the job id for ``limits`` (a batch usually shares one Limits)."""
    lim = limits.to_json()
    flat = [x for which, (soft, hard) in rlimits_for(lim, nproc_base) for x in (which, soft, hard)]
    return (float(lim["wall_time_s"]), int(lim["stdout_max_bytes"]), int(lim["stderr_max_bytes"]), *flat)


def request_frame(jid: int, job: Job, files: dict[str, bytes], nproc_base: int) -> bytes:
    """The binary request for one job (``_wire.py``)."""
    program = job.program.encode("utf-8", "surrogatepass")
    stdin = (job.stdin or "").encode("utf-8", "surrogateescape")
    blob = b"".join(FILE.pack(len(n), len(d)) + n + d for n, d in ((k.encode("utf-8", "surrogatepass"), v)
                                                                    for k, v in files.items()))
    head = REQUEST.pack(jid, *_limits_head(job.limits, nproc_base), len(program), len(stdin), len(blob), len(files))
    return b"".join((head, program, stdin, blob))


def read_reply(sock: socket.socket, timeout_s: float) -> dict:
    """Blocking read of one framed reply (used for the ready message)."""
    sock.settimeout(timeout_s)
    try:
        head = b""
        while len(head) < 4:
            chunk = sock.recv(4 - len(head))
            if not chunk:
                raise EOFError
            head += chunk
        (n,) = struct.unpack(">I", head)
        body = bytearray()
        while len(body) < n:
            chunk = sock.recv(n - len(body))
            if not chunk:
                raise EOFError
            body += chunk
        return json.loads(body)
    finally:
        sock.settimeout(None)


class ZygotePool:
    """``size`` zygote workers made by ``spawn``; ``run_many`` spreads jobs over them, input order kept."""

    def __init__(self, spawn: Callable[[int], Worker], size: int, backend: str, recycle_after: int = 0,
                 parallel_spawn: bool = False):
        self.spawn, self.size, self.backend = spawn, size, backend
        # Start missing workers in threads (docker: ~0.3 s each). Not for bwrap: --die-with-parent fires
        # when the THREAD that started bwrap exits, so bwrap is started from the caller's own thread.
        self.parallel_spawn = parallel_spawn
        self.recycle_after = recycle_after  # replace a worker after this many jobs (0: never)
        self._workers: dict[int, Worker] = {}
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self.restarts = 0
        self._max_output = 0  # the largest stdout + stderr a reply in this batch may carry
        self._recv_buf = bytearray(1 << 20)
        self._recv_view = memoryview(self._recv_buf)

    def _ensure(self) -> None:
        if self._pid != os.getpid():  # forked: the sockets belong to the parent; start our own workers
            self._workers, self._pid = {}, os.getpid()
        missing = [slot for slot in range(self.size) if slot not in self._workers]
        if len(missing) > 1 and self.parallel_spawn:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(missing)) as ex:
                futures = {slot: ex.submit(self.spawn, slot) for slot in missing}
            errors = []
            for slot, fut in futures.items():
                try:
                    self._workers[slot] = fut.result()
                except SandboxError as e:
                    errors.append(e)
            if errors:
                raise errors[0]
            return
        for slot in missing:
            self._workers[slot] = self.spawn(slot)

    def workers(self) -> list[Worker]:
        with self._lock:
            self._ensure()
            return list(self._workers.values())

    def host_pids(self) -> list[int]:
        """Host pids of the workers' top processes (their descendants are the pool's processes)."""
        return [w.host_pid for w in self._workers.values() if w.host_pid]

    def _replace(self, w: Worker) -> None:
        w.kill()
        self._workers.pop(w.slot, None)
        self.restarts += 1

    def close(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                for w in list(self._workers.values()):
                    w.kill()
            self._workers = {}

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:
        files = [check_files(j.files) for j in jobs]  # bad input fails before anything runs
        if any(j.limits.allow_network for j in jobs):
            raise ConfigError(f"the {self.backend} sandbox never gives programs a network; run with allow_network=False")
        with self._lock:
            self._max_output = max((j.limits.stdout_max_bytes + j.limits.stderr_max_bytes for j in jobs), default=0)
            return self._run(jobs, files)

    def _request(self, i: int, job: Job, files: dict[str, bytes], w: Worker) -> bytes:
        return request_frame(i, job, files, w.nproc_base)

    def _run(self, jobs: Sequence[Job], files: list[dict[str, bytes]]) -> list[ExecResult]:
        results: list[ExecResult | None] = [None] * len(jobs)
        todo = list(range(len(jobs)))[::-1]  # popped from the end: input order
        attempts = [0] * len(jobs)
        sel = selectors.DefaultSelector()

        def requeue(i: int, why: str) -> None:  # a job that never started: run it on another worker
            attempts[i] += 1
            if attempts[i] > 3:
                results[i] = self._fault(f"{why} (gave up after 3 workers)")
            else:
                todo.append(i)

        def drop(w: Worker) -> None:
            try:
                sel.unregister(w.sock)
            except (KeyError, ValueError):
                pass
            self._replace(w)

        def retire(w: Worker, first_status: str | None, note: str) -> None:
            """Replace ``w``; its oldest job ran (reported ``first_status``), the rest never started."""
            pending = list(w.queue)
            w.queue.clear()
            if pending and first_status is not None:
                results[pending.pop(0)] = self._fault(note, first_status)
            for i in reversed(pending):
                requeue(i, note)
            drop(w)

        try:
            while todo or any(w.queue for w in self._workers.values()):
                self._ensure()
                for w in self._workers.values():  # registered for the whole batch: an idle worker's EOF is news too
                    try:
                        sel.get_key(w.sock)
                    except KeyError:
                        sel.register(w.sock, selectors.EVENT_READ, w)
                now = time.monotonic()
                for depth in range(1, PIPELINE_DEPTH + 1):  # one job per idle worker first, then queue more
                    for w in list(self._workers.values()):
                        if not todo or len(w.queue) >= depth or w.retiring or w.slot not in self._workers:
                            continue
                        i = todo.pop()
                        try:
                            w.sock.sendall(self._request(i, jobs[i], files[i], w))
                        except OSError:  # died between jobs: this one never started
                            todo.append(i)
                            retire(w, "killed", "the sandbox worker died during the run; replaced")
                            continue
                        if not w.queue:
                            w.deadline = now + jobs[i].limits.wall_time_s + GRACE_S
                        w.queue.append(i)
                live = [w for w in self._workers.values() if w.queue]
                if not live:
                    continue
                timeout = max(0.0, min(w.deadline for w in live) - time.monotonic())
                for key, _ in sel.select(timeout):
                    w = key.data
                    for reply in self._read(w):
                        if reply is EOFError:
                            retire(w, "killed", "the sandbox worker died during the run; replaced")
                            break
                        i = w.queue.popleft()
                        results[i] = result_from_facts(self._facts(reply, jobs[i], w), self.backend)
                        w.done += 1
                        if self.recycle_after and w.done >= self.recycle_after:
                            w.retiring = True  # no new jobs; replaced once its queue drains
                        if reply[2] & RECYCLE:  # the zygote exits after this reply: the rest never started
                            retire(w, None, "the sandbox worker was recycled")
                            break
                        if w.queue:
                            w.deadline = time.monotonic() + jobs[w.queue[0]].limits.wall_time_s + GRACE_S
                        else:
                            if w.retiring:
                                drop(w)
                            break
                now = time.monotonic()
                for w in [w for w in self._workers.values() if w.queue and w.deadline <= now]:
                    retire(w, "timeout", "the sandbox worker stopped answering; replaced")  # the zygote is stuck
        finally:
            for w in list(self._workers.values()):  # interrupted mid-batch: these workers hold half-done jobs
                if w.queue:
                    w.queue.clear()
                    self._replace(w)
            sel.close()
        return results  # type: ignore[return-value]

    def _read(self, w: Worker) -> list:
        """Take what the socket holds; return the complete replies (EOFError on death or garbage).

        A reply is REPLY's fields plus ``(stdout, stderr, note)`` as bytes."""
        try:  # into one reused buffer: recv(1 MiB) would allocate (and often mmap) a fresh MiB per call
            n = w.sock.recv_into(self._recv_buf, 0, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return []
        except OSError:
            return [EOFError]
        if not n:
            return [EOFError]
        buf = w.inbuf
        buf += self._recv_view[:n]
        out: list = []
        at = 0
        while len(buf) - at >= REPLY.size:
            head = REPLY.unpack_from(buf, at)
            n_out, n_err, n_note = head[7:]
            expected = w.queue[len(out)] if len(out) < len(w.queue) else None
            if head[0] != expected or head[1] >= len(REASONS) or n_note > NOTE_MAX or n_out + n_err > self._max_output:
                out.append(EOFError)  # not an answer to the job we sent: the worker is broken
                at = len(buf)
                break
            end = at + REPLY.size + n_out + n_err + n_note
            if len(buf) < end:
                break
            body = bytes(buf[at + REPLY.size : end])
            out.append((*head, body[:n_out], body[n_out : n_out + n_err], body[n_out + n_err :]))
            at = end
        del buf[:at]
        return out

    def _facts(self, reply: tuple, job: Job, w: Worker) -> dict:
        _jid, reason, flags, status, wall, cpu, rss, _o, _e, _n, out, err, note = reply
        facts = run_facts(REASONS[reason], None if status < 0 else status, cpu, rss, wall, out, err, job.limits.cpu_time_s)
        facts["worker"] = w.slot
        if note:
            facts["note"] = note.decode("utf-8", "replace")
        if flags & FAULT:
            facts["fault"] = True
        return facts

    def _fault(self, note: str, status: str = "killed") -> ExecResult:
        return result_from_facts({"status": status, "exit_code": None, "note": note, "fault": True}, self.backend)


def start_worker(slot: int, proc: subprocess.Popen | None, sock: socket.socket, what: str, **kw) -> Worker:
    """Wait for the zygote's ready message; raise SandboxError with its stderr when it never comes."""
    try:
        info = read_reply(sock, READY_TIMEOUT_S)
    except (EOFError, OSError, ValueError) as e:
        detail = ""
        if proc is not None:
            proc.kill()
            detail = _stderr_tail(proc)
        raise SandboxError(f"{what} worker did not start ({type(e).__name__}){': ' + detail if detail else ''}") from None
    sock.settimeout(READY_TIMEOUT_S)  # bounds sendall to a stuck zygote; replies are read with MSG_DONTWAIT
    kw.setdefault("host_pid", proc.pid if proc is not None else None)
    return Worker(slot=slot, proc=proc, sock=sock, info=info, **kw)


def _stderr_tail(proc: subprocess.Popen) -> str:
    try:
        _, err = proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError):
        return ""
    text = (err or b"").decode("utf-8", "replace").strip().splitlines()
    return " | ".join(text[-3:])
