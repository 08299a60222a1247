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


def _year(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    lo = rng.randint(1700, 1990)
    hi = lo + rng.randint(10, 300)
    return {"type": "integer", "minimum": lo, "maximum": hi}, rng.randint(lo, hi)


def _rating(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    top = rng.choice((5, 10, 100))
    return {"type": "number", "minimum": 0, "maximum": top}, round(rng.uniform(0, top), 1)


def _tags(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    lo = rng.randint(1, 3)
    return ({"type": "array", "items": {"type": "string"}, "minItems": lo, "maxItems": 4, "uniqueItems": True},
            rng.sample(t.keywords, k=rng.randint(lo, 4)))


def _status(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    options = rng.sample(["draft", "review", "final", "archived", "open", "closed"], k=rng.randint(2, 4))
    return {"type": "string", "enum": options}, rng.choice(options)


def _author(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    adult = rng.choice((0, 18, 21))
    schema = {"type": "object", "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": adult}},
              "required": ["name", "age"], "additionalProperties": False}
    return schema, {"name": rng.choice(["Ada", "Grace", "Alan", "Edsger", "Barbara"]), "age": rng.randint(max(adult, 18), 90)}


def _steps(rng: random.Random, t: Topic) -> tuple[dict[str, Any], Any]:
    lo = rng.randint(1, 3)
    schema = {"type": "array", "minItems": lo, "items": {"type": "object", "required": ["order", "text"],
              "properties": {"order": {"type": "integer", "minimum": 1}, "text": {"type": "string"}}}}
    return schema, [{"order": i, "text": s} for i, s in enumerate(t.sentences[: rng.randint(lo, 4)], 1)]


# name -> builder(rng, topic) -> (schema, a value the schema accepts); bounds vary per task
PROPERTIES: dict[str, Any] = {
    "title": lambda rng, t: ({"type": "string", "minLength": rng.randint(1, 5)}, t.title),
    "summary": lambda rng, t: ({"type": "string", "maxLength": rng.choice((120, 200, 280))}, rng.choice(t.sentences)),
    "year": _year,
    "rating": _rating,
    "tags": _tags,
    "published": lambda rng, t: ({"type": "boolean"}, rng.random() < 0.5),
    "status": _status,
    "author": _author,
    "steps": _steps,
}
_REQUESTS = ("Describe {topic} as a small record.", "Summarise {topic} as structured data.",
             "Turn a short note about {topic} into a JSON record.", "Give a machine-readable record about {topic}.")
_NESTED = ("author", "steps")


def compose_schema(rng: random.Random, difficulty: int) -> tuple[str, list[dict[str, Any]], str, str]:
    """``(prompt, constraints, reference, split_key)`` for one JSON-schema task."""
    topic = rng.choice(TOPICS)
    flat = [p for p in PROPERTIES if p not in _NESTED]
    names = rng.sample(flat, k=min(len(flat), 2 + difficulty))
    if difficulty >= 4:
        names = names[:-1] + [rng.choice(_NESTED)]
    required = sorted(names) if difficulty >= 3 else sorted(rng.sample(names, k=rng.randint(1, len(names))))
    built = {n: PROPERTIES[n](rng, topic) for n in names}
    schema: dict[str, Any] = {"type": "object", "properties": {n: built[n][0] for n in sorted(names)}, "required": required}
    if difficulty >= 2:
        schema["additionalProperties"] = False
    value = {n: built[n][1] for n in names}
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
    prompt = " ".join([rng.choice(_REQUESTS).format(topic=topic.name)] + [describe(c) for c in constraints])
    key = "json_schema|" + ",".join(sorted(names)) + "|" + "+".join(sorted(c["id"] for c in constraints[1:]))
    return prompt, constraints, text, key
