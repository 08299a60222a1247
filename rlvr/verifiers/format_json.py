"""Find the JSON in a response and validate it against a JSON Schema (the ``json_schema`` constraint).

Where the JSON is looked for, in this order; the first rule that yields a value wins:

1. bare: the whole response, stripped, parses as JSON;
2. fenced: the first fenced code block (```` ``` ```` or ```` ```json ````, any case) whose body parses;
3. embedded: the first ``{`` or ``[`` from which a complete JSON value decodes (prose around it is
   ignored); at most ``MAX_START_TRIES`` opening brackets are tried, so hostile text stays linear-ish.

Only the first value counts: a response holding two JSON objects is judged on the first one found.
Validation uses the ``jsonschema`` library with the draft the schema declares (``$schema``), Draft
2020-12 otherwise; the violation reported is jsonschema's ``best_match``, the one ``validate`` raises.

>>> find_json('Here it is:\\n```json\\n{"a": 1}\\n```\\nDone.')
({'a': 1}, 'fenced')
>>> find_json('Sure! {"a": [1, 2]} hope that helps')
({'a': [1, 2]}, 'embedded')
>>> first_violation({"type": "object", "required": ["name"]}, {"nam": "x"})
"at $: 'name' is a required property"
"""

from __future__ import annotations

import json
import re
from typing import Any

from rlvr.errors import TaskError

__all__ = ["find_json", "first_violation", "check_schema", "MAX_JSON_CHARS", "MAX_START_TRIES"]

MAX_JSON_CHARS = 100_000  # longer responses are searched in their first 100k characters only
MAX_START_TRIES = 64  # embedded search: opening brackets tried before giving up
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n(.*?)```", re.DOTALL)
_NOTHING = object()


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested past Python's stack
        return _NOTHING


def find_json(text: str) -> tuple[Any, str] | None:
    """``(value, rule)`` for the first JSON value found by the rules above, or None."""
    text = text[:MAX_JSON_CHARS]
    value = _loads(text.strip())
    if value is not _NOTHING:
        return value, "bare"
    for m in _FENCE.finditer(text):
        if m.group(1).lower() in ("", "json", "jsonc", "json5"):
            value = _loads(m.group(2).strip())
            if value is not _NOTHING:
                return value, "fenced"
    decoder = json.JSONDecoder()
    tries = 0
    for m in re.finditer(r"[\[{]", text):
        tries += 1
        if tries > MAX_START_TRIES:
            break
        try:
            value, _ = decoder.raw_decode(text, m.start())
        except (ValueError, RecursionError):
            continue
        return value, "embedded"
    return None


def _validator(schema: Any):
    from jsonschema import Draft202012Validator, validators

    cls = validators.validator_for(schema, default=Draft202012Validator)
    return cls(schema)


def check_schema(schema: Any) -> None:
    """Raise TaskError unless ``schema`` is a valid JSON Schema (a task's fault, never the model's)."""
    from jsonschema.exceptions import SchemaError

    if not isinstance(schema, (dict, bool)):
        raise TaskError(f"json_schema needs kwargs.schema to be a JSON Schema object, got {type(schema).__name__}")
    try:
        type(_validator(schema)).check_schema(schema)
    except SchemaError as e:
        raise TaskError(f"json_schema kwargs.schema is not a valid JSON Schema: {e.message}") from None


def _path(error: Any) -> str:
    out = "$"
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def first_violation(schema: Any, value: Any) -> str | None:
    """The most relevant violation of ``schema`` by ``value`` as ``"at $.path: message"``, or None if valid."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(schema).iter_errors(value))
    if error is None:
        return None
    message = error.message if len(error.message) <= 200 else error.message[:200] + "..."
    return f"at {_path(error)}: {message}"
