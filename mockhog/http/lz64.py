"""lz-string's decompressFromBase64, the `compression=lz64` body format of older posthog-js builds."""

from __future__ import annotations

from collections.abc import Callable

# PostHog: rust/capture/src/payload/decompression.rs (the lz_str crate, a port of lz-string 1.4.4)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_VALUES = {char: index for index, char in enumerate(_ALPHABET)}


class Lz64Error(ValueError):
    """The text is not lz-string output (``utf16`` False) or decodes to broken UTF-16 (``utf16`` True)."""

    def __init__(self, utf16: bool) -> None:
        super().__init__("failed UTF16 to UTF8 conversion" if utf16 else "failed decompress to UTF16")
        self.utf16 = utf16


def decompress_from_base64(text: str) -> str:
    """The text lz-string's ``compressToBase64`` was given; Lz64Error when ``text`` is not such output."""
    if not text:
        return ""
    # lz-string reads a character outside its alphabet as 0 (JavaScript's undefined in a bit operation)
    values = [_VALUES.get(char, 0) for char in text]
    length = len(values)
    units = _decompress(length, lambda index: values[index] if index < length else 0)
    try:
        return "".join(units).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeError:
        raise Lz64Error(utf16=True) from None


class _Bits:
    """The bit reader of lz-string's _decompress: ``reset`` bits per input value, lowest first."""

    __slots__ = ("index", "next_value", "position", "reset", "value")

    def __init__(self, reset: int, next_value: Callable[[int], int]) -> None:
        self.reset = reset
        self.next_value = next_value
        self.value = next_value(0)
        self.position = reset
        self.index = 1

    def read(self, count: int) -> int:
        bits = 0
        for shift in range(count):
            set_bit = self.value & self.position
            self.position >>= 1
            if self.position == 0:
                self.position = self.reset
                self.value = self.next_value(self.index)
                self.index += 1
            if set_bit:
                bits |= 1 << shift
        return bits


def _decompress(length: int, next_value: Callable[[int], int]) -> list[str]:
    """UTF-16 code units as one-character strings (lone surrogates kept, checked by the caller)."""
    bits = _Bits(32, next_value)
    first = bits.read(2)
    if first == 2:
        return []
    char = chr(bits.read(8 if first == 0 else 16))
    dictionary: list[str] = ["", "", "", char]
    enlarge_in, num_bits = 4, 3
    word = char
    result = [char]
    while True:
        if bits.index > length:
            return []
        code = bits.read(num_bits)
        if code in (0, 1):
            dictionary.append(chr(bits.read(8 if code == 0 else 16)))
            code = len(dictionary) - 1
            enlarge_in -= 1
        elif code == 2:
            return result
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1
        if code < len(dictionary) and code > 2:
            entry = dictionary[code]
        elif code == len(dictionary):
            entry = word + word[0]
        else:
            raise Lz64Error(utf16=False)
        result.append(entry)
        dictionary.append(word + entry[0])
        enlarge_in -= 1
        word = entry
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1
