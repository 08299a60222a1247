"""JSON-schema tasks: a random object schema about a topic, and a reference object that validates.

Difficulty adds properties (2 + difficulty), forbids extra properties (from 2), nests objects and
arrays of objects (from 4), and from 3 may add ``keywords:existence`` / ``keywords:forbidden_words``
/ ``detectable_format:json_format`` on top. The split key is the set of property kinds plus the extra
instruction ids, so held-out schemas are shapes never seen in training.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

from rlvr.tasks.format_content import FORBIDDEN_POOL, TOPICS, Topic
from rlvr.tasks.format_prompts import describe

__all__ = ["compose_schema", "PROPERTIES"]


def _steps(rng: random.Random, t: Topic) -> list[dict[str, Any]]:
    return [{"order": i, "text": s} for i, s in enumerate(t.sentences[: rng.randint(2, 3)], 1)]


# name -> (schema, value maker); the value maker must produce a value the schema accepts
PROPERTIES: dict[str, tuple[dict[str, Any], Any]] = {
    "title": ({"type": "string", "minLength": 3}, lambda rng, t: t.title),
    "summary": ({"type": "string", "maxLength": 200}, lambda rng, t: rng.choice(t.sentences)),
    "year": ({"type": "integer", "minimum": 1800, "maximum": 2100}, lambda rng, t: rng.randint(1800, 2100)),
    "rating": ({"type": "number", "minimum": 0, "maximum": 5}, lambda rng, t: round(rng.uniform(0, 5), 1)),
    "tags": ({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 4, "uniqueItems": True},
             lambda rng, t: rng.sample(t.keywords, k=rng.randint(2, 4))),
    "published": ({"type": "boolean"}, lambda rng, t: rng.random() < 0.5),
    "status": ({"type": "string", "enum": ["draft", "review", "final"]}, lambda rng, t: rng.choice(["draft", "review", "final"])),
    "author": ({"type": "object", "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}},
                "required": ["name", "age"], "additionalProperties": False},
               lambda rng, t: {"name": rng.choice(["Ada", "Grace", "Alan", "Edsger"]), "age": rng.randint(18, 90)}),
    "steps": ({"type": "array", "minItems": 2, "items": {"type": "object", "required": ["order", "text"],
               "properties": {"order": {"type": "integer", "minimum": 1}, "text": {"type": "string"}}}}, _steps),
}
_NESTED = ("author", "steps")


def compose_schema(rng: random.Random, difficulty: int) -> tuple[str, list[dict[str, Any]], str, str]:
    """``(prompt, constraints, reference, split_key)`` for one JSON-schema task."""
    topic = rng.choice(TOPICS)
    flat = [p for p in PROPERTIES if p not in _NESTED]
    names = rng.sample(flat, k=min(len(flat), 2 + difficulty))
    if difficulty >= 4:
        names = names[:-1] + [rng.choice(_NESTED)]
    required = sorted(names) if difficulty >= 3 else sorted(rng.sample(names, k=rng.randint(1, len(names))))
    schema: dict[str, Any] = {"type": "object", "properties": {n: PROPERTIES[n][0] for n in sorted(names)}, "required": required}
    if difficulty >= 2:
        schema["additionalProperties"] = False
    value = {n: PROPERTIES[n][1](rng, topic) for n in names}
    body = json.dumps(value, indent=2, ensure_ascii=False)
    text = f"```json\n{body}\n```" if rng.random() < 0.5 else body
    constraints: list[dict[str, Any]] = [{"id": "json_schema", "kwargs": {"schema": schema}}]
    if difficulty >= 3:
        present = [k for k in topic.keywords if re.search(re.escape(k), text, re.IGNORECASE)]
        extras = rng.sample(["keywords:existence", "keywords:forbidden_words", "detectable_format:json_format"], k=rng.randint(0, 2))
        for cid in extras:
            if cid == "keywords:existence" and present:
                constraints.append({"id": cid, "kwargs": {"keywords": [rng.choice(present)]}})
            elif cid == "keywords:forbidden_words":
                absent = [w for w in FORBIDDEN_POOL if not re.search(r"\b" + w + r"\b", text, re.IGNORECASE)]
                constraints.append({"id": cid, "kwargs": {"forbidden_words": sorted(rng.sample(absent, k=2))}})
            elif cid == "detectable_format:json_format":
                constraints.append({"id": cid, "kwargs": {}})
    prompt = " ".join([f"Describe {topic.name} as a small record."] + [describe(c) for c in constraints])
    key = "json_schema|" + ",".join(sorted(names)) + "|" + "+".join(sorted(c["id"] for c in constraints[1:]))
    return prompt, constraints, text, key
