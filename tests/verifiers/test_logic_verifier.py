"""The logic verifier: labelled-corpus accuracy, the verifier contract, hostile input, and the CLI end to end."""

import json
import pickle
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from rlvr.errors import TaskError
from rlvr.tasks.logic import LogicSuite
from rlvr.types import Task
from rlvr.verifiers.logic import LogicVerifier, extract_answers

CORPUS = Path(__file__).resolve().parents[1] / "data" / "logic_corpus.jsonl"
SUITE = LogicSuite()
VERIFIER = LogicVerifier()


@pytest.fixture(scope="module")
def sample():
    return {t.meta["generator"]: t for t in SUITE.generate(7, seed=21, difficulty=2)}


def test_labelled_corpus_accuracy_is_perfect_for_every_family(capsys):
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    tasks = [Task.from_json(r["task"]) for r in rows]
    verdicts = VERIFIER.verify_batch(tasks, [r["completion"] for r in rows])
    right, total = Counter(), Counter()
    wrong = []
    for r, t, v in zip(rows, tasks, verdicts):
        fam = t.meta["generator"]
        total[fam] += 1
        right[fam] += v.status == r["expected"]
        if v.status != r["expected"]:
            wrong.append((fam, r["note"], v.status, v.reason))
    with capsys.disabled():
        print(f"\nlogic corpus: {sum(right.values())}/{len(rows)} verdicts match the labels "
              f"({Counter(r['expected'] for r in rows)}); per family: "
              + ", ".join(f"{f} {right[f]}/{total[f]}" for f in sorted(total)))
    assert set(total) == set(SUITE.families) and all(total[f] >= 20 for f in total)
    assert wrong == []


@pytest.mark.parametrize("completion,expected", [
    ("Final answer: valid", ["valid"]),
    ("reasoning\n**Final answer:** valid.\nConfidence: 70%", ["valid."]),
    ("Final answer (likely): 1234/3412", ["1234/3412"]),
    ("Final answer:\n```\n1. P  premise\n2. P  R 1\n```\nDone.", ["1. P  premise\n2. P  R 1"]),
    ("Final answer:\nHouse 1: red\nHouse 2: blue\n\nThat is all.", ["House 1: red\nHouse 2: blue"]),
    ("Final answer: a\nmore text\nFinal answer: b", ["a", "b"]),
    ("no marker here", []),
    ("the final answer: inline is not a marker line", []),
])
def test_extract_answers_reads_each_marker(completion, expected):
    assert extract_answers(completion) == expected


def test_hedged_and_plain_answer_that_agree_pass(sample):
    t = sample["circuit"]
    answer = ", ".join(f"{o}={t.answer[o]}" for o in t.meta["outputs"])
    v = VERIFIER.verify(t, f"Final answer (likely): {answer}\nFinal answer: {answer}")
    assert v.status == "pass"


@pytest.mark.parametrize("family", list(SUITE.families))
def test_every_family_rejects_a_malformed_task(family, sample):
    good = sample[family]
    VERIFIER.check_task(good)
    meta = dict(good.meta)
    required = {"knights": "statements", "sat": "clauses", "sudoku": "givens", "zebra": "clues", "proof": "goal",
                "syllogism": "conclusion", "circuit": "gates"}[family]
    del meta[required]
    with pytest.raises(TaskError, match=f"meta.{required} is missing"):
        VERIFIER.verify(Task(id="x", suite="logic", prompt="?", meta=meta), good.meta["solution"])


def test_unsat_claim_of_a_task_is_reproved_not_trusted(sample):
    sat = next(t for t in SUITE.generate(20, seed=3, difficulty=2, families=["sat"]) if t.meta["satisfiable"])
    lying = Task(id="lie", suite="logic", prompt="?", meta=dict(sat.meta, satisfiable=False))
    with pytest.raises(TaskError, match="solver says the opposite"):
        VERIFIER.verify(lying, "Final answer: UNSAT")


def test_task_with_wrong_shapes_raises_task_error_not_a_crash(sample):
    broken = [
        dict(sample["sat"].meta, clauses=[[0, 99]]),
        dict(sample["sudoku"].meta, givens=["12"]),
        dict(sample["zebra"].meta, clues=[{"type": "teleport", "a": ["color", "red"]}]),
        dict(sample["zebra"].meta, clues=[{"type": "same", "a": sample["zebra"].meta["clues"][0]["a"], "pos": 1}]),
        dict(sample["knights"].meta, statements=[{"speaker": "Alice", "formula": ["nand", "Alice", "Bob"], "text": "?"}]),
        dict(sample["proof"].meta, goal="P ->"),
        dict(sample["circuit"].meta, gates=[["g1", "AND", ["nowhere"]]]),
        dict(sample["knights"].meta, statements=[{"speaker": "Zed", "formula": "A", "text": "?"}]),
        dict(sample["syllogism"].meta, premises=[["Z", "a", "b"]]),
        {"generator": "chess"},
        {},
    ]
    for meta in broken:
        with pytest.raises(TaskError):
            VERIFIER.verify(Task(id="x", suite="logic", prompt="?", meta=meta), "Final answer: 1")


HOSTILE = [
    "Final answer: " + "(" * 5000 + "1" + ")" * 5000,
    "Final answer: " + " or ".join(str(i) for i in range(2000)),
    "Final answer: " + "House 1: " * 5000,
    "Final answer:\n```\n" + "\n".join(f"{i}. " + "~" * 39 + "P  premise" for i in range(1, 400)) + "\n```",
    "Final answer:\n```\n" + "1. P  premise\n" + "\n".join(f"{i}. | " * 1 + "P  R 1" for i in range(2, 3000)) + "\n```",
    "Final answer: x" + "1" * 100000,
    "Final answer: ok\n" * 5000,
    "\x00" * 1000 + "Final answer: \udcff",
    # long whitespace runs after a keyword: patterns like "[ \t]*[*_]*[ \t]*:" backtrack cubically on these
    "final answer" + " " * 30000 + "x",
    "Final answer: knights" + " " * 29000 + "x",
    "Final answer: house" + " " * 29000 + "1",
    "Final answer: " + "0  " * 9000 + "x",
    "Final answer: x1" + " " * 29000 + "=",
    "Final answer:\n" + " \n" * 15000 + "x",
    "Confidence" + " " * 30000 + "x\nFinal answer: 1",
]


@pytest.mark.parametrize("completion", HOSTILE, ids=["parens", "candidates", "houses", "deep-proof", "long-proof", "huge-var",
                                                     "many-answers", "control-chars", "ws-marker", "ws-knights", "ws-house",
                                                     "ws-bits", "ws-literal", "ws-lines", "ws-confidence"])
def test_hostile_completion_fails_quickly_for_every_family(completion, sample):
    for task in sample.values():
        start = time.monotonic()
        v = VERIFIER.verify(task, completion)
        assert time.monotonic() - start < 10.0  # generous for a shared CI box; typical is milliseconds
        assert v.status == "fail" and v.reason.strip(), (task.meta["generator"], v)


def test_random_text_never_raises_or_errors(sample):
    rng = random.Random(0)
    alphabet = "PQRx0123456789 |&~->#()=,;:\n.TFknightvalidHouse"
    for _ in range(300):
        text = "Final answer: " + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for task in sample.values():
            assert VERIFIER.verify(task, text).status in ("fail", "pass")  # never "error", never an exception
    assert all(VERIFIER.verify(t, "Final answer: " + "x" * 30).status == "fail" for t in sample.values())


def test_verifier_pickles_and_checks_proofs_in_a_worker_when_asked(sample):
    clone = pickle.loads(pickle.dumps(LogicVerifier(proof_timeout_s=3, inline_chars=0)))  # 0: every proof goes to a worker
    assert clone.proof_timeout_s == 3.0 and clone.inline_chars == 0
    assert clone.verify(sample["proof"], sample["proof"].meta["solution"]).status == "pass"
    bad = clone.verify(sample["proof"], "Final answer:\n```\n1. Q  premise\n```")
    assert bad.status == "fail" and bad.details["bad_line"] == 1


@pytest.mark.parametrize("options", [{"proof_timeout_s": 0}, {"proof_timeout_s": "abc"}, {"inline_chars": -1}])
def test_bad_verifier_options_are_a_config_error(options):
    from rlvr.errors import ConfigError

    with pytest.raises(ConfigError, match="logic verifier"):
        LogicVerifier(**options)


def test_generate_and_verify_end_to_end_through_the_cli(rlvr_cli, tmp_path):
    tasks_file = tmp_path / "logic.jsonl"
    r = rlvr_cli("tasks", "generate", "--suite", "logic", "-n", "14", "--seed", "5", "--difficulty", "2", "-o", str(tasks_file), "--json")
    assert r.returncode == 0, r.stderr
    tasks = [json.loads(line) for line in tasks_file.read_text().splitlines()]
    assert len(tasks) == 14 and {t["meta"]["generator"] for t in tasks} == set(SUITE.families)
    lines = []
    for i, t in enumerate(tasks):
        completion = t["meta"]["solution"] if i % 2 == 0 else "Final answer: I refuse"
        lines.append({"task": t, "completion": completion})
    infile, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text("".join(json.dumps(x) + "\n" for x in lines))
    r = rlvr_cli("verify", str(infile), "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["status"] for row in rows] == ["pass", "fail"] * 7
    assert all(row["verifier"] == "logic@1" for row in rows)
    assert json.loads(r.stdout)["counts"] == {"pass": 7, "fail": 7, "error": 0}


def test_cli_verify_names_a_malformed_logic_task(rlvr_cli, tmp_path):
    task = {"id": "t1", "suite": "logic", "prompt": "?", "meta": {"generator": "sat", "num_vars": 2}}
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"task": task, "completion": "Final answer: UNSAT"}) + "\n")
    r = rlvr_cli("verify", str(infile), "-o", str(tmp_path / "o.jsonl"))
    assert r.returncode == 2 and "meta.satisfiable is missing" in r.stderr and r.stderr.strip().count("\n") == 0
    assert not (tmp_path / "o.jsonl").exists()


def test_gold_passes_after_the_stance_reader_rewrites_it_hedged_or_not(sample):
    from rlvr.rewards.stance import read_stance

    for task in sample.values():
        gold = task.meta["solution"]
        hedged = gold.replace("Final answer:", "Final answer (likely):") + "\nConfidence: 70%"
        for text, kind in ((gold, "unhedged"), (hedged, "hedged")):
            stance = read_stance(text)
            assert stance.kind == kind
            assert VERIFIER.verify(task, stance.answer_text).status == "pass", (task.meta["generator"], kind)


def test_circuit_answer_may_mention_other_signals_but_not_unknown_names(sample):
    t = sample["circuit"]
    right = ", ".join(f"{o}={t.answer[o]}" for o in t.meta["outputs"])
    assert VERIFIER.verify(t, f"Final answer: {right} (because x1={t.meta['inputs']['x1']})").status == "pass"
    v = VERIFIER.verify(t, f"Final answer: {right}, q9=1")
    assert v.status == "fail" and "q9 is not one of the asked outputs" in v.reason


KNIGHTS = {"people": ["Alice", "Bob", "Carol"]}
K, N = True, False


@pytest.mark.parametrize("text,expected", [
    ("Alice: knight, Bob: knave, Carol: knight", {"Alice": K, "Bob": N, "Carol": K}),  # the format the prompt asks for
    ("Alice and Carol are knights; Bob is a knave.", {"Alice": K, "Bob": N, "Carol": K}),  # labels after a list
    ("Knights: Alice and Carol. Knaves: Bob.", {"Alice": K, "Bob": N, "Carol": K}),  # header style
    ("The knights are Alice and Carol", {"Alice": K, "Bob": N, "Carol": K}),  # one kind named: the rest are the other
    ("Alice is not a knave, Bob is not a knight, Carol is a knight", {"Alice": K, "Bob": N, "Carol": K}),  # negated labels
    ("Alice, Carol", {"Alice": K, "Bob": N, "Carol": K}),  # bare names: the knights
    ("none", {"Alice": N, "Bob": N, "Carol": N}),  # no knights at all
    ("Alice is a knight, and so is Carol, Bob is a knave", "cannot tell what"),  # refused, never misread
    ("Alice: knight, Bob: knave", "does not say whether Carol"),  # both kinds used, someone left out
    ("Alice: knight or knave, Bob: knave, Carol: knight", "alternatives"),  # hedging one person
    ("Alice: knight, Alice: knave, Bob: knave, Carol: knight", "both a knight and a knave"),  # contradicts itself
    ("nobody knows", "no names"),
])
def test_knights_answers_are_read_leniently_but_never_guessed(text, expected):
    from rlvr.verifiers.logic_answers import AnswerError, parse_knights

    if isinstance(expected, dict):
        assert parse_knights(text, KNIGHTS) == expected
    else:
        with pytest.raises(AnswerError, match=expected):
            parse_knights(text, KNIGHTS)


def test_every_possible_answer_passes_exactly_when_it_is_a_solution():
    """Exhaustive over small answer spaces: the verdict agrees with a direct brute-force check every time."""
    import itertools

    rng = random.Random(1)
    for t in SUITE.generate(3, seed=2, difficulty=2, families=["knights"]):
        ppl = t.meta["people"]
        for bits in itertools.product(["knight", "knave"], repeat=len(ppl)):
            v = VERIFIER.verify(t, "Final answer: " + ", ".join(f"{p}: {b}" for p, b in zip(ppl, bits)))
            assert v.passed == (dict(zip(ppl, bits)) == t.answer)
    for t in SUITE.generate(4, seed=2, difficulty=2, families=["sat"]):
        n, clauses = t.meta["num_vars"], t.meta["clauses"]
        for bits in itertools.product([True, False], repeat=n):
            v = VERIFIER.verify(t, "Final answer: " + ", ".join(f"x{i}={'T' if b else 'F'}" for i, b in enumerate(bits, 1)))
            assert v.passed == all(any(bits[abs(lit) - 1] == (lit > 0) for lit in c) for c in clauses)
    for t in SUITE.generate(2, seed=2, difficulty=1, families=["zebra"]):
        cats = t.meta["categories"]
        for perms in itertools.product(*(itertools.permutations(vals) for vals in cats.values())):
            houses = [{c: perm[h] for c, perm in zip(cats, perms)} for h in range(t.meta["houses"])]
            text = "; ".join(f"House {h}: " + ", ".join(house.values()) for h, house in enumerate(houses, 1))
            assert VERIFIER.verify(t, f"Final answer: {text}").passed == (houses == t.answer)
    for t in SUITE.generate(3, seed=2, difficulty=3, families=["circuit"]):
        outs = t.meta["outputs"]
        for bits in itertools.product([0, 1], repeat=len(outs)):
            v = VERIFIER.verify(t, "Final answer: " + ", ".join(f"{o}={b}" for o, b in zip(outs, bits)))
            assert v.passed == (dict(zip(outs, bits)) == t.answer)
    for t in SUITE.generate(2, seed=2, difficulty=2, families=["sudoku"]):
        n = len(t.answer)
        for _ in range(20):
            digits = [str(d) for d in range(1, n + 1)]
            perm = dict(zip(digits, rng.sample(digits, n)))  # relabelled grids keep every constraint but the givens
            grid = ["".join(perm[c] for c in row) for row in t.answer]
            assert VERIFIER.verify(t, "Final answer: " + "/".join(grid)).passed == (grid == t.answer)


def test_unsat_of_a_large_hand_made_formula_is_reproved_in_a_bounded_worker():
    rng = random.Random(0)
    clauses = [[v if rng.random() < 0.5 else -v for v in rng.sample(range(1, 61), 3)] for _ in range(400)]  # 60 vars, ratio 6.7
    task = Task(id="big", suite="logic", prompt="?", meta={"generator": "sat", "num_vars": 60, "clauses": clauses, "satisfiable": False})
    assert VERIFIER.verify(task, "Final answer: UNSAT").status == "pass"
    lying = Task(id="big", suite="logic", prompt="?", meta=dict(task.meta, satisfiable=True))
    with pytest.raises(TaskError, match="solver says the opposite"):
        VERIFIER.verify(lying, "Final answer: UNSAT")
