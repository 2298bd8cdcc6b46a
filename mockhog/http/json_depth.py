"""serde_json's nesting limit, which capture's JSON parser applies before anything else reads a body.

PostHog's capture parses with serde_json, which refuses arrays and objects nested more than 127 deep
(its remaining depth starts at 128 and an opening bracket that brings it to 0 is an error). orjson
accepts up to 1024 and then cannot write such values back, so mockhog checks the limit itself.
"""

from __future__ import annotations

import re

# PostHog: serde_json de.rs (remaining_depth: 128, check_recursion!)
MAX_DEPTH = 127
_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")


def too_deep(text: str) -> str | None:
    """serde_json's error for ``text`` when it nests deeper than the limit, else None."""
    # every bracket, those inside strings too (so the depth found is at most what serde_json sees)
    brackets = text.encode().translate(None, _NOT_BRACKETS)
    # the quick look: a pass of two replaces takes away at most two levels ("{[]}" goes at once), so
    # brackets gone (or left without a pair) within MAX_DEPTH // 2 passes nest no deeper than the limit
    quick = brackets
    for _ in range(MAX_DEPTH // 2):
        reduced = quick.replace(b"[]", b"").replace(b"{}", b"")
        if reduced == quick:
            return None
        quick = reduced
    return _deep_pairs(brackets, text)


def _deep_pairs(brackets: bytes, text: str) -> str | None:
    # each pass takes away exactly the innermost level: a body no deeper than the limit is gone by then
    for _ in range(MAX_DEPTH):
        reduced = _PAIR.sub(b"", brackets)
        if reduced == brackets:
            return None
        brackets = reduced
    if not _PAIR.search(brackets):
        return None
    return _limit_error(text)


def _limit_error(text: str) -> str | None:
    """The message with serde_json's position (the bracket too many), strings skipped; None when only
    brackets inside strings made the text look that deep."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _at(text, index)
        elif char in "]}":
            depth -= 1
    return None


def _at(text: str, index: int) -> str:
    # PostHog: serde_json read.rs position_of_index (1-based line; column counts bytes from the line's start)
    start = text.rfind("\n", 0, index) + 1
    line = text.count("\n", 0, start) + 1
    column = len(text[start:index].encode()) + 1
    return f"recursion limit exceeded at line {line} column {column}"
