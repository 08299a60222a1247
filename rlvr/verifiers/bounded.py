"""Run a verifier step under a time and memory limit in warm worker processes.

Why processes and not threads or signals: a thread cannot be stopped, and ``signal.alarm`` works only
on the main thread, which is how TRL ends up switching Math-Verify's timeouts off in worker threads
(STYLE.md, "time limits that quietly switch off"). A worker that overruns is killed and replaced;
the caller gets ``timeout`` back, and the pool stays healthy.

pebble's ProcessPool gives per-task timeouts with worker replacement; it is the well-kept library for
exactly this. The pool is process-local and created lazily, so verifiers stay picklable.

>>> run_bounded(pow, 2, 10, timeout_s=5.0).value
1024
"""

from __future__ import annotations

import atexit
import concurrent.futures
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pebble

__all__ = ["Outcome", "run_bounded", "map_bounded", "shutdown_pools", "DEFAULT_MEMORY_MIB"]

DEFAULT_MEMORY_MIB = 1024  # per worker address space: sympy on a hostile input must not take the host down


@dataclass(frozen=True)
class Outcome:
    """The result of one bounded call: ``ok`` with ``value``, or why there is no value."""

    status: Literal["ok", "timeout", "memory", "crashed", "raised"]
    value: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _limit_memory(memory_mib: int) -> None:
    limit = memory_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


_pools: dict[tuple[int, int], pebble.ProcessPool] = {}
_pools_pid = os.getpid()
_lock = threading.Lock()


def _pool(memory_mib: int, workers: int | None) -> pebble.ProcessPool:
    global _pools_pid
    n = workers or os.cpu_count() or 1
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # we are a worker (or the fork server) re-importing the caller's unguarded script; multiprocessing's
        # own message for this is a paragraph, and says nothing about rlvr
        raise RuntimeError("rlvr verifiers judge in worker processes, which import your script again: "
                           "put its top-level code under `if __name__ == \"__main__\":`")
    with _lock:
        if _pools_pid != os.getpid():  # forked child: the parent's pools are not ours to use
            _pools.clear()
            _pools_pid = os.getpid()
        pool = _pools.get((memory_mib, n))
        if pool is None or not pool.active:
            # forkserver: workers never inherit torch's threads or locks from a training process
            ctx = multiprocessing.get_context("forkserver")
            pool = pebble.ProcessPool(max_workers=n, initializer=_limit_memory, initargs=(memory_mib,), context=ctx)
            _pools[(memory_mib, n)] = pool
        return pool


def _outcome(future: concurrent.futures.Future[Any]) -> Outcome:
    try:
        return Outcome("ok", future.result())
    except concurrent.futures.TimeoutError:
        return Outcome("timeout", error="time limit reached; worker killed")
    except MemoryError:
        return Outcome("memory", error="memory limit reached")
    except pebble.ProcessExpired as e:
        return Outcome("crashed", error=f"worker died (exit code {e.exitcode})")
    except RecursionError:
        return Outcome("raised", error="RecursionError: input nested too deeply")
    except Exception as e:  # the function itself raised; the caller decides whose fault that is
        return Outcome("raised", error=f"{type(e).__name__}: {e}")


def run_bounded(fn: Callable[..., Any], *args: Any, timeout_s: float, memory_mib: int = DEFAULT_MEMORY_MIB) -> Outcome:
    """Call ``fn(*args)`` in a warm worker; ``fn`` and ``args`` must be picklable (module-level)."""
    return _outcome(_pool(memory_mib, None).schedule(fn, args=args, timeout=timeout_s))


def map_bounded(
    fn: Callable[..., Any],
    arg_tuples: Sequence[tuple[Any, ...]],
    *,
    timeout_s: float,
    memory_mib: int = DEFAULT_MEMORY_MIB,
    workers: int | None = None,
) -> list[Outcome]:
    """Call ``fn(*args)`` for every tuple across all workers; each call has its own time limit."""
    pool = _pool(memory_mib, workers)
    futures = [pool.schedule(fn, args=a, timeout=timeout_s) for a in arg_tuples]
    return [_outcome(f) for f in futures]


def shutdown_pools() -> None:
    with _lock:
        for pool in _pools.values():
            pool.stop()
            pool.join(timeout=5)
        _pools.clear()


atexit.register(shutdown_pools)
