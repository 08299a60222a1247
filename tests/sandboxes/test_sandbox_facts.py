"""The facts issue #3 names, one test each, on every backend they apply to (host-side canaries)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from rlvr.sandboxes import Job
from rlvr.types import Limits

HARNESS = textwrap.dedent('''
    import subprocess, sys
    child = subprocess.run([sys.executable, "-c", "import sys; print(int(sys.stdin.read()) * 2)"],
                           input="21", capture_output=True, text=True, timeout=10)
    print("child said", child.stdout.strip())
''')


def test_program_gets_stdin_files_and_its_own_imports(sandbox):
    r = sandbox.run("import sys, helper\nprint(helper.twice(int(sys.stdin.read())))", stdin="21",
                    files={"helper.py": "def twice(x):\n    return 2 * x\n", "data/blob.bin": b"\x00\xff"})
    assert (r.status, r.exit_code, r.stdout) == ("ok", 0, "42\n"), r.stderr


def test_non_ascii_source_stdin_and_file_names_arrive_byte_exact(sandbox):
    r = sandbox.run("import os, sys\nprint('é', sys.stdin.buffer.read(), os.listdir('dé'), open('dé/ü.txt', 'rb').read())",
                    stdin="a\udcffbé", files={"dé/ü.txt": b"\xff\x00"})  # \udcff: the byte 0xff, surrogate-escaped
    assert (r.status, r.stdout) == ("ok", "é b'a\\xffb\\xc3\\xa9' ['ü.txt'] b'\\xff\\x00'\n"), r.stderr


def test_a_program_may_run_one_child_python_over_pipes(sandbox):
    r = sandbox.run(HARNESS)
    assert r.status == "ok" and r.stdout.strip() == "child said 42", r.stderr


def test_run_many_keeps_input_order_whatever_finishes_first(sandbox):
    jobs = [Job(f"import time\ntime.sleep({0.3 - 0.1 * (i % 3)})\nprint({i})") for i in range(6)]
    assert [r.stdout for r in sandbox.run_many(jobs)] == [f"{i}\n" for i in range(6)]


def test_syntax_errors_and_exit_codes_read_like_python(sandbox):
    bad = sandbox.run("def f(:\n")
    assert bad.status == "error" and bad.exit_code == 1 and "SyntaxError" in bad.stderr
    assert sandbox.run("import sys; sys.exit('boom')").stderr.strip() == "boom"
    assert sandbox.run("raise SystemExit(7)").exit_code == 7


def test_sleep_is_stopped_by_the_wall_clock_not_the_cpu_limit(sandbox):
    t0 = time.monotonic()
    r = sandbox.run("import time\ntime.sleep(30)", limits=Limits(wall_time_s=1.0, cpu_time_s=10.0))
    assert r.status == "timeout" and time.monotonic() - t0 < 5


def test_output_is_capped_and_the_run_killed_at_the_cap(sandbox):
    r = sandbox.run("import sys\nwhile True:\n    sys.stdout.write('y' * 4096)\n", limits=Limits(stdout_max_bytes=1000))
    assert r.status == "output_limit" and len(r.stdout) == 1000 and r.wall_s < 3


def test_signalling_its_process_group_or_session_hurts_only_the_program(sandbox):
    r = sandbox.run("import os, signal\nos.kill(0, signal.SIGTERM)\nos.killpg(os.getpgrp(), signal.SIGKILL)\n")
    assert r.status == "killed"  # it killed itself; we are still here to assert it
    assert sandbox.run("print('still serving')").stdout == "still serving\n"


def test_process_limit_binds_because_the_program_is_not_root(sandbox):
    prog = textwrap.dedent('''
        import os, time
        kids = 0
        for _ in range(200):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                time.sleep(5)
                os._exit(0)
            kids += 1
        print(os.getuid(), kids)
    ''')
    r = sandbox.run(prog, limits=Limits(max_processes=8, wall_time_s=5))
    uid, kids = map(int, r.stdout.split())
    assert uid != 0
    assert 1 <= kids < 8, f"RLIMIT_NPROC let {kids} forks through"


def test_work_dir_belongs_to_the_program_and_is_fresh_each_time(sandbox):
    r = sandbox.run("import os\nst = os.stat('.')\nprint(st.st_uid == os.getuid(), sorted(os.listdir('.')))\n"
                    "open('mine.txt', 'w').write('x')", files={"a.txt": "1"})
    assert r.stdout == "True ['a.txt']\n"
    assert sandbox.run("import os\nprint(os.listdir('.'))").stdout == "[]\n"


def test_environment_is_empty_even_for_pid_1(pooled, make, monkeypatch):
    monkeypatch.setenv("RLVR_HOST_SECRET", "canary-env-4711")
    with make(pooled.name, workers=1) as sb:  # started AFTER the canary is in our environment
        r = sb.run("import os\nprint(dict(os.environ))\nfor p in ('/proc/1/environ', '/proc/self/environ'):\n"
                   "    try:\n        print(open(p, 'rb').read())\n    except OSError as e:\n        print(p, e.errno)\n")
        if sb.name == "bwrap":  # and on the host side: bwrap itself was started with nothing
            bwrap_pid = sb.pool.workers()[0].proc.pid
            assert open(f"/proc/{bwrap_pid}/environ", "rb").read() == b""
    assert r.status == "ok" and "canary-env-4711" not in r.stdout and r.stdout.startswith("{}\n")


def test_descriptors_the_host_holds_do_not_pass_in(pooled, make, tmp_path):
    secret = tmp_path / "held-open.txt"
    secret.write_text("canary-fd-0815")
    fd = os.open(secret, os.O_RDONLY)
    os.set_inheritable(fd, True)  # the worst case: a descriptor marked to be inherited
    try:
        with make(pooled.name, workers=1) as sb:
            r = sb.run("import os\nprint(sorted(os.listdir('/proc/self/fd')))\nfor fd in range(3, 256):\n"
                       "    try:\n        print(os.read(fd, 100))\n    except OSError:\n        pass\n")
    finally:
        os.close(fd)
    assert r.status == "ok" and "canary-fd-0815" not in r.stdout
    assert r.stdout.splitlines()[0] == "['0', '1', '2', '3']"  # 3 is listdir's own


def test_a_dead_worker_is_replaced_and_its_job_reported(pooled, make):
    with make(pooled.name, workers=1) as sb:
        assert sb.run("print(1)").ok
        w = sb.pool.workers()[0]
        results = []
        runner = threading.Thread(target=lambda: results.append(sb.run("import time\ntime.sleep(10)")))
        runner.start()
        time.sleep(1.0)
        if sb.name == "bwrap":
            os.kill(w.proc.pid, signal.SIGKILL)  # the sandbox dies under a running program
        else:
            w.stop()  # docker: the container is removed under the pool
        runner.join(20)
        assert results and results[0].status == "killed" and "replaced" in results[0].details.get("note", "")
        assert results[0].details.get("sandbox_fault") is True
        assert sb.run("print(2)").stdout == "2\n"
        assert sb.pool.restarts >= 1


def test_leftovers_in_shared_scratch_dirs_are_wiped_between_programs(pooled, make):
    with make(pooled.name, workers=1) as sb:
        first = sb.run("import os\nfor d in ('/dev/shm', '/dev/mqueue', '/tmp', '/work'):\n    try:\n"
                       "        open(d + '/left', 'w').write('x')\n        print('wrote', d)\n    except OSError:\n        pass\n")
        second = sb.run("import os\nprint([d for d in ('/dev/shm', '/dev/mqueue', '/tmp', '/work') if os.path.exists(d + '/left')])")
    assert first.status == "ok"
    assert second.stdout == "[]\n", f"wrote: {first.stdout!r}"


@pytest.mark.docker
def test_containers_do_not_outlive_a_killed_owner(make):
    """The docker CLI dying leaves its container running; our containers end with their owner."""
    make("docker").close()  # skips unless docker works here
    import docker

    script = textwrap.dedent('''
        import sys
        from rlvr.sandboxes import get_sandbox
        sb = get_sandbox("docker", workers=1)
        assert sb.run("print(1)").ok
        print(",".join(sb._containers), flush=True)
        sys.stdin.read()
    ''')
    owner = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ids = owner.stdout.readline().strip().split(",")
    client = docker.from_env()
    assert all(client.containers.get(i).status == "running" for i in ids)
    owner.kill()  # SIGKILL: no atexit, no cleanup code runs in the owner
    owner.wait()
    deadline = time.monotonic() + 20
    alive = ids
    while alive and time.monotonic() < deadline:
        alive = [c.id for c in client.containers.list(all=True, filters={"label": "rlvr.sandbox"}) if c.id in ids]
        time.sleep(0.3)
    assert alive == [], "containers survived their killed owner"


@pytest.mark.docker
def test_orphans_of_dead_owners_are_removed_at_start(make):
    make("docker").close()
    import docker

    from rlvr.sandboxes.docker import IMAGE, remove_orphans

    client = docker.from_env()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no longer exists
    c = client.containers.run(IMAGE, ["/usr/bin/python3", "-c", "import time; time.sleep(120)"], detach=True,
                              network_mode="none", labels={"rlvr.sandbox": "1", "rlvr.owner": f"{os.uname().nodename}:{dead.pid}"})
    try:
        assert remove_orphans(client) >= 1
        with pytest.raises(docker.errors.NotFound):
            client.containers.get(c.id)
    finally:
        try:
            c.remove(force=True)
        except docker.errors.NotFound:
            pass


def test_sandboxes_pickle_as_settings_and_work_where_they_land(sandbox):
    import pickle

    clone = pickle.loads(pickle.dumps(sandbox))
    try:
        assert clone.run("print('hi')").stdout == "hi\n"
    finally:
        clone.close()


def test_check_and_bench_commands_report_json(rlvr_cli):
    check = rlvr_cli("sandbox", "check", "--json")
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["failed"] == 0 and report["backend"] in ("bwrap", "docker", "process")
    assert {o["name"] for o in report["redteam"]} >= {"fork_bomb", "network", "read_host_secrets"}
    bench = rlvr_cli("sandbox", "bench", "--json", "--programs", "40", "--baseline-programs", "6")
    assert bench.returncode == 0, bench.stderr
    figures = json.loads(bench.stdout)
    assert {"backend", "programs", "per_second", "baseline_per_second", "ratio"} <= set(figures)
    assert figures["programs"] == 40 and figures["ratio"] == pytest.approx(figures["per_second"] / figures["baseline_per_second"], rel=0.02)
    if "harness_python" in figures:  # the second baseline: rlvr's own interpreter, never the same file as the first
        assert os.path.realpath(figures["harness_python"]) != os.path.realpath(figures["baseline_python"])
        assert figures["harness_ratio"] == pytest.approx(figures["per_second"] / figures["harness_per_second"], rel=0.02)


def test_unknown_backend_is_one_line_and_exit_2(rlvr_cli):
    r = rlvr_cli("sandbox", "check", "--sandbox", "chroot")
    assert r.returncode == 2 and "unknown sandbox backend 'chroot'" in r.stderr and "Traceback" not in r.stderr


def test_asking_a_pool_for_network_is_refused_not_ignored(pooled):
    from rlvr.errors import ConfigError

    with pytest.raises(ConfigError, match="never gives programs a network"):
        pooled.run("print(1)", limits=Limits(allow_network=True))


def test_recycle_after_replaces_workers_without_losing_jobs(pooled, make):
    with make(pooled.name, workers=1, recycle_after=2) as sb:
        results = sb.run_many([Job(f"print({i})") for i in range(5)])
        assert [r.stdout for r in results] == [f"{i}\n" for i in range(5)]
        assert sb.pool.restarts >= 2 and {r.details["worker"] for r in results} == {0}


def test_sysv_ipc_left_behind_recycles_the_worker_or_is_refused(pooled, make):
    prog = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.shmget(0, 4096, 0o1600))\n"
    with make(pooled.name, workers=1) as sb:
        first = sb.run(prog)
        assert first.status == "ok"
        if int(first.stdout) >= 0:  # docker's seccomp allows SysV IPC: the segment outlives the program
            assert sb.pool.restarts == 1  # so the zygote recycled itself
        second = sb.run("print(open('/proc/sysvipc/shm').read().count('\\n'))")
        assert second.stdout == "1\n"  # header only: nothing carried over
