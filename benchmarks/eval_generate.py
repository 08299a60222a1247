"""How much faster is rlvr's eval sampler than a plain per-prompt HF generate loop, likelihoods included?

Baseline: what a hand-written eval loop does: one ``model.generate(num_return_sequences=k)`` call per
prompt, no likelihoods. rlvr: ``rlvr.eval.sampling.generate``: prompts sorted by length and batched
(``--batch-size`` sequences per call), plus one extra forward pass per batch for each sample's
log-likelihood (for best-of-k by likelihood). Same model, prompts, k, temperature and token limit;
the printed ratio is baseline seconds / rlvr seconds, and the share of rlvr's time spent scoring.

    .venv/bin/python benchmarks/eval_generate.py [--prompts 48] [-k 4] [--max-new-tokens 32] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import random
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prompts", type=int, default=48)
    ap.add_argument("-k", type=int, default=4)
    ap.add_argument("--max-new-tokens", type=int, default=32)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--preset", default="tiny")
    args = ap.parse_args()

    import torch

    from rlvr.eval import sampling
    from rlvr.train.model import build_tiny_model

    model, tok = build_tiny_model(args.preset, seed=0)
    model.eval()
    rng = random.Random(0)
    # prompts of mixed lengths, like a suite mix (short arithmetic next to long code specs)
    prompts = [f"<|user|>{'Explain. ' * rng.randint(1, 30)}What is {rng.randint(10, 99)}+{rng.randint(10, 99)}?\n<|assistant|>"
               for _ in range(args.prompts)]
    kw = {"max_new_tokens": args.max_new_tokens, "pad_token_id": tok.pad_token_id, "eos_token_id": tok.eos_token_id,
          "do_sample": True, "temperature": 1.0, "top_k": 0}

    torch.manual_seed(0)
    start = time.perf_counter()
    with torch.no_grad():
        for p in prompts:
            enc = tok(p, return_tensors="pt", add_special_tokens=False)
            model.generate(**enc, num_return_sequences=args.k, **kw)
    baseline = time.perf_counter() - start

    scored = {"s": 0.0}
    real_score = sampling._score

    def timed_score(*a, **k):  # measure the likelihood pass inside rlvr's run
        t = time.perf_counter()
        out = real_score(*a, **k)
        scored["s"] += time.perf_counter() - t
        return out

    sampling._score = timed_score
    start = time.perf_counter()
    out = sampling.generate(model, tok, prompts, k=args.k, temperature=1.0, max_new_tokens=args.max_new_tokens,
                            batch_size=args.batch_size, seed=0)
    ours = time.perf_counter() - start
    sampling._score = real_score
    n = sum(len(s) for s in out)
    print(f"{args.prompts} prompts x {args.k} samples, {args.max_new_tokens} new tokens max, preset {args.preset}, torch threads {torch.get_num_threads()}")
    print(f"baseline per-prompt generate : {baseline:7.2f} s  ({n / baseline:6.1f} samples/s, no likelihoods)")
    print(f"rlvr batched generate + score: {ours:7.2f} s  ({n / ours:6.1f} samples/s; scoring {scored['s']:.2f} s = {scored['s'] / ours:.0%})")
    print(f"speed-up: {baseline / ours:.2f}x")


if __name__ == "__main__":
    main()
