"""Run configs: YAML + --set overrides, unknown keys named with a suggestion, bad values named."""

from typing import Literal

import pytest

from rlvr.config import StrictModel, load_config
from rlvr.errors import ConfigError


class Train(StrictModel):
    lr: float = 1e-3
    steps: int = 10
    algo: Literal["grpo", "rloo"] = "grpo"


class Model(StrictModel):
    name_or_path: str = "tiny"


class Cfg(StrictModel):
    train: Train = Train()
    model: Model = Model()
    suites: list[str] = ["math"]


def test_defaults_without_a_file():
    assert load_config(Cfg, None).train.lr == 1e-3


def test_yaml_file_then_overrides_win(tmp_path):
    p = tmp_path / "run.yaml"
    p.write_text("train:\n  lr: 0.01\n  steps: 5\nsuites: [math, logic]\n")
    cfg = load_config(Cfg, p, ["train.lr=1e-5", "train.algo=rloo", "suites=[code]"])
    assert cfg.train.lr == 1e-5  # "1e-5" is a float, although YAML 1.1 would read it as a string
    assert cfg.train.steps == 5 and cfg.train.algo == "rloo" and cfg.suites == ["code"]


def test_unknown_key_names_its_path_and_a_suggestion(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown key 'train.lrr'; did you mean 'train.lr'\?"):
        load_config(Cfg, None, ["train.lrr=1"])
    p = tmp_path / "run.yaml"
    p.write_text("modle:\n  name_or_path: x\n")
    with pytest.raises(ConfigError, match=r"run.yaml: unknown key 'modle'; did you mean 'model'"):
        load_config(Cfg, p)


def test_wrong_type_names_field_and_value():
    with pytest.raises(ConfigError, match=r"train.steps = 'many'"):
        load_config(Cfg, None, ["train.steps=many"])
    with pytest.raises(ConfigError, match=r"train.algo = 'ppo'"):
        load_config(Cfg, None, ["train.algo=ppo"])


def test_malformed_yaml_names_the_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("train:\n  lr: 1\n  steps: [1, 2\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML at line \d"):
        load_config(Cfg, p)


def test_override_syntax_errors_are_clear(tmp_path):
    with pytest.raises(ConfigError, match="KEY.PATH=VALUE"):
        load_config(Cfg, None, ["train.lr"])
    with pytest.raises(ConfigError, match="is a value, not a section"):
        load_config(Cfg, None, ["train.lr=1", "train.lr.x=2"])
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(Cfg, tmp_path / "missing.yaml")


def test_the_error_names_only_the_override_that_caused_it(tmp_path):
    p = tmp_path / "run.yaml"
    p.write_text("train:\n  lr: 0.01\n")
    many = ["train.steps=5", "suites=[math]", "train.lrr=1", "train.algo=rloo"]
    with pytest.raises(ConfigError) as e:
        load_config(Cfg, p, many)
    assert str(e.value).startswith("--set train.lrr=1: unknown key 'train.lrr'") and "suites" not in str(e.value).split(";")[0]
    p.write_text("train:\n  steps: many\n")
    with pytest.raises(ConfigError, match=r"^.*run.yaml: train.steps = 'many'"):  # not an override: the file is named
        load_config(Cfg, p, ["train.lr=1e-5"])
