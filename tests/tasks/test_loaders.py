"""load_tasks: GSM8K, MATH (JSONL and folder), generic qa (JSONL, Parquet, datasets folder), auto-detection,
clear errors, and ``rlvr tasks import`` end to end; loaded golds pass the math verifier."""

import json

import pytest

from rlvr.errors import DataError, UsageError
from rlvr.tasks.loaders import FORMATS, detect_format, load_tasks
from rlvr.verifiers.math import MathVerifier
from tests.conftest import run_rlvr

GSM8K = [
    {"question": "Natalia sold 48 clips in April and half as many in May. How many in total?",
     "answer": "In May she sold 48/2 = <<48/2=24>>24 clips.\nIn total 48+24 = <<48+24=72>>72.\n#### 72"},
    {"question": "A house costs $1,200 more than 3,000 dollars. Price?", "answer": "3000+1200=4200\n#### 4,200"},
]
MATH = [
    {"problem": "What is $\\frac{1}{2}+\\frac{1}{3}$?", "solution": "We get $\\boxed{\\frac{5}{6}}$.", "level": "Level 2", "type": "Prealgebra"},
    {"problem": "Solve $x^2=4$ for $x>0$.", "solution": "So $x=2$.", "answer": "2", "unique_id": "test/algebra/1.json"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_gsm8k_gold_follows_the_hash_and_the_solution_drops_calculator_marks(tmp_path):
    tasks = load_tasks(write_jsonl(tmp_path / "g.jsonl", GSM8K))
    assert [t.answer for t in tasks] == ["72", "4200"]
    assert "<<" not in tasks[0].meta["solution"] and tasks[0].meta["solution"].endswith("Final answer: 72")
    assert all(t.suite == "math" and t.meta["source"] == "gsm8k" for t in tasks)


def test_math_gold_is_the_answer_field_or_the_last_box(tmp_path):
    tasks = load_tasks(write_jsonl(tmp_path / "m.jsonl", MATH))
    assert [t.answer for t in tasks] == ["\\frac{5}{6}", "2"]
    assert tasks[0].meta["difficulty"] == 2 and tasks[0].meta["subject"] == "Prealgebra"
    assert tasks[1].id == "math-math/test/algebra/1.json"


def test_math_folder_of_json_files_like_the_release(tmp_path):
    (tmp_path / "algebra").mkdir()
    for i, row in enumerate(MATH):
        (tmp_path / "algebra" / f"{i}.json").write_text(json.dumps(row))
    assert detect_format(tmp_path) == "math"
    assert [t.answer for t in load_tasks(tmp_path)] == ["\\frac{5}{6}", "2"]


def test_qa_columns_are_configurable_in_jsonl_parquet_and_datasets_folders(tmp_path):
    rows = [{"q": "2+2?", "a": 4, "rid": "x1"}, {"q": "3*3?", "a": "9", "rid": "x2"}]
    jsonl = write_jsonl(tmp_path / "qa.jsonl", rows)
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{**r, "a": str(r["a"])} for r in rows]), tmp_path / "qa.parquet")
    datasets.Dataset.from_list([{**r, "a": str(r["a"])} for r in rows]).save_to_disk(str(tmp_path / "ds"))
    for path in (jsonl, tmp_path / "qa.parquet", tmp_path / "ds"):
        tasks = load_tasks(path, format="qa", question="q", answer="a", id="rid")
        assert [(t.id, t.prompt, t.answer) for t in tasks] == [("math-qa/x1", "2+2?", "4"), ("math-qa/x2", "3*3?", "9")], path


@pytest.mark.parametrize("rows, expected", [
    (GSM8K, "gsm8k"), (MATH, "math"), ([{"question": "q", "answer": "1"}], "qa"),
    ([{"id": "a", "suite": "math", "prompt": "p", "answer": 1}], "rlvr"),
    ([{"task_id": "H/0", "prompt": "def f():", "test": "", "entry_point": "f"}], "humaneval"),
    ([{"text": "t", "test_list": ["assert 1"]}], "mbpp"),
])
def test_auto_detects_the_format_from_the_first_record(tmp_path, rows, expected):
    assert detect_format(write_jsonl(tmp_path / "f.jsonl", rows)) == expected


def test_loaded_golds_pass_the_math_verifier(tmp_path):
    tasks = load_tasks(write_jsonl(tmp_path / "g.jsonl", GSM8K)) + load_tasks(write_jsonl(tmp_path / "m.jsonl", MATH))
    verdicts = MathVerifier().verify_batch(tasks, [t.meta.get("solution") or f"Final answer: {t.answer}" for t in tasks])
    assert [v.status for v in verdicts] == ["pass"] * 4


@pytest.mark.parametrize("rows, fmt, fields, message", [
    ([{"question": "q", "answer": "no marker"}], "gsm8k", {}, "has no '#### <answer>'"),
    ([{"problem": "p", "solution": "no box"}], "math", {}, "no \\boxed{}"),
    ([{"question": "q"}], "qa", {}, "missing field 'answer'"),
    ([{"question": "q", "answer": "1"}], "qa", {"colum": "x"}, "has no option(s) ['colum']"),
    ([{"question": "q", "answer": "1"}], "csv", {}, "unknown task file format 'csv'"),
])
def test_bad_input_names_the_problem(tmp_path, rows, fmt, fields, message):
    with pytest.raises((DataError, UsageError)) as e:
        load_tasks(write_jsonl(tmp_path / "bad.jsonl", rows), format=fmt, **fields)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_missing_file_and_undetectable_format_are_clear(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_tasks(tmp_path / "nope.jsonl")
    with pytest.raises(DataError, match="cannot tell the format"):
        load_tasks(write_jsonl(tmp_path / "odd.jsonl", [{"foo": 1}]))


def test_every_format_name_has_a_loader():
    assert {"rlvr", "gsm8k", "math", "qa", "humaneval", "mbpp", "stdio"} <= set(FORMATS)


def test_cli_import_writes_rlvr_tasks_that_verify(tmp_path):
    src = write_jsonl(tmp_path / "m.jsonl", [{"problem": r["question"], "sol": r["answer"].split("####")[-1].strip()} for r in GSM8K])
    out = tmp_path / "tasks.jsonl"
    r = run_rlvr("tasks", "import", str(src), "--format", "qa", "--field", "question=problem", "--field", "answer=sol", "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["tasks"] == 2
    tasks = [json.loads(line) for line in out.read_text().splitlines()]
    pairs = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, [{"task": t, "completion": f"Final answer: {t['answer']}"} for t in tasks])
    r = run_rlvr("verify", str(pairs), "-o", str(tmp_path / "v.jsonl"), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["counts"]["pass"] == 2, r.stderr


def test_cli_import_bad_file_is_one_line_exit_2_and_no_output(tmp_path):
    src = write_jsonl(tmp_path / "g.jsonl", [{"question": "q", "answer": "no marker"}])
    r = run_rlvr("tasks", "import", str(src), "--format", "gsm8k", "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "####" in r.stderr
    assert not (tmp_path / "out.jsonl").exists()
