"""``rlvr eval`` end to end on a tiny local model: every output file, rescore, compare, overlap refusal, bad paths."""

import json
import shutil

import pytest
import yaml

from rlvr.train.model import build_tiny_model
from tests.conftest import FIXTURES, run_rlvr

PLUGIN = ["--plugin", str(FIXTURES / "local_plugin.py")]  # the echo suite: "Repeat: abcd" -> "Final answer: abcd"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("tiny")
    build_tiny_model("tiny", out_dir=d, seed=1)
    return d


@pytest.fixture(scope="module")
def run_dir(model_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("evalrun") / "run"
    p = run_rlvr(*PLUGIN, "eval", "--model", str(model_dir), "--suites", "echo", "--n", "3", "-k", "2",
                 "--difficulty", "1-2", "--max-new-tokens", "8", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "accuracy [95% CI]" in p.stdout and "echo" in p.stdout  # the printed table
    return out


def test_results_json_holds_every_headline_metric(run_dir, model_dir):
    r = json.loads((run_dir / "results.json").read_text())
    assert r["schema"] == "rlvr.eval.results" and r["schema_version"] == 1
    assert r["n_tasks"] == 6 and r["n_samples"] == 12 and r["settings"]["k"] == 2
    assert 0.0 <= r["accuracy"] <= 1.0 and len(r["accuracy_ci"]) == 2 and r["accuracy_ci"][0] <= r["accuracy_ci"][1]
    assert 0.0 <= r["confident_error_rate"] <= 1.0
    assert set(r["pass_at_k"]) == {"1", "2"}
    assert {"verifier", "likelihood"} == set(r["best_of_k"]) and "value" in r["maj_at_k"]
    assert sum(r["stance"]["rates"].values()) == pytest.approx(1.0)
    assert set(r["expected_reward"]) == {"schulman", "binary", "graded"}
    assert r["verifier"]["by_verifier"]["echo@1"]["samples"] == 12
    assert set(r["by_difficulty"]) == {"1", "2"} and set(r["by_suite_difficulty"]["echo"]) == {"1", "2"}
    assert r["run"]["model"] == str(model_dir) and r["run"]["split"] == "heldout" and r["run"]["training"] is None


def test_samples_jsonl_has_prompt_completion_verdict_and_stance(run_dir):
    rows = [json.loads(line) for line in (run_dir / "samples.jsonl").read_text().splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert row["task"]["prompt"] in row["prompt"] and row["prompt"].endswith("<|assistant|>")
        assert isinstance(row["completion"], str) and row["n_tokens"] <= 8
        assert row["verdict"]["status"] in ("pass", "fail") and row["verdict"]["verifier"] == "echo"
        assert row["stance"]["kind"] in ("unhedged", "hedged", "abstain") and row["stance"]["mode"] == "protocol"
        assert row["task"]["meta"]["split"] == "heldout"
    assert sorted({(r["task"]["id"], r["sample"]) for r in rows}) == sorted((r["task"]["id"], r["sample"]) for r in rows)


def test_report_and_plots_are_written(run_dir):
    report = (run_dir / "report.md").read_text()
    assert report.startswith("# Evaluation report")
    assert "| echo | 6 |" in report and "## By difficulty" in report and "expected reward (schulman)" in report
    for name in ("accuracy_by_difficulty", "reliability", "risk_coverage", "hedge_rates"):
        png = run_dir / f"{name}.png"
        assert f"]({name}.png)" in report
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 5000, name


def test_rescore_picks_up_a_changed_verdict_and_compare_shows_the_gain(run_dir, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(run_dir, before)
    after = tmp_path / "after"
    shutil.copytree(run_dir, after)
    rows = [json.loads(line) for line in (after / "samples.jsonl").read_text().splitlines()]
    # stand-in for a verifier fix: one saved completion is now the right answer for its task
    rows[0]["completion"] = f"Final answer: {rows[0]['task']['answer']}"
    (after / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    p = run_rlvr(*PLUGIN, "eval", "rescore", str(after), "--json")
    assert p.returncode == 0, p.stderr
    new = json.loads(p.stdout)
    old = json.loads((before / "results.json").read_text())
    assert new["rescored"]["verdicts_changed"] == 1
    assert new["accuracy"] == pytest.approx(old["accuracy"] + 0.5 / 6, abs=1e-6)
    assert json.loads((after / "results.json").read_text())["accuracy"] == new["accuracy"]
    assert json.loads((after / "results.prev.json").read_text())["accuracy"] == old["accuracy"]
    p = run_rlvr("eval", "compare", str(before), str(after), "--json")
    assert p.returncode == 0, p.stderr
    cmp = json.loads(p.stdout)
    assert cmp["paired"] is True and cmp["metrics"]["accuracy"]["diff"] == pytest.approx(0.5 / 6, abs=1e-6)
    assert cmp["same_seed"] is True and cmp["identical_samples"] == pytest.approx(1 - 1 / len(rows))  # one row changed
    lo, hi = cmp["metrics"]["accuracy"]["ci"]
    assert lo <= cmp["metrics"]["accuracy"]["diff"] <= hi


def test_training_tasks_in_the_eval_set_are_refused(model_dir, tmp_path):
    # a training run folder as `rlvr train` writes it, holding the model; it trained on echo's train split
    run = tmp_path / "trainrun"
    shutil.copytree(model_dir, run / "sft")
    cfg = {"data": {"suites": ["echo"], "generators": ["word"], "train_size": 20, "difficulty": 1, "seed": 0}}
    (run / "config.yaml").write_text(yaml.safe_dump(cfg))
    out = tmp_path / "out"
    p = run_rlvr(*PLUGIN, "eval", "--model", str(run / "sft"), "--split", "train", "--n", "3", "--out", str(out))
    assert p.returncode == 2
    err = p.stderr.strip()
    assert len(err.splitlines()) == 1 and "also appear in the training data" in err and "config.yaml" in err
    assert not out.exists()  # nothing half-written
    # the same problems copied into a task file (no problem_hash, other ids) are refused too
    from rlvr import registry

    registry.load_plugin_file(FIXTURES / "local_plugin.py")
    copied = [{"id": f"file-{i}", "suite": "echo", "prompt": t.prompt, "answer": t.answer}
              for i, t in enumerate(registry.get_suite("echo").generate(3, split="train", difficulty=1))]
    data = tmp_path / "copied.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in copied))
    p = run_rlvr(*PLUGIN, "eval", "--model", str(run / "sft"), "--data", str(data), "--out", str(out))
    assert p.returncode == 2 and "3 of 3 eval task(s) also appear" in p.stderr and not out.exists()
    # --ood asks for one level above the hardest the record shows (SFT worked 1, hedged 2, I-don't-know 3)
    p = run_rlvr(*PLUGIN, "eval", "--model", str(run / "sft"), "--ood", "--n", "2", "--max-new-tokens", "4", "--json",
                 "--out", str(out))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert set(r["by_difficulty"]) == {"4"} and r["run"]["training"]["levels"]["echo"] == [1, 2, 3]
    assert "none of the 2 eval tasks" in p.stderr


@pytest.mark.parametrize("bad", ["/no/such/model", "./missing-model-dir"])
def test_bad_model_path_is_one_line_and_exit_2(bad, tmp_path):
    p = run_rlvr(*PLUGIN, "eval", "--model", bad, "--suites", "echo", "--out", str(tmp_path / "o"))
    assert p.returncode == 2
    assert p.stderr.strip().startswith("error:") and len(p.stderr.strip().splitlines()) == 1 and bad in p.stderr
    assert not (tmp_path / "o").exists()


def test_rescore_of_a_folder_that_is_not_a_run_is_one_line(tmp_path):
    p = run_rlvr("eval", "rescore", str(tmp_path))
    assert p.returncode == 2 and "has no results.json" in p.stderr and len(p.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("flag,value,message", [
    ("-k", "0", "-k must be a whole number of at least 1"),
    ("--max-new-tokens", "0", "--max-new-tokens must be a whole number of at least 1"),
    ("--batch-size", "0", "--batch-size must be a whole number of at least 1"),
    ("--temperature", "-0.5", "--temperature must be 0 (greedy) or more"),
    ("--top-p", "1.5", "--top-p must be in (0, 1]"),
])
def test_sampling_settings_that_cannot_work_are_one_line_before_anything_runs(model_dir, tmp_path, flag, value, message):
    p = run_rlvr(*PLUGIN, "eval", "--model", str(model_dir), "--suites", "echo", "--n", "2", flag, value,
                 "--out", str(tmp_path / "o"))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines() == [f"error: {message}, got {float(value) if '.' in value else value}"]
    assert not (tmp_path / "o").exists()
