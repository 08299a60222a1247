"""``rlvr verify``: the stable batch interface from completions to verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlvr import console


def main(
    infile: Annotated[Path, typer.Argument(help="JSONL, one {\"task\": <Task>, \"completion\": \"...\"} per line.", metavar="IN.jsonl")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL, one verdict per input line, in input order.")],
    option: Annotated[
        list[str] | None,
        typer.Option("--verifier-option", "-O", help="VERIFIER.KEY=VALUE passed to that verifier (repeatable).", metavar="V.K=V"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary counts as JSON.")] = False,
) -> None:
    """Verify completions against their tasks; write {id, status, score, extracted, reason, verifier, seconds} per line.

    The whole input is read and checked before anything is verified: a bad line stops the run with its
    line number and no output file is written. Status is pass / fail (the model's fault) / error (ours).
    """
    from rlvr.verify_batch import verify_file

    summary = verify_file(infile, out, option or [])
    if json_out:
        console.print_json(summary)
    else:
        c = summary["counts"]
        console.info(
            f"verified {summary['total']} completions: {c['pass']} pass, {c['fail']} fail, {c['error']} error;"
            f" mean score {summary['mean_score']:.3f}; wrote {out}"
        )
