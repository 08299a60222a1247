"""A small seccomp filter for the bwrap sandbox: deny the syscalls a test program never needs.

Hand-assembled classic BPF, because bwrap takes a compiled filter on a descriptor (``--seccomp FD``)
and the well-kept compiler, libseccomp, would add a C library (and a binding) to every install for a
filter this short: one architecture check and one comparison per denied syscall. The list
is a DENY list on top of bwrap's namespaces (docker applies its own default profile instead): tracing
and reading other processes (ptrace, process_vm_*), kernel keyrings, SysV IPC (it outlives processes
and would carry state from one program to the next), mounting and namespaces, eBPF, perf, io_uring,
userfaultfd and the like: kernel attack surface with no use in a program under test. Anything on
another architecture than x86_64 gets no filter (``filter_bytes`` returns None) and the namespaces stand alone.

>>> len(filter_bytes()) % 8 == 0 if filter_bytes() else True
True
"""

from __future__ import annotations

import errno
import platform
import struct

__all__ = ["DENIED_X86_64", "filter_bytes"]

# x86_64 numbers, from arch/x86/entry/syscalls/syscall_64.tbl
DENIED_X86_64: dict[str, int] = {
    "shmget": 29, "semget": 64, "msgget": 68, "ptrace": 101, "syslog": 103, "personality": 135,
    "vhangup": 153, "pivot_root": 155, "chroot": 161, "acct": 163, "settimeofday": 164, "mount": 165,
    "umount2": 166, "swapon": 167, "swapoff": 168, "reboot": 169, "init_module": 175, "delete_module": 176,
    "quotactl": 179, "lookup_dcookie": 212, "clock_settime": 227, "kexec_load": 246, "add_key": 248,
    "request_key": 249, "keyctl": 250, "unshare": 272, "perf_event_open": 298, "fanotify_init": 300,
    "name_to_handle_at": 303, "open_by_handle_at": 304, "setns": 308, "process_vm_readv": 310,
    "process_vm_writev": 311, "finit_module": 313, "kexec_file_load": 320, "bpf": 321, "userfaultfd": 323,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428,
    "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
}

_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_BIT = 0x40000000
_RET_ALLOW, _RET_KILL_PROCESS = 0x7FFF0000, 0x80000000
_RET_EPERM = 0x00050000 | errno.EPERM


def _ins(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def filter_bytes() -> bytes | None:
    """The compiled filter for this machine (``struct sock_filter[]``), or None where we have no table."""
    if platform.machine() != "x86_64":
        return None
    nrs = sorted(DENIED_X86_64.values())
    prog = [
        _ins(_LD_W_ABS, 4),  # seccomp_data.arch
        _ins(_JEQ_K, _AUDIT_ARCH_X86_64, jt=1, jf=0),
        _ins(_RET_K, _RET_KILL_PROCESS),  # another ABI (i386 via int 0x80): refuse outright
        _ins(_LD_W_ABS, 0),  # seccomp_data.nr
    ]
    deny_at = 4 + 1 + len(nrs) + 1  # index of the EPERM return
    prog.append(_ins(_JGE_K, _X32_BIT, jt=deny_at - 4 - 1, jf=0))  # x32 syscalls: same numbers, other bit
    for i, nr in enumerate(nrs):
        here = 5 + i
        prog.append(_ins(_JEQ_K, nr, jt=deny_at - here - 1, jf=0))
    prog.append(_ins(_RET_K, _RET_ALLOW))
    prog.append(_ins(_RET_K, _RET_EPERM))
    return b"".join(prog)
