"""Language of a response, for ``language:response_language`` and the English part of the case checks.

The detector is langdetect (a port of Google's language-detection), the library IFEval itself uses, so
verdicts agree with IFEval's on the same text. It is seeded here: unseeded, langdetect samples n-grams
at random and can name a different language for the same text on a second call. On short texts
py3langid was measured too (``benchmarks/format_langid.py``, numbers in docs/benchmarks.md).
langdetect reads at most the first 10,000 characters, which bounds its time on long input.

>>> detect_language("Le chat dort sur le canapé depuis ce matin.")
'fr'
>>> detect_language("12345 !!!") is None  # nothing to detect from
True
"""

from __future__ import annotations

import functools
import threading

__all__ = ["detect_language", "normalize_code"]

_lock = threading.Lock()  # langdetect's seeded factory is global state


def normalize_code(code: str) -> str:
    """ISO 639-1 code as IFEval's kwargs spell it: ``zh-cn`` and ``zh-tw`` become ``zh``."""
    code = code.strip().lower()
    return code.split("-")[0] if code.startswith("zh") else code


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text has no letters to go on."""
    # seeded, so the answer is a pure function of the text: cache the short ones (loose mode asks up
    # to 8 times per instruction, and langdetect takes milliseconds per call)
    return _detect_cached(text) if len(text) <= 20_000 else _detect(text)


@functools.lru_cache(maxsize=512)
def _detect_cached(text: str) -> str | None:
    return _detect(text)


def _detect(text: str) -> str | None:
    import langdetect
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        langdetect.DetectorFactory.seed = 0
        try:
            return normalize_code(langdetect.detect(text))
        except LangDetectException:
            return None
