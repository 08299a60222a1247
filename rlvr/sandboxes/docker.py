"""The ``docker`` backend: a pool of long-lived containers, a zygote in each, a fork per program.

Containers come from the image ``sandboxes/build-image.sh`` builds (one python3, its stdlib and libs;
no shell). Each runs with ``--network none``, a read-only root, a size-capped tmpfs /work owned by the
container's uid, memory (no swap), pids and CPU limits, every capability dropped, no-new-privileges,
docker's default seccomp profile, and a throwaway unprivileged uid of its own (RLIMIT_NPROC counts per
uid across the host, so containers must not share one). The zygote inside (``_zygote.py``, PID 1 of
the container) dials a Unix socket the host bind-mounts read-only into that container alone, and
serves many programs; a container that dies or stops answering is removed and replaced.

Never left running: containers carry the labels ``rlvr.sandbox`` and ``rlvr.owner=<host>:<pid>``; the
zygote exits (ending its auto-removed container) when the host's socket closes, even if the host was
SIGKILLed; every pool removes its containers on close and at interpreter exit; and starting a pool
removes containers whose owning process is gone (what a dying ``docker`` CLI leaves behind).

Limitations: containers share the host kernel; /dev/shm and /dev/mqueue are writable but emptied after
each program.

>>> DockerSandbox.unavailable_reason() is None or "docker" in DockerSandbox.unavailable_reason().lower()
True
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import tempfile
import weakref
from collections.abc import Sequence
from functools import cache

from rlvr.errors import SandboxError
from rlvr.sandboxes import _host
from rlvr.sandboxes.base import BaseSandbox, Isolation, Job
from rlvr.sandboxes.pool import READY_TIMEOUT_S, Worker, ZygotePool, start_worker
from rlvr.types import ExecResult

__all__ = ["DockerSandbox", "IMAGE", "remove_orphans"]

IMAGE = os.environ.get("RLVR_SANDBOX_IMAGE", "rlvr-sandbox") + ":latest"
LABEL = "rlvr.sandbox"
WORKDIR = "/work"
PYTHON = "/usr/bin/python3"  # where build-image.sh puts the interpreter
_live: weakref.WeakSet[DockerSandbox] = weakref.WeakSet()


def _client():
    import docker

    return docker.from_env(timeout=60)


@cache
def _probe() -> str | None:
    try:
        import docker
    except ImportError:
        return "the docker Python SDK is not installed (pip install docker)"
    try:
        client = _client()
        client.ping()
    except docker.errors.DockerException as e:
        return f"cannot reach the docker daemon ({str(e).splitlines()[0][:120]}); start it or run scripts/setup-system.sh"
    try:
        client.images.get(IMAGE)
    except docker.errors.ImageNotFound:
        return f"docker image {IMAGE} is missing; build it with: bash sandboxes/build-image.sh"
    except docker.errors.DockerException as e:
        return f"docker image check failed: {e}"
    return None


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def remove_orphans(client=None) -> int:
    """Remove rlvr sandbox containers of this host whose owning process no longer exists; return how many."""
    client = client or _client()
    host = socket.gethostname()
    removed = 0
    for c in client.containers.list(all=True, filters={"label": LABEL}):
        owner_host, _, pid = c.labels.get("rlvr.owner", "").rpartition(":")
        if owner_host != host or not pid.isdigit():
            continue
        if int(pid) != os.getpid() and _pid_alive(int(pid)):
            continue
        if int(pid) == os.getpid() and any(c.id in s._containers for s in list(_live)):
            continue
        try:
            c.remove(force=True)
            removed += 1
        except Exception:  # already gone (auto-remove won the race)
            pass
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DockerSandbox(BaseSandbox):
    """Pool of long-lived sandbox containers; ``workers`` defaults to the number of cores."""

    name = "docker"

    def __init__(self, workers: int | None = None, memory_mib: int = 1024, pids: int = 64, cpus: float = 1.0,
                 work_dir_mib: int = 128, recycle_after: int = 0, image: str | None = None,
                 preload: Sequence[str] | None = None):
        self.workers = workers or _host.default_workers()
        self.memory_mib, self.pids, self.cpus, self.work_dir_mib = memory_mib, pids, cpus, work_dir_mib
        self.recycle_after, self.image = recycle_after, image or IMAGE
        self.preload = tuple(preload) if preload is not None else None
        self.pool = ZygotePool(self._spawn, self.workers, self.name, recycle_after, parallel_spawn=True)
        self._containers: dict[str, tuple[object, str]] = {}  # id -> (container, socket dir)
        self._cleaned = False
        _live.add(self)

    @staticmethod
    def unavailable_reason() -> str | None:
        return _probe()

    def _settings(self) -> dict:
        return {"workers": self.workers, "memory_mib": self.memory_mib, "pids": self.pids, "cpus": self.cpus,
                "work_dir_mib": self.work_dir_mib, "recycle_after": self.recycle_after, "image": self.image,
                "preload": self.preload}

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:
        return self.pool.run_many(jobs)

    def close(self) -> None:
        self.pool.close()
        for cid in list(self._containers):
            self._remove(cid)

    def _remove(self, cid: str) -> None:
        container, sockdir = self._containers.pop(cid, (None, None))
        if container is not None:
            try:
                container.remove(force=True)  # type: ignore[attr-defined]
            except Exception:  # auto-removed already
                pass
        if sockdir:
            shutil.rmtree(sockdir, ignore_errors=True)

    def _spawn(self, slot: int) -> Worker:
        import docker

        client = _client()
        if not self._cleaned:
            remove_orphans(client)
            self._cleaned = True
        uid = _host.slot_uid(slot)
        sockdir = tempfile.mkdtemp(prefix="rlvr-docker-")
        os.chmod(sockdir, 0o755)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        path = os.path.join(sockdir, "zygote.sock")
        listener.bind(path)
        os.chmod(path, 0o666)  # the container's uid dials it; the dir is mounted into that container only
        listener.listen(1)
        conf = {"workdir": WORKDIR, "check_ipc": True, "scratch": ["/dev/shm", "/dev/mqueue"],
                "connect": "/run/rlvr/zygote.sock"}
        if self.preload is not None:
            conf["preload"] = list(self.preload)
        src = _host.inside_source(True) + "\nzygote_main(-1, json.loads(sys.argv[1]))\n"
        try:
            container = client.containers.run(
                self.image, [PYTHON, "-I", "-c", src, json.dumps(conf)], detach=True, auto_remove=True,
                user=f"{uid}:{uid}", network_mode="none", read_only=True, hostname="sandbox", environment={},
                tmpfs={WORKDIR: f"rw,size={self.work_dir_mib}m,uid={uid},gid={uid},mode=0700"},
                volumes={sockdir: {"bind": "/run/rlvr", "mode": "ro"}},
                mem_limit=f"{self.memory_mib}m", memswap_limit=f"{self.memory_mib}m", pids_limit=self.pids,
                nano_cpus=int(self.cpus * 1e9), cap_drop=["ALL"], security_opt=["no-new-privileges"],
                ipc_mode="private", labels={LABEL: "1", "rlvr.owner": _owner()},
            )
        except docker.errors.DockerException as e:
            listener.close()
            shutil.rmtree(sockdir, ignore_errors=True)
            raise SandboxError(f"docker could not start a sandbox container: {str(e).splitlines()[0][:200]}") from None
        self._containers[container.id] = (container, sockdir)
        listener.settimeout(READY_TIMEOUT_S)
        try:
            conn, _ = listener.accept()
        except OSError:
            logs = _logs(container)
            self._remove(container.id)
            raise SandboxError(f"docker sandbox container did not connect{': ' + logs if logs else ''}") from None
        finally:
            listener.close()
        cid = container.id
        try:
            container.reload()
            return start_worker(slot, None, conn, "docker", stop=lambda: self._remove(cid),
                                host_pid=container.attrs["State"].get("Pid") or None,
                                nproc_base=1)  # the zygote: the only other process of this uid
        except SandboxError:
            self._remove(cid)
            raise

    def isolation(self) -> Isolation:
        return Isolation(
            filesystem=f"image {self.image} read-only (python3 + stdlib only); tmpfs /work capped at "
            f"{self.work_dir_mib} MiB, emptied after each program",
            network="none (--network none)",
            environment="empty (the zygote clears its own; /proc/1 is unreadable)",
            processes=f"own PID namespace; pids limit {self.pids}, memory {self.memory_mib} MiB, {self.cpus} CPU per "
            "container; rlimits per program; every leftover process killed after each program",
            notes=("all capabilities dropped, no-new-privileges, docker's default seccomp profile",
                   f"{self.workers} long-lived containers, one zygote each; a throwaway uid per container"),
        )


def _logs(container) -> str:
    try:
        text = container.logs(tail=5).decode("utf-8", "replace").strip()
    except Exception:
        return ""
    return " | ".join(text.splitlines()[-3:])


@atexit.register
def _close_all() -> None:
    for sb in list(_live):
        try:
            sb.close()
        except Exception:  # the daemon may be gone at exit; orphans are removed by the next pool
            pass
