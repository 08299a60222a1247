"""report.md and the table ``rlvr eval`` prints: one row per suite plus the overall row.

>>> from rlvr.eval.report import fmt_ci
>>> fmt_ci({"value": 0.5, "ci": [0.4, 0.61]})
'0.500 [0.400, 0.610]'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rlvr.jsonl import atomic_write

__all__ = ["fmt", "fmt_ci", "table_rows", "render_markdown", "write_report", "print_table"]

COLUMNS = ("group", "tasks", "accuracy [95% CI]", "pass@k", "maj@k", "best@k verifier", "best@k likelihood",
           "confident errors", "hedged", "abstain", "verifier errors")


def fmt(x: Any, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def fmt_ci(m: dict[str, Any]) -> str:
    lo, hi = m.get("ci") or [None, None]
    return f"{fmt(m.get('value'))} [{fmt(lo)}, {fmt(hi)}]" if lo is not None else fmt(m.get("value"))


def _row(name: str, g: dict[str, Any], k: str) -> list[str]:
    return [name, str(g["n_tasks"]), fmt_ci(g["accuracy"]), fmt(g["pass_at_k"][k]["value"]), fmt(g["maj_at_k"]["value"]),
            fmt(g["best_of_k_verifier"]["value"]), fmt(g["best_of_k_likelihood"]["value"]), fmt(g["confident_error_rate"]["value"]),
            fmt(g["stance_rates"]["hedged"]), fmt(g["stance_rates"]["abstain"]), fmt(g["verifier_error_rate"])]


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """Rows of the summary table: each suite, then ``all``."""
    k = str(results["settings"]["k"])
    rows = [_row(s, g, k) for s, g in results["by_suite"].items()]
    overall = {
        "n_tasks": results["n_tasks"],
        "accuracy": {"value": results["accuracy"], "ci": results["accuracy_ci"]},
        "pass_at_k": results["pass_at_k"],
        "maj_at_k": results["maj_at_k"],
        "best_of_k_verifier": results["best_of_k"]["verifier"],
        "best_of_k_likelihood": results["best_of_k"]["likelihood"],
        "confident_error_rate": {"value": results["confident_error_rate"]},
        "stance_rates": results["stance"]["rates"],
        "verifier_error_rate": results["verifier"]["error_rate"],
    }
    return rows + [_row("all", overall, k)]


def print_table(results: dict[str, Any], title: str | None = None) -> None:
    """Print the summary to stdout with rich: a correctness table and a stance table (each fits 80 columns)."""
    from rich.table import Table

    from rlvr import console

    k = results["settings"]["k"]
    rows = table_rows(results)
    head = [c.replace("@k", f"@{k}") for c in COLUMNS]
    split = 7  # group, tasks, accuracy, pass@k, maj@k, best-of-k x2 | confident errors, hedged, abstain, verifier errors
    for cols, name in ((list(range(split)), title or f"held-out eval: {results['n_tasks']} tasks x {k} samples"),
                       ([0, *range(split, len(COLUMNS))], "stance and verifier health")):
        table = Table(title=name, caption=None if cols[1] != 1 else
                      "best@k: the best of k samples as picked by the verifier (ver, an oracle) or by the model's likelihood (lik)")
        for c in cols:
            table.add_column(head[c].replace(" verifier", " ver").replace(" likelihood", " lik"),
                             justify="left" if c == 0 else "right", no_wrap=c in (0, 2))
        for r in rows:
            table.add_row(*[r[c] for c in cols])
        console.out.print(table)


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(results: dict[str, Any], plots: list[str] | None = None) -> str:
    """The report as Markdown: headline, per suite, pass@k ladder, per generator and difficulty, stance, calibration, health."""
    k = results["settings"]["k"]
    run = results.get("run", {})
    s = results["settings"]
    parts = [
        "# Evaluation report",
        "",
        f"Model `{run.get('model') or run.get('name_or_path') or run.get('model_class', '?')}`"
        + (f" (stage {run['stage']})" if run.get("stage") else "")
        + (f" with adapter `{run['adapter']}`" if run.get("adapter") else "")
        + f", split `{run.get('split', '?')}`, {results['n_tasks']} tasks x {k} samples, temperature {s['temperature']},"
        f" max {s['max_new_tokens']} new tokens, seed {s['seed']}. Intervals are 95% bootstrap intervals over tasks"
        f" ({s['n_boot']} resamples). results.json schema `{results['schema']}` v{results['schema_version']}.",
        "",
        f"**Accuracy (pass@1): {fmt_ci({'value': results['accuracy'], 'ci': results['accuracy_ci']})}**;"
        f" confident-error rate {fmt_ci({'value': results['confident_error_rate'], 'ci': results['confident_error_rate_ci']})}.",
        "",
        "## By suite",
        "",
        _md_table([c.replace("@k", f"@{k}") for c in COLUMNS], table_rows(results)),
        "",
        "## pass@k",
        "",
        _md_table(["k", "pass@k [95% CI]"], [[kk, fmt_ci(m)] for kk, m in results["pass_at_k"].items()]),
        "",
        "## By generator",
        "",
        _md_table(["generator", "tasks", "accuracy [95% CI]", "confident errors"],
                  [[g, str(m["n_tasks"]), fmt_ci(m["accuracy"]), fmt(m["confident_error_rate"]["value"])] for g, m in results["by_generator"].items()]),
        "",
        "## By difficulty",
        "",
        _md_table(["suite", "difficulty", "tasks", "accuracy [95% CI]", "confident errors", "hedged", "abstain"],
                  [[suite, d, str(m["n_tasks"]), fmt_ci(m["accuracy"]), fmt(m["confident_error_rate"]["value"]),
                    fmt(m["stance_rates"]["hedged"]), fmt(m["stance_rates"]["abstain"])]
                   for suite, levels in results["by_suite_difficulty"].items() for d, m in levels.items()]),
        "",
        "## Stance and calibration",
        "",
    ]
    st, cal = results["stance"], results["calibration"]
    rc = results["risk_coverage"]
    parts += [
        _md_table(["measure", "value"], [
            ["unhedged / hedged / abstain", " / ".join(fmt(st["rates"][x]) for x in ("unhedged", "hedged", "abstain"))],
            ["accuracy when unhedged", fmt(st["accuracy_when_unhedged"])],
            ["accuracy when hedged", fmt(st["accuracy_when_hedged"])],
            *[[f"expected reward ({name})", fmt(v)] for name, v in results["expected_reward"].items()],
            ["samples stating a confidence", str(cal["n_stated"])],
            ["ECE", fmt(cal["ece"])],
            ["Brier", fmt(cal["brier"])],
            ["risk-coverage AURC", fmt(rc["aurc"])],
        ]),
        "",
        "## Verifier health and generation",
        "",
        _md_table(["verifier", "samples", "error rate", "mean latency (s)"],
                  [[v, str(m["samples"]), fmt(m["error_rate"]), fmt(m["mean_latency_s"], 4)] for v, m in results["verifier"]["by_verifier"].items()]),
        "",
        f"Mean completion length {fmt(results['generation']['mean_tokens'], 1)} tokens; {fmt(results['generation']['truncated_rate'])}"
        f" of samples hit the token limit. Generation took {results.get('timing', {}).get('generation_s', 'n/a')} s,"
        f" verification {results.get('timing', {}).get('verification_s', 'n/a')} s.",
    ]
    if plots:
        parts += ["", "## Plots", ""] + [f"![{p[:-4]}]({p})" for p in plots]
    return "\n".join(parts) + "\n"


def write_report(path: str | Path, results: dict[str, Any], *, plots: list[str] | None = None) -> None:
    with atomic_write(path) as fh:
        fh.write(render_markdown(results, plots))
