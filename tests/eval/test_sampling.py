"""Sampling: likelihoods match a direct forward pass, batching does not change results, greedy repeats, peft works."""

import pytest
import torch

from rlvr.eval.sampling import generate
from rlvr.train.model import build_tiny_model

LONG = "<|user|>What is 12+35? Think step by step, please.\n<|assistant|>"
SHORT = "<|user|>2+2?\n<|assistant|>"


@pytest.fixture(scope="module")
def tiny():
    return build_tiny_model("tiny", seed=3)


def _direct_loglik(model, tok, prompt, sample):
    ids = tok(prompt, add_special_tokens=False)["input_ids"]
    full = torch.tensor([ids + list(sample.token_ids)])
    with torch.no_grad():
        lp = torch.log_softmax(model(full).logits[0, len(ids) - 1:-1].float(), -1)
    return lp.gather(-1, full[0, len(ids):, None]).sum().item()


def test_loglik_equals_a_direct_forward_pass_even_when_left_padded(tiny):
    model, tok = tiny
    # SHORT is left-padded to LONG's length in this batch; its likelihood must not notice
    out = generate(model, tok, [LONG, SHORT], k=2, temperature=1.0, max_new_tokens=12, seed=1)
    for prompt, samples in zip([LONG, SHORT], out):
        for s in samples:
            assert s.loglik_sum == pytest.approx(_direct_loglik(model, tok, prompt, s), abs=1e-3)
            assert s.loglik_mean == pytest.approx(s.loglik_sum / s.n_tokens)
            assert len(s.token_ids) == s.n_tokens


def test_greedy_completions_do_not_depend_on_batch_company(tiny):
    model, tok = tiny
    alone = generate(model, tok, [SHORT], max_new_tokens=10)[0][0]
    batched = generate(model, tok, [LONG, SHORT, LONG], max_new_tokens=10, batch_size=3)[1][0]
    assert batched.completion == alone.completion
    assert batched.loglik_sum == pytest.approx(alone.loglik_sum, abs=1e-3)


def test_greedy_gives_k_equal_samples_and_sampling_is_seeded(tiny):
    model, tok = tiny
    greedy = generate(model, tok, [SHORT], k=3, max_new_tokens=8)[0]
    assert len(greedy) == 3 and len({s.completion for s in greedy}) == 1
    a = generate(model, tok, [SHORT], k=4, temperature=1.0, max_new_tokens=8, seed=5)[0]
    b = generate(model, tok, [SHORT], k=4, temperature=1.0, max_new_tokens=8, seed=5)[0]
    assert [s.completion for s in a] == [s.completion for s in b]
    assert len({s.completion for s in a}) > 1  # a random 1M model at T=1 does not repeat itself


def test_a_batch_draws_the_same_random_numbers_however_long_earlier_batches_ran(tiny, monkeypatch):
    # Common random numbers: two models (or runs) evaluated on the same prompts with the same seed must share
    # each batch's draws, or one batch that runs a few tokens longer desynchronises every sample after it.
    model, tok = tiny
    first_a, first_b = "<|user|>1+2?\n<|assistant|>", "<|user|>7+9?\n<|assistant|>"  # same length: same batching
    real = model.generate

    def longer_for_some(**kw):  # stands in for a batch that sampled more tokens than another model's did
        torch.rand(int(kw["input_ids"][0, -4]) * 7)
        return real(**kw)

    monkeypatch.setattr(model, "generate", longer_for_some)
    one = generate(model, tok, [first_a, SHORT], k=3, temperature=1.0, max_new_tokens=10, batch_size=3, seed=4)
    two = generate(model, tok, [first_b, SHORT], k=3, temperature=1.0, max_new_tokens=10, batch_size=3, seed=4)
    assert [s.completion for s in one[1]] == [s.completion for s in two[1]]
    assert [s.completion for s in one[0]] != [s.completion for s in two[0]]  # the first batches did differ


def test_truncation_is_flagged_at_the_token_limit(tiny):
    model, tok = tiny
    for s in generate(model, tok, [SHORT], k=4, temperature=1.0, max_new_tokens=3, seed=2)[0]:
        assert s.n_tokens <= 3
        assert s.truncated == (tok.eos_token_id not in s.token_ids)


def test_a_lora_adapter_model_samples_and_scores(tiny, tmp_path):
    from peft import LoraConfig, get_peft_model

    from rlvr.train.model import load_model

    model, tok = build_tiny_model("tiny", out_dir=tmp_path / "base", seed=3)
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    peft_model.save_pretrained(tmp_path / "adapter")
    loaded, tok2 = load_model(tmp_path / "base", adapter=tmp_path / "adapter")
    assert hasattr(loaded, "peft_config")
    s = generate(loaded, tok2, [SHORT], k=2, temperature=1.0, max_new_tokens=6)[0]
    assert len(s) == 2 and all(x.loglik_sum < 0 for x in s)


def test_likelihood_is_the_same_with_and_without_logits_to_keep(tiny, monkeypatch):
    from rlvr.eval import sampling

    model, tok = tiny
    fast = generate(model, tok, [LONG, SHORT], k=2, temperature=1.0, max_new_tokens=6, seed=4)
    monkeypatch.setattr(sampling, "_keeps_logits", lambda m: False)  # a model whose forward lacks the argument
    full = generate(model, tok, [LONG, SHORT], k=2, temperature=1.0, max_new_tokens=6, seed=4)
    for a, b in zip(sum(fast, []), sum(full, [])):
        assert a.token_ids == b.token_ids and a.loglik_sum == pytest.approx(b.loglik_sum, abs=1e-4)


@pytest.mark.parametrize("arch", ["gpt2", "qwen2"])
def test_other_architectures_sample_and_score_correctly(arch):
    from transformers import GPT2Config, GPT2LMHeadModel, Qwen2Config, Qwen2ForCausalLM

    from rlvr.train.model import build_tokenizer

    tok = build_tokenizer()
    ids = {"vocab_size": len(tok), "pad_token_id": tok.pad_token_id, "eos_token_id": tok.eos_token_id, "bos_token_id": tok.bos_token_id}
    torch.manual_seed(0)
    if arch == "gpt2":
        model = GPT2LMHeadModel(GPT2Config(n_embd=32, n_layer=2, n_head=2, n_positions=256, **ids))
    else:
        model = Qwen2ForCausalLM(Qwen2Config(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                                             num_key_value_heads=1, max_position_embeddings=256, **ids))
    model.eval()  # GPT-2 has dropout; the direct computation below must not use it
    out = generate(model, tok, [LONG, SHORT], k=2, temperature=1.0, max_new_tokens=6, seed=0)
    for prompt, samples in zip([LONG, SHORT], out):
        for s in samples:
            assert s.loglik_sum == pytest.approx(_direct_loglik(model, tok, prompt, s), abs=1e-3)
