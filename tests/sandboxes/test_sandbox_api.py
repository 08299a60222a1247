"""The Sandbox API the code suite builds on: Job, run/run_many, files, choosing a backend, the fake."""

from __future__ import annotations

import pickle

import pytest

from rlvr.errors import DataError, SandboxError, UnknownNameError
from rlvr.sandboxes import FakeSandbox, Job, Sandbox, available_backends, get_sandbox
from rlvr.types import ExecResult, Limits


def test_fake_sandbox_returns_scripted_results_in_order_and_records_jobs():
    sb = FakeSandbox([FakeSandbox.result("ok", stdout="1\n"), FakeSandbox.result("error", exit_code=1)])
    results = sb.run_many([Job("print(1)"), Job("raise SystemExit(1)")])
    assert [r.status for r in results] == ["ok", "error"]
    assert [j.program for j in sb.jobs] == ["print(1)", "raise SystemExit(1)"]
    with pytest.raises(SandboxError, match="ran out of scripted results"):
        sb.run("print(3)")


def test_fake_sandbox_is_a_sandbox_and_pickles():
    sb = FakeSandbox()
    assert isinstance(sb, Sandbox)
    assert pickle.loads(pickle.dumps(sb)).run("x").status == "ok"


def test_unknown_backend_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="Known sandbox backends: auto, bwrap, docker, fake, process"):
        get_sandbox("chroot")


def test_auto_picks_the_strongest_available_backend():
    order = available_backends()
    assert order and order[-1] == "process"
    with get_sandbox("auto", **({"warn": False} if order[0] == "process" else {})) as sb:
        assert sb.name == order[0]


@pytest.mark.parametrize("name", ["../escape.py", "/etc/passwd", "", ".", "a/../../b"])
def test_files_outside_the_work_dir_are_refused_before_anything_runs(name):
    with pytest.raises(DataError, match="relative path inside the work dir"):
        get_sandbox("process", warn=False).run_many([Job("print(1)"), Job("print(1)", files={name: "x"})])


def test_process_backend_runs_with_stdin_files_and_exit_codes():
    with get_sandbox("process", warn=False) as sb:
        r = sb.run("import sys, helper\nprint(helper.twice(int(sys.stdin.read())))", stdin="21",
                   files={"helper.py": "def twice(x):\n    return 2 * x\n"})
        assert (r.status, r.exit_code, r.stdout) == ("ok", 0, "42\n")
        bad = sb.run("raise SystemExit(3)")
        assert (bad.status, bad.exit_code) == ("error", 3)
        assert isinstance(bad, ExecResult) and bad.wall_s > 0


def test_process_backend_keeps_input_order_in_run_many():
    with get_sandbox("process", warn=False, workers=2) as sb:
        results = sb.run_many([Job(f"import time; time.sleep({0.2 - i * 0.05}); print({i})") for i in range(4)])
    assert [r.stdout for r in results] == [f"{i}\n" for i in range(4)]


def test_process_backend_warns_that_it_does_not_isolate(capsys):
    from rlvr import console

    console._warned.clear()
    get_sandbox("process")
    get_sandbox("process")
    err = capsys.readouterr().err
    assert err.count("does NOT isolate the file system or the network") == 1


def test_limits_travel_with_each_job():
    with get_sandbox("process", warn=False) as sb:
        r = sb.run("import time\ntime.sleep(5)", limits=Limits(wall_time_s=0.5))
    assert r.status == "timeout" and r.wall_s < 3


def test_an_option_the_backend_does_not_take_is_one_clear_error():
    from rlvr.errors import ConfigError

    with pytest.raises(ConfigError, match=r"takes no option\(s\) \['colour'\]; it takes: .*warn"):
        get_sandbox("process", colour="blue")


def test_subprocess_preload_is_the_warm_set_plus_subprocess():
    from rlvr.sandboxes import SUBPROCESS_PRELOAD, WARM_IMPORTS

    assert SUBPROCESS_PRELOAD[:-1] == WARM_IMPORTS and "threading" not in WARM_IMPORTS and "random" not in WARM_IMPORTS


def test_a_file_that_is_also_a_directory_is_refused():
    from rlvr.sandboxes.base import check_files

    with pytest.raises(DataError, match="also used as a directory"):
        check_files({"data": "x", "data/in.txt": "y"})
