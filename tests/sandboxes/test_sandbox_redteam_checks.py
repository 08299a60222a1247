"""The red-team judges themselves: each one flags the escape it exists for (a check that cannot fail proves nothing)."""

from __future__ import annotations

import os
import socket
import time

import pytest

from rlvr.sandboxes import redteam
from rlvr.types import ExecResult


def result(stdout: str = "", status: str = "ok") -> ExecResult:
    return ExecResult(status, 0 if status == "ok" else None, stdout, "", 0.01, 0.01)  # type: ignore[arg-type]


@pytest.fixture
def canaries():
    c = redteam.Canaries()
    yield c
    c.close()


def test_canaries_are_planted_and_removed():
    c = redteam.Canaries()
    paths = [c.file, c.home_file]
    assert all(open(p).read() == c.token for p in paths) and os.environ[c.env_name] == c.token
    c.close()
    assert not any(os.path.exists(p) for p in paths) and c.env_name not in os.environ


def test_a_leaked_token_is_flagged(canaries):
    check = redteam._no_leak()
    assert check(result("env {}\n"), canaries) is None
    assert "leaked" in check(result(f"/home/x b'{canaries.token}'"), canaries)


def test_a_connection_to_the_host_listener_is_flagged(canaries):
    check = redteam._no_leak(redteam._network)
    assert check(result("ifaces=lo\nroutes=0\nconnect=ConnectionRefusedError\n"), canaries) is None
    with socket.create_connection(("127.0.0.1", canaries.port), timeout=2):
        pass
    for _ in range(50):  # the listener counts in its own thread
        if canaries.connections:
            break
        time.sleep(0.05)
    assert "listener" in check(result("ifaces=lo\nroutes=0\nconnect=ConnectionRefusedError\n"), canaries)


def test_visible_interfaces_or_routes_are_flagged(canaries):
    check = redteam._no_leak(redteam._network)
    assert "interfaces" in check(result("ifaces=lo,eth0\nroutes=0\n"), canaries)
    assert "routes" in check(result("ifaces=lo\nroutes=2\n"), canaries)


def test_a_file_planted_on_the_host_is_flagged(canaries):
    check = redteam._no_leak(redteam._writes)
    assert check(result(""), canaries) is None
    open(canaries.escape, "w").close()
    assert "wrote" in check(result(""), canaries)


def test_a_surviving_daemon_is_flagged(canaries):
    first = result("daemon=4242\n")
    assert redteam._daemon_gone(first, result("1 7"), canaries) is None
    assert "still runs" in redteam._daemon_gone(first, result("1 7 4242"), canaries)


def test_wrong_status_is_flagged(canaries):
    assert "expected timeout" in redteam._status("timeout")(result("", "ok"), canaries)
