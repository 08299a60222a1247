"""The built-in default model (a tiny Llama with a character tokenizer) and ``load_model`` for any causal LM.

Nothing is downloaded: the tokenizer is built locally from the task alphabet (every printable ASCII
character and newline, one token each) plus special tokens and a chat template, and the model is a
randomly initialised ``LlamaForCausalLM``. Both are saved with ``save_pretrained`` so the folder loads
back like any hub model.

>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> model, tok = build_tiny_model("tiny", out_dir=d)
>>> tok.decode(tok("Final answer: 47")["input_ids"])
'Final answer: 47'
>>> m2, t2 = load_model(d)
>>> sum(p.numel() for p in m2.parameters()) == sum(p.numel() for p in model.parameters())
True
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rlvr.errors import ModelLoadError, UsageError

__all__ = ["PRESETS", "ModelPreset", "CHAT_TEMPLATE", "SPECIAL_TOKENS", "build_tokenizer", "build_tiny_model", "load_model", "quiet_transformers"]

SPECIAL_TOKENS = ["<pad>", "<eos>", "<bos>", "<unk>", "<|system|>", "<|user|>", "<|assistant|>"]
ALPHABET = [chr(c) for c in range(32, 127)] + ["\n"]  # printable ASCII + newline: every task prompt and answer
# Roles as single tokens keep prompts short for a character model; the assistant turn ends with <eos>.
CHAT_TEMPLATE = (
    "{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] }}"
    "{% if m['role'] == 'assistant' %}{{ '<eos>' }}{% else %}{{ '\n' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)


@dataclass(frozen=True)
class ModelPreset:
    """Sizes of a built-in model; ``tiny`` trains on 2 CPU cores in minutes."""

    hidden_size: int
    intermediate_size: int
    num_hidden_layers: int
    num_attention_heads: int
    max_position_embeddings: int = 1024  # RoPE: no parameters, just the longest prompt + completion


PRESETS: dict[str, ModelPreset] = {
    "tiny": ModelPreset(hidden_size=128, intermediate_size=512, num_hidden_layers=4, num_attention_heads=4),  # ~1.1M params
    "small": ModelPreset(hidden_size=256, intermediate_size=1024, num_hidden_layers=6, num_attention_heads=8),  # ~6.3M params
}


def quiet_transformers() -> None:
    """Silence transformers' per-load progress bars and advisory warnings (rlvr prints its own progress)."""
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    import datasets

    datasets.utils.logging.disable_progress_bar()
    datasets.utils.logging.set_verbosity_error()


def build_tokenizer() -> Any:
    """A character-level fast tokenizer over ``ALPHABET`` with rlvr's special tokens and chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {t: i for i, t in enumerate(SPECIAL_TOKENS + ALPHABET)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")  # one token per character
    tok.decoder = decoders.Fuse()
    tok.add_special_tokens(SPECIAL_TOKENS)  # so "<|user|>" in text is one token, not eight characters
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="<eos>", bos_token="<bos>", unk_token="<unk>",
        chat_template=CHAT_TEMPLATE, padding_side="left", model_max_length=1024,
        rlvr_prompt="compact",  # saved in tokenizer_config.json: see rlvr.prompting (no instruction text for this model)
    )


def build_tiny_model(preset: str = "tiny", out_dir: str | os.PathLike[str] | None = None, *, seed: int = 0) -> tuple[Any, Any]:
    """Build the built-in model ``(model, tokenizer)``; with ``out_dir``, save both there (loadable by path)."""
    if preset not in PRESETS:
        raise UsageError(f"unknown model preset {preset!r}; presets: {', '.join(PRESETS)}")
    quiet_transformers()
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    p = PRESETS[preset]
    tok = build_tokenizer()
    cfg = LlamaConfig(
        vocab_size=len(tok), hidden_size=p.hidden_size, intermediate_size=p.intermediate_size,
        num_hidden_layers=p.num_hidden_layers, num_attention_heads=p.num_attention_heads,
        num_key_value_heads=p.num_attention_heads, max_position_embeddings=p.max_position_embeddings,
        tie_word_embeddings=True, pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
    )
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = LlamaForCausalLM(cfg)
    model.generation_config.pad_token_id = tok.pad_token_id
    model.generation_config.eos_token_id = tok.eos_token_id
    if out_dir is not None:
        save_model(model, tok, out_dir, extra={"rlvr_preset": preset})
    return model, tok


def save_model(model: Any, tokenizer: Any, out_dir: str | os.PathLike[str], *, extra: dict[str, Any] | None = None) -> Path:
    """Save model and tokenizer into ``out_dir`` (a LoRA model saves its adapter only) plus ``rlvr_model.json``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    if extra:
        from rlvr.jsonl import write_json

        write_json(out / "rlvr_model.json", extra)
    return out


def _looks_like_path(s: str) -> bool:
    """A hub id is ``name`` or ``org/name``; anything else (./x, /x, a/b/c, x/) is meant as a folder."""
    return s.startswith((".", "/", "~")) or s.endswith("/") or s.count("/") > 1 or "\\" in s


def load_model(path_or_id: str | os.PathLike[str], *, adapter: str | os.PathLike[str] | None = None, trainable: bool = False) -> tuple[Any, Any]:
    """Load any causal LM that transformers loads (folder or hub id), optionally with a peft adapter.

    A folder that holds only a LoRA adapter (``adapter_config.json``) loads its base model first;
    ``trainable=True`` keeps the adapter's weights trainable (to continue training it).
    Every failure is one ModelLoadError line saying what to do, never a transformers traceback.
    """
    quiet_transformers()
    src = str(path_or_id)
    p = Path(src).expanduser()
    if p.is_dir() and (p / "adapter_config.json").is_file() and not (p / "config.json").is_file() and adapter is None:
        base = json.loads((p / "adapter_config.json").read_text()).get("base_model_name_or_path")
        if not base:
            raise ModelLoadError(f"{p} holds a LoRA adapter without base_model_name_or_path; pass the base model and --adapter {p}")
        model, tok = load_model(base, adapter=p, trainable=trainable)
        return model, tok
    if _looks_like_path(src) or p.exists():
        if not p.exists():
            raise ModelLoadError(f"model path {src} does not exist; give a model folder (config.json + weights) or a hub id")
        if not p.is_dir() or not (p / "config.json").is_file():
            raise ModelLoadError(f"{src} is not a model folder (no config.json); save one with save_pretrained or run `rlvr quickstart`")
        src = str(p)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(src)
        model = AutoModelForCausalLM.from_pretrained(src, dtype="auto")
    except Exception as e:  # transformers raises a dozen types (HFValidationError, OSError, ValueError ...)
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        where = "no such local folder, and " if not p.exists() else ""
        raise ModelLoadError(f"cannot load model {src!r}: {where}{first[:300]} (give a model folder or a hub id cached offline)") from None
    if tok.pad_token is None:  # many hub tokenizers ship no pad token; batched generation needs one
        tok.pad_token = tok.eos_token
    if adapter is not None:
        model = _attach_adapter(model, adapter, trainable)
    return model, tok


def _attach_adapter(model: Any, adapter: str | os.PathLike[str], trainable: bool = False) -> Any:
    a = Path(adapter).expanduser()
    if not (a / "adapter_config.json").is_file():
        raise ModelLoadError(f"adapter {a} has no adapter_config.json; give the folder a LoRA run saved")
    from peft import PeftModel

    try:
        return PeftModel.from_pretrained(model, str(a), is_trainable=trainable)
    except Exception as e:
        raise ModelLoadError(f"cannot attach adapter {a}: {str(e).strip().splitlines()[0][:300]}") from None
