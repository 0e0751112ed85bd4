"""JSON from files that may be hostile: bounded length, depth and numbers, strict types.

``json.loads`` alone recurses once per nesting level (a config nested 50,000 deep raises
RecursionError), turns an integer of 5,000 digits into a ValueError, and accepts NaN,
Infinity and repeated keys.  ``parse_json`` refuses all of these with one sentence.
"""
from __future__ import annotations

import json
from typing import Any

from .errors import FileFormatError
from .limits import MAX_JSON_CHARS, MAX_JSON_DEPTH, MAX_JSON_INT_DIGITS


class _Refused(ValueError):
    """Raised from inside the decoder's hooks; becomes the FileFormatError message."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise _Refused(f"it has an integer of {len(text):,} digits "
                       f"(at most {MAX_JSON_INT_DIGITS})")
    return int(text)


def _real(text: str) -> float:
    if len(text) > 64:
        raise _Refused(f"it has a number written with {len(text):,} characters")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"it has the number {text[:20]}, too large to be a real number")
    return value


def _constant(text: str) -> float:
    raise _Refused(f"it has {text}, which is not a number JSON allows")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused("an object in it gives the same key twice")
    return result


def _depth(value: Any) -> int:
    """The nesting depth, walked with a stack (no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict)
                                                      else item))
    return deepest


def parse_json(text: str, what: str) -> Any:
    """The value ``text`` holds; FileFormatError "``what`` is not valid JSON: ..." otherwise."""
    if not isinstance(text, str):
        raise FileFormatError("{what} is not text", what=what)
    if len(text) > MAX_JSON_CHARS:
        raise FileFormatError("{what} is {n:,} characters long (at most {most:,})", what=what,
                              n=len(text), most=MAX_JSON_CHARS)
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_real,
                           parse_constant=_constant, object_pairs_hook=_object)
    except _Refused as exc:
        raise FileFormatError("{what} is not valid: {problem}", what=what, problem=exc) from None
    except RecursionError:
        raise FileFormatError("{what} is nested too deeply (at most {most} levels)", what=what,
                              most=MAX_JSON_DEPTH) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError("{what} is not valid JSON ({reason} at character {pos})",
                              what=what, reason=exc.msg, pos=exc.pos) from None
    except ValueError as exc:                 # any other number the decoder refuses
        raise FileFormatError("{what} is not valid JSON ({reason})", what=what,
                              reason=str(exc).splitlines()[0][:80]) from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise FileFormatError("{what} is nested too deeply (at most {most} levels)", what=what,
                              most=MAX_JSON_DEPTH)
    return value
