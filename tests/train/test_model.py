"""The built-in model and load_model: save/load by path, the chat template, and one-line load errors."""

from __future__ import annotations

import pytest
import torch

from rlvr.errors import ModelLoadError
from rlvr.prompting import PROTOCOL_HINT, build_prompt
from rlvr.train.model import build_tiny_model, load_model
from rlvr.types import Task


def test_saved_tiny_model_loads_back_by_path_with_same_weights(tmp_path):
    model, tok = build_tiny_model("tiny", out_dir=tmp_path)
    loaded, tok2 = load_model(str(tmp_path))
    for (name, a), (_, b) in zip(model.state_dict().items(), loaded.state_dict().items()):
        assert torch.equal(a, b), name
    text = "Final answer (likely): -3.5\nI don't know!"
    assert tok2.decode(tok2(text)["input_ids"]) == text
    assert len(tok2(text)["input_ids"]) == len(text)  # one token per character


def test_chat_roles_are_single_tokens_and_builtin_prompt_is_compact(tmp_path):
    build_tiny_model("tiny", out_dir=tmp_path)
    _, tok = load_model(tmp_path)  # the compact-prompt flag survives save/load
    task = Task(id="t", suite="nosuch", prompt="What is 2+3?")
    prompt = build_prompt(task, tok)
    assert prompt == "<|user|>What is 2+3?\n<|assistant|>"
    tok.init_kwargs.pop("rlvr_prompt")  # any other chat model gets the protocol instruction
    assert PROTOCOL_HINT in build_prompt(task, tok)
    ids = tok(prompt)["input_ids"]
    assert ids[0] == tok.convert_tokens_to_ids("<|user|>") and ids[-1] == tok.convert_tokens_to_ids("<|assistant|>")


def test_small_preset_is_bigger_than_tiny():
    tiny, _ = build_tiny_model("tiny")
    small, _ = build_tiny_model("small")
    assert sum(p.numel() for p in small.parameters()) > 3 * sum(p.numel() for p in tiny.parameters())


@pytest.mark.parametrize("bad", ["/no/such/model/dir", "./missing-model", "a/b/c"])
def test_missing_model_path_is_one_clear_line(bad):
    with pytest.raises(ModelLoadError) as e:
        load_model(bad)
    assert "\n" not in str(e.value) and "HFValidationError" not in str(e.value)
    assert "does not exist" in str(e.value)


def test_folder_without_config_is_refused(tmp_path):
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="not a model folder"):
        load_model(tmp_path)


def test_unknown_hub_id_offline_is_one_line(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelLoadError) as e:
        load_model("no-such-org/no-such-model-rlvr")
    assert "\n" not in str(e.value) and "cannot load model" in str(e.value)


def test_cli_prints_one_line_for_bad_model(tmp_path, capsys):
    from rlvr.cli import main

    assert main(["export", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "does not exist" in err and not (tmp_path / "out").exists()


def test_train_with_bad_model_leaves_no_run_folder(tmp_path, capsys):
    from rlvr.cli import main

    out = tmp_path / "run"
    assert main(["train", "sft", "--model", str(tmp_path / "nope"), "--out", str(out), "--steps", "1"]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "does not exist" in err
    assert not out.exists()  # no config.yaml or empty folders left behind by a run that never started
