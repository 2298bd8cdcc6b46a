"""JSON values as the Rust flags service sees them: serde_json's text form, f64 parsing, truthiness."""

from __future__ import annotations

import json
import math
import re
import string
from typing import Any

_I64_MIN = -(2**63)
_U64_MAX = 2**64 - 1
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# PostHog: rust/feature-flags/src/properties/property_matching.rs (str::parse::<f64>): Rust's float grammar,
# which has no surrounding whitespace and no `_` separators, unlike Python's float()
_F64_TEXT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))")


def ascii_lower(text: str) -> str:
    """Lower-cases A-Z only, as Rust's `to_ascii_lowercase` does."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def format_f64(number: float) -> str:
    """A finite f64 as serde_json writes it (ryu's shortest digits, `1e16`, `0.0001`, `1.0`)."""
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    text = repr(number)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    length, k = len(digits), point - len(digits)
    if k >= 0 and point <= 16:
        out = digits + "0" * k + ".0"
    elif 0 < point <= 16:
        out = digits[:point] + "." + digits[point:]
    elif -5 < point <= 0:
        out = "0." + "0" * -point + digits
    elif length == 1:
        out = f"{digits}e{point - 1}"
    else:
        out = f"{digits[0]}.{digits[1:]}e{point - 1}"
    return sign + out


def number_text(number: int | float) -> str:
    """A JSON number as serde_json writes it."""
    if isinstance(number, int):
        if _I64_MIN <= number <= _U64_MAX:
            return str(number)
        # Divergence: serde_json (no arbitrary_precision) would hold such an integer as an f64
        try:
            number = float(number)
        except OverflowError:
            return "null"
    return format_f64(number) if math.isfinite(number) else "null"


def _dump(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_dump(item) for item in value) + "]"
    if isinstance(value, dict):
        # serde_json's Map is a BTreeMap (no preserve_order): keys in byte order, which is code-point order
        items = sorted(((str(key), item) for key, item in value.items()), key=lambda pair: pair[0])
        return "{" + ",".join(_dump(key) + ":" + _dump(item) for key, item in items) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def json_text(value: Any) -> str:
    """`to_string_representation`: a string's content, anything else as compact JSON."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs
    if isinstance(value, str):
        return value
    return _dump(value)


def parse_f64(text: str) -> float | None:
    """Rust's `str::parse::<f64>()`: None where Rust gives an error."""
    if _F64_TEXT.fullmatch(text) is None:
        return None
    return float(text)


def to_f64(value: Any) -> float | None:
    """`to_f64_representation`: a JSON number as f64, else its text parsed as f64."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    return parse_f64(json_text(value))


def is_json_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_truthy_or_falsy(value: Any) -> bool:
    """A bool, "true"/"false" in any case, or a list made only of those (an empty list counts)."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs is_truthy_or_falsy_property_value
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.lower() in ("true", "false")
    if isinstance(value, list):
        return all(is_truthy_or_falsy(item) for item in value)
    return False


def is_truthy(value: Any) -> bool:
    """True, "true" in any case, or a list whose items are all truthy; everything else is falsy."""
    # PostHog: rust/feature-flags/src/properties/property_matching.rs is_truthy_property_value
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() == "true"
    if isinstance(value, list):
        return all(is_truthy(item) for item in value)
    return False
