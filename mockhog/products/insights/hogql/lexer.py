"""HogQL's lexical differences from ClickHouse SQL, settled before the parser sees the text.

HogQL identifiers may hold ``$`` (``properties.$browser``, ``$session_id``), which ClickHouse's
tokenizer reads as the start of a heredoc; such identifiers are back-quoted here. ``{name}``
placeholders are replaced by the expressions given for them. Strings, quoted identifiers and comments
pass through untouched. The top-level select list's source text is kept: HogQL names a result column
after the expression as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mockhog.products.insights.hogql.errors import ExposedHogQLError

_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_IDENT_PART = _IDENT_START | frozenset("0123456789")


@dataclass
class Prepared:
    text: str
    # the source text of each top-level SELECT expression (before any alias), in order
    select_texts: list[str] = field(default_factory=list)


def _string_end(text: str, start: int, quote: str) -> int:
    """The index just past the literal or quoted identifier opened at ``start``."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == quote:
            if i + 1 < len(text) and text[i + 1] == quote:  # a doubled quote escapes itself
                i += 2
                continue
            return i + 1
        i += 1
    raise ExposedHogQLError(f"Syntax error: unterminated {'string' if quote == chr(39) else 'identifier'}")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: "str" (a literal or quoted name), "word", "open", "close", "ph", "space"..."""
    pieces: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "'\"`":
            end = _string_end(text, i, char)
            pieces.append(("str", text[i:end]))
        elif text.startswith("--", i):
            found = text.find("\n", i)
            end = len(text) if found < 0 else found
            pieces.append(("space", " "))
        elif text.startswith("/*", i):
            found = text.find("*/", i + 2)
            if found < 0:
                raise ExposedHogQLError("Syntax error: unterminated comment")
            end = found + 2
            pieces.append(("space", " "))
        elif char == "{":
            found = text.find("}", i)
            if found < 0:
                raise ExposedHogQLError("Syntax error: unterminated placeholder")
            end = found + 1
            pieces.append(("ph", text[i + 1 : found].strip()))
        elif char in _IDENT_START:
            end = i + 1
            while end < len(text) and text[end] in _IDENT_PART:
                end += 1
            pieces.append(("word", text[i:end]))
        else:
            end = i + 1
            kind = (
                "open"
                if char in "(["
                else "close"
                if char in ")]"
                else "space"
                if char.isspace()
                else "other"
            )
            pieces.append((kind, char))
        i = end
    return pieces


def prepare(text: str, placeholders: Mapping[str, str] | None = None) -> Prepared:
    """The text with ``$`` identifiers quoted and placeholders filled; the select list's texts."""
    pieces = _tokens(text)
    out: list[str] = []
    for kind, piece in pieces:
        if kind == "word" and "$" in piece:
            out.append(f"`{piece}`")
        elif kind == "ph":
            if placeholders is None or piece not in placeholders:
                raise ExposedHogQLError(f"Placeholder {{{piece}}} is not allowed in this context")
            out.append(f"({placeholders[piece]})")
        else:
            out.append(piece)
    return Prepared("".join(out), _select_texts(pieces))


_SELECT_ENDS = frozenset(
    {"from", "where", "group", "order", "limit", "having", "union", "settings", "window"}
)


def _select_texts(pieces: list[tuple[str, str]]) -> list[str]:
    """The first top-level select list's expressions as written, split on top-level commas."""
    depth = 0
    items: list[str] = []
    buf: list[str] = []
    inside = False
    for kind, piece in pieces:
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        if depth == 0 and kind == "word":
            lowered = piece.lower()
            if not inside and lowered == "select":
                inside = True
                continue
            if inside and lowered in _SELECT_ENDS:
                break
            if inside and lowered == "distinct" and not buf and not items:
                continue
        if not inside:
            continue
        if depth == 0 and piece in (",", ";"):
            items.append("".join(buf).strip())
            buf = []
            if piece == ";":
                break
            continue
        buf.append(piece if kind != "ph" else "{" + piece + "}")
    tail = "".join(buf).strip()
    if tail:
        items.append(tail)
    return items
