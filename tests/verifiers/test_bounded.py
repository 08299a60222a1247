"""Bounded worker processes: an overrun is killed and reported, and the pool keeps working after it."""

import time

from rlvr.verifiers.bounded import map_bounded, run_bounded


def _boom(x):
    raise ValueError(f"bad {x}")


def _recurse(n):
    return _recurse(n + 1)


def test_a_call_that_overruns_is_killed_and_the_pool_recovers():
    start = time.monotonic()
    out = run_bounded(time.sleep, 30, timeout_s=0.5)
    assert out.status == "timeout" and time.monotonic() - start < 10
    assert run_bounded(pow, 3, 4, timeout_s=5).value == 81  # a fresh worker took its place


def test_memory_limit_stops_an_allocation_bomb():
    out = run_bounded(bytearray, 4 * 1024**3, timeout_s=10, memory_mib=256)
    assert out.status in ("memory", "crashed")
    assert run_bounded(len, "abc", timeout_s=5, memory_mib=256).value == 3


def test_exceptions_are_reported_not_raised():
    out = run_bounded(_boom, 7, timeout_s=5)
    assert out.status == "raised" and "ValueError: bad 7" in out.error
    assert run_bounded(_recurse, 0, timeout_s=10).status == "raised"


def test_map_keeps_input_order_and_isolates_each_call():
    outs = map_bounded(pow, [(2, 3), (2, 10**9), (3, 2)], timeout_s=1.0)
    assert [o.status for o in outs] == ["ok", "timeout", "ok"]
    assert outs[0].value == 8 and outs[2].value == 9


def test_an_unguarded_script_still_gets_right_verdicts_and_is_told_why_it_ran_twice(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "check.py"  # no `if __name__ == "__main__":`, as many users write it
    script.write_text(
        "from rlvr.types import Task\n"
        "from rlvr.verifiers.math import MathVerifier\n"
        "d = MathVerifier().verify(Task(id='t', suite='math', prompt='?', answer='2\\\\sqrt{2}'), 'Final answer: \\\\sqrt{8}')\n"
        "print('VERDICT', __name__, d.status, d.reason)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    # the workers' re-runs print too, in whatever order their buffered stdout is flushed: tell them apart by __name__
    lines = [line for line in out.stdout.splitlines() if line.startswith("VERDICT")]
    mine = [line for line in lines if line.startswith("VERDICT __main__ ")]
    assert out.returncode == 0 and mine == ["VERDICT __main__ pass equal to the gold answer"]
    # the script's re-run inside the worker side names the fix in one line, not multiprocessing's paragraph
    reruns = [line for line in lines if line not in mine]
    assert reruns and all("put its top-level code under `if __name__ == \"__main__\":`" in line for line in reruns)
