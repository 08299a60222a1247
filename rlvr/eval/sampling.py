"""Sampling k completions per prompt, batched, with each completion's log-likelihood under the model.

HF ``generate`` runs everywhere (CPU included); vLLM is used only when it is installed AND a CUDA GPU
is present AND the model is a plain folder vLLM can load itself (no peft adapter attached).

Log-likelihoods come from one extra forward pass over prompt + completion with the raw logits
(temperature 1), not from the sampler's warped scores: "how likely the model finds this answer" must
not depend on the temperature it was sampled at. Best-of-k by likelihood picks by the mean token
log-probability, so a short answer is not preferred just for being short.

>>> from rlvr.train.model import build_tiny_model
>>> model, tok = build_tiny_model("tiny")
>>> out = generate(model, tok, ["<|user|>1+1?\\n<|assistant|>"], k=2, temperature=1.0, max_new_tokens=4)
>>> len(out[0]), all(s.n_tokens <= 4 and s.loglik_mean <= 0 for s in out[0])
(2, True)
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rlvr import console

__all__ = ["Sample", "generate", "vllm_usable"]

LOGITS_BUDGET = 2**26  # floats (256 MiB) of logits per likelihood forward pass; sets how many rows share one


@dataclass(frozen=True)
class Sample:
    """One completion: its text, length in tokens, log-likelihood, and whether it ran out of tokens."""

    completion: str
    n_tokens: int
    loglik_sum: float
    loglik_mean: float
    truncated: bool  # reached max_new_tokens without an end-of-sequence token
    token_ids: tuple[int, ...] = ()  # the generated ids through the EOS (special tokens the text drops included)


def vllm_usable(model: Any) -> bool:
    """True when vLLM can do the generation: installed, a CUDA GPU, and a plain model folder (no adapter)."""
    if importlib.util.find_spec("vllm") is None:
        return False
    import torch

    if not torch.cuda.is_available():
        return False
    return not hasattr(model, "peft_config") and bool(getattr(model, "name_or_path", ""))


def generate(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[str],
    *,
    k: int = 1,
    temperature: float = 0.0,
    top_p: float = 1.0,
    max_new_tokens: int = 256,
    batch_size: int = 16,
    seed: int = 0,
    backend: str = "auto",
) -> list[list[Sample]]:
    """``k`` samples for each prompt (in prompt order). ``temperature == 0`` is greedy decoding.

    ``batch_size`` counts sequences per ``generate`` call (prompts x k). Greedy decoding gives k equal
    samples, so it generates once per prompt and repeats the result.
    """
    if backend not in ("auto", "hf", "vllm"):
        raise ValueError(f"backend must be auto, hf or vllm, got {backend!r}")
    if backend == "vllm" or (backend == "auto" and vllm_usable(model)):
        return _generate_vllm(model, tokenizer, prompts, k=k, temperature=temperature, top_p=top_p,
                              max_new_tokens=max_new_tokens, seed=seed)
    return _generate_hf(model, tokenizer, prompts, k=k, temperature=temperature, top_p=top_p,
                        max_new_tokens=max_new_tokens, batch_size=batch_size, seed=seed)


def _generate_hf(model: Any, tokenizer: Any, prompts: Sequence[str], *, k: int, temperature: float, top_p: float,
                 max_new_tokens: int, batch_size: int, seed: int) -> list[list[Sample]]:
    import torch

    greedy = temperature <= 0
    draws = 1 if greedy else k
    per_call = max(1, batch_size // draws)
    # Chat-templated prompts already hold any BOS the template wants; adding it again shifts the model.
    add_special = not getattr(tokenizer, "chat_template", None)
    encoded = [tokenizer(p, add_special_tokens=add_special)["input_ids"] for p in prompts]
    order = sorted(range(len(prompts)), key=lambda i: len(encoded[i]))  # similar lengths share a batch: less padding
    results: list[list[Sample]] = [[] for _ in prompts]
    eos_ids = _eos_ids(model, tokenizer)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos_ids[0]
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    try:
        with torch.random.fork_rng(devices=[]), torch.no_grad(), console.progress() as bar:
            job = bar.add_task(f"generating {len(prompts)} x {k}", total=len(prompts))
            for start in range(0, len(order), per_call):
                idx = order[start:start + per_call]
                # Seeded per batch, not once: a batch's random numbers then depend on the seed and its place only,
                # not on how many tokens earlier batches drew. Two models evaluated on the same prompts with the
                # same seed share them (common random numbers): where their next-token distributions agree they
                # sample the same token, so a paired comparison (`rlvr eval compare`) measures the models'
                # difference, not sampling luck. Each sample is still an unbiased draw from its own model.
                torch.manual_seed(batch_seed(seed, start))
                batch = _left_pad([encoded[i] for i in idx], pad_id, device)
                kwargs: dict[str, Any] = {"max_new_tokens": max_new_tokens, "pad_token_id": pad_id, "eos_token_id": eos_ids}
                if greedy:
                    kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
                else:
                    kwargs.update(do_sample=True, temperature=temperature, top_p=top_p, top_k=0, num_return_sequences=draws)
                out = model.generate(**batch, **kwargs)
                prompt_len = batch["input_ids"].shape[1]
                new = out[:, prompt_len:]
                samples = _score(model, tokenizer, batch, new, eos_ids, pad_id, max_new_tokens)
                for j, i in enumerate(idx):
                    mine = samples[j * draws:(j + 1) * draws]
                    results[i] = mine * k if greedy else mine
                bar.advance(job, len(idx))
    finally:
        model.train(was_training)
    return results


def batch_seed(seed: int, start: int) -> int:
    """The torch seed of the generate batch that begins at sorted-prompt position ``start``."""
    return (seed * 1_000_003 + start) % (2**63)


def _eos_ids(model: Any, tokenizer: Any) -> list[int]:
    ids = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    ids = [ids] if isinstance(ids, int) else list(ids or [])
    if tokenizer.eos_token_id is not None and tokenizer.eos_token_id not in ids:
        ids.append(tokenizer.eos_token_id)
    if not ids:
        raise ValueError("the tokenizer and model define no end-of-sequence token; set tokenizer.eos_token")
    return ids


def _left_pad(seqs: list[list[int]], pad_id: int, device: Any) -> dict[str, Any]:
    import torch

    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for r, s in enumerate(seqs):
        if s:
            ids[r, width - len(s):] = torch.tensor(s, dtype=torch.long)
            mask[r, width - len(s):] = 1
    return {"input_ids": ids.to(device), "attention_mask": mask.to(device)}


def _score(model: Any, tokenizer: Any, batch: dict[str, Any], new: Any, eos_ids: list[int], pad_id: int,
           max_new_tokens: int) -> list[Sample]:
    """Decode each generated row up to its first EOS and compute its log-likelihood with raw logits."""
    import torch

    rows = new.shape[0]
    reps = rows // batch["input_ids"].shape[0]
    prompt_ids = batch["input_ids"].repeat_interleave(reps, dim=0)
    prompt_mask = batch["attention_mask"].repeat_interleave(reps, dim=0)
    lengths, ended = [], []
    for r in range(rows):
        toks = new[r].tolist()
        stop = next((t for t, tok in enumerate(toks) if tok in eos_ids), None)
        ended.append(stop is not None)
        lengths.append(stop + 1 if stop is not None else len(toks))  # the EOS token is part of the answer's likelihood
    comp_mask = torch.zeros_like(new)
    for r, n in enumerate(lengths):
        comp_mask[r, :n] = 1
    ids = torch.cat([prompt_ids, new], dim=1)
    mask = torch.cat([prompt_mask, comp_mask], dim=1)
    width = new.shape[1]
    keep = _keeps_logits(model)
    vocab = int(getattr(model.config, "vocab_size", 0) or 50_000)
    chunk = max(1, min(rows, LOGITS_BUDGET // max(1, (width + 1 if keep else ids.shape[1]) * vocab)))
    sums: list[float] = []
    for s in range(0, rows, chunk):
        m = mask[s:s + chunk]
        # positions count real tokens only, as generate does: left padding must not shift the prompt
        positions = (m.cumsum(-1) - 1).clamp(min=0)
        extra = {"logits_to_keep": width + 1} if keep else {}  # only the completion's positions: a big vocab stays small
        logits = model(input_ids=ids[s:s + chunk], attention_mask=m, position_ids=positions, **extra).logits
        logits = logits[:, -(width + 1):-1]
        logp = torch.log_softmax(logits.float(), dim=-1)
        tok_lp = logp.gather(-1, new[s:s + chunk].unsqueeze(-1)).squeeze(-1) * comp_mask[s:s + chunk]
        sums.extend(tok_lp.sum(dim=1).tolist())
    out = []
    for r in range(rows):
        text = tokenizer.decode(new[r, :lengths[r]].tolist(), skip_special_tokens=True)
        n = lengths[r]
        out.append(Sample(text, n, float(sums[r]), float(sums[r] / n) if n else 0.0,
                          truncated=not ended[r] and n >= max_new_tokens, token_ids=tuple(new[r, :n].tolist())))
    return out


def _keeps_logits(model: Any) -> bool:
    """Whether the model's forward takes ``logits_to_keep`` (most transformers causal LMs do; peft passes it through)."""
    import inspect

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    try:
        return "logits_to_keep" in inspect.signature(base.forward).parameters
    except (TypeError, ValueError):
        return False


def _generate_vllm(model: Any, tokenizer: Any, prompts: Sequence[str], *, k: int, temperature: float, top_p: float,
                   max_new_tokens: int, seed: int) -> list[list[Sample]]:
    """Generation through vLLM (GPU only). Likelihoods are vLLM's cumulative log-probs of the sampled tokens."""
    from vllm import LLM, SamplingParams  # type: ignore[import-not-found]

    start = time.perf_counter()
    llm = LLM(model=model.name_or_path, tokenizer=getattr(tokenizer, "name_or_path", None) or model.name_or_path, seed=seed)
    params = SamplingParams(n=1 if temperature <= 0 else k, temperature=max(temperature, 0.0), top_p=top_p,
                            max_tokens=max_new_tokens, logprobs=0, seed=seed)
    outputs = llm.generate(list(prompts), params)
    results = []
    for o in outputs:
        samples = []
        for c in o.outputs:
            n = max(len(c.token_ids), 1)
            lp = float(c.cumulative_logprob or 0.0)
            samples.append(Sample(c.text, len(c.token_ids), lp, lp / n, truncated=c.finish_reason == "length"))
        results.append(samples * k if temperature <= 0 else samples)
    console.debug(f"vLLM generated {len(prompts)} x {k} in {time.perf_counter() - start:.1f}s")
    return results
