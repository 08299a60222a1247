"""The pool's wire format between host and zygote: fixed binary headers, then raw bytes. Standard library only.

Used on both sides: the host imports it, and ``_host.inside_source`` joins it into the zygote's source.
Binary and not JSON because the zygote pays a copy-on-write page fault for every page it writes
while (or after) a child shares its memory: JSON's dicts, strings and base64 cost ~60 of them per
program in the zygote alone, struct headers and slices a handful.

Request (host -> zygote): ``REQUEST`` (job id, wall seconds, stdout and stderr caps, five
``(resource, soft, hard)`` rlimits, then the byte lengths of program, stdin and files, and the file
count), then the program (UTF-8, lone surrogates passed through), stdin, and per file ``FILE``
(name and data lengths) + name (UTF-8) + data.

Reply (zygote -> host): ``REPLY`` (job id, what the watcher saw, flags, the raw wait status or -1,
wall and CPU seconds, peak RSS in KiB, then the byte lengths of stdout, stderr and note), then those bytes.

>>> head = REQUEST.pack(7, 1.5, 10, 20, *([0] * 15), 3, 0, 0, 0)
>>> REQUEST.unpack(head)[:4]
(7, 1.5, 10, 20)
"""

from __future__ import annotations

import struct

REQUEST = struct.Struct("<Idqq15qIIII")
FILE = struct.Struct("<II")
REPLY = struct.Struct("<IBBiddqIII")
# where REQUEST's fields sit in its unpacked tuple
RQ_ID, RQ_WALL, RQ_OUT_CAP, RQ_ERR_CAP = 0, 1, 2, 3
RQ_LIMITS = slice(4, 19)  # five (resource, soft, hard)
RQ_PROGRAM, RQ_STDIN, RQ_FILES, RQ_COUNT = 19, 20, 21, 22

# What the watcher saw (REPLY's second field); the host turns it into an ExecResult status.
REASONS = ("", "timeout", "output_limit", "killed")
REASON_CODE = {r: i for i, r in enumerate(REASONS)}
RECYCLE, FAULT = 1, 2  # REPLY flags: the zygote exits after this reply / the zygote, not the program, failed
NOTE_MAX = 4096  # a zygote fault's note; anything longer is truncated
