"""IFEval's own data rows load as format tasks unchanged and verify as lm-eval would judge them."""

import json

import pytest

from rlvr.errors import DataError
from rlvr.tasks.format_ifeval import load_ifeval
from rlvr.verifiers.format import FormatVerifier

# Shaped like google/IFEval input_data.jsonl as the datasets library exports it: every kwargs key, nulls included
NULLS = {k: None for k in ("num_highlights", "relation", "num_words", "num_placeholders", "prompt_to_repeat", "num_bullets",
                           "section_spliter", "num_sections", "capital_relation", "capital_frequency", "keywords", "num_paragraphs",
                           "language", "let_relation", "letter", "let_frequency", "end_phrase", "forbidden_words", "keyword",
                           "frequency", "num_sentences", "postscript_marker", "first_word", "nth_paragraph")}
ROWS = [
    {"key": 1000, "prompt": "Write a 300+ word summary of the wikipedia page. Do not use any commas and highlight at least 3 sections.",
     "instruction_id_list": ["punctuation:no_comma", "detectable_format:number_highlighted_sections", "length_constraints:number_words"],
     "kwargs": [dict(NULLS), {**NULLS, "num_highlights": 3}, {**NULLS, "relation": "at least", "num_words": 300}]},
    {"key": 1001, "prompt": "I am planning a trip. Write a note with a postscript starting with P.S.",
     "instruction_id_list": ["detectable_content:postscript"], "kwargs": [{**NULLS, "postscript_marker": "P.S."}]},
]


def test_ifeval_rows_load_with_ids_and_kwargs_unchanged(tmp_path):
    p = tmp_path / "input_data.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    tasks = load_ifeval(p)
    assert [t.id for t in tasks] == ["ifeval/1000", "ifeval/1001"]
    assert tasks[0].meta["constraints"][2] == {"id": "length_constraints:number_words", "kwargs": {"relation": "at least", "num_words": 300}}
    verifier = FormatVerifier()
    assert verifier.verify(tasks[1], "Have fun on the trip.\n\nP.S. Pack an umbrella.").status == "pass"
    v = verifier.verify(tasks[0], "A *short* summary, with a comma.")
    assert v.status == "fail" and "punctuation:no_comma" in v.reason


def test_a_bad_row_names_its_line(tmp_path):
    p = tmp_path / "input_data.jsonl"
    bad = {**ROWS[1], "instruction_id_list": ["detectable_content:postscrpt"]}
    p.write_text(json.dumps(ROWS[0]) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(DataError, match=r"input_data.jsonl:2 .*detectable_content:postscript"):
        load_ifeval(p)


def test_rlvr_tasks_import_detects_ifeval_and_rlvr_verify_scores_it(tmp_path):
    from tests.conftest import run_rlvr

    src, tasks, pairs, out = (tmp_path / n for n in ("input_data.jsonl", "tasks.jsonl", "pairs.jsonl", "verdicts.jsonl"))
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    r = run_rlvr("tasks", "import", str(src), "-o", str(tasks), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["format"] == "ifeval"
    rows = [json.loads(line) for line in tasks.read_text().splitlines()]
    pairs.write_text(json.dumps({"task": rows[1], "completion": "Enjoy the trip.\n\nP.S. Pack an umbrella."}) + "\n")
    r = run_rlvr("verify", str(pairs), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["status"] == "pass"
