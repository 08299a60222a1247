"""Programs per second through a sandbox's warm pool vs a fresh ``python3`` per program, in the same run.

The same numbers as ``rlvr sandbox bench``: both sides run the same short assert-based program at the
same parallelism (one runner per worker; default: one per core). The baseline has no isolation at all,
the sandbox has all of it; every run must pass. A second baseline ("harness") starts ``sys.executable``
(here the venv's python), as ``subprocess.run([sys.executable, ...])`` from inside rlvr would.

    .venv/bin/python benchmarks/sandbox_bench.py [--sandbox auto] [--programs 3000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rlvr.sandboxes.bench import bench, report_lines  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sandbox", default="auto", help="auto, bwrap, docker or process")
    ap.add_argument("--programs", type=int, default=3000)
    ap.add_argument("--baseline-programs", type=int, default=300)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--baseline-python", default=None, help="interpreter for the baseline (default: the sandbox's)")
    ap.add_argument("--harness-programs", type=int, default=None,
                    help="programs through the sys.executable baseline (default: --baseline-programs; 0 skips it)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = bench(a.sandbox, programs=a.programs, baseline_programs=a.baseline_programs, workers=a.workers, quiet=a.json,
              baseline_python=a.baseline_python, harness_programs=a.harness_programs)
    if a.json:
        print(json.dumps(r, indent=2))
        return
    print("\n".join(report_lines(r)))


if __name__ == "__main__":
    main()
