"""lz-string's compressToBase64 (the JavaScript library's algorithm), to build lz64 bodies in tests."""

from __future__ import annotations

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.value = 0
        self.position = 0

    def bits(self, value: int, count: int) -> None:
        for _ in range(count):
            self.value = (self.value << 1) | (value & 1)
            if self.position == 5:
                self.position = 0
                self.out.append(_ALPHABET[self.value])
                self.value = 0
            else:
                self.position += 1
            value >>= 1


def compress_to_base64(text: str) -> str:
    units = [chr(u) for u in memoryview(text.encode("utf-16-le")).cast("H")]
    dictionary: dict[str, int] = {}
    to_create: set[str] = set()
    w, enlarge_in, dict_size, num_bits = "", 2, 3, 2
    out = _Writer()

    def emit(word: str) -> None:
        nonlocal enlarge_in, num_bits
        if word in to_create:
            code = ord(word[0])
            wide = code >= 256
            out.bits(1 if wide else 0, num_bits)
            out.bits(code, 16 if wide else 8)
            enlarge_in -= 1
            if enlarge_in == 0:
                enlarge_in, num_bits = 1 << num_bits, num_bits + 1
            to_create.discard(word)
        else:
            out.bits(dictionary[word], num_bits)
        enlarge_in -= 1
        if enlarge_in == 0:
            enlarge_in, num_bits = 1 << num_bits, num_bits + 1

    for c in units:
        if c not in dictionary:
            dictionary[c] = dict_size
            dict_size += 1
            to_create.add(c)
        wc = w + c
        if wc in dictionary:
            w = wc
        else:
            emit(w)
            dictionary[wc] = dict_size
            dict_size += 1
            w = c
    if w:
        emit(w)
    out.bits(2, num_bits)
    while True:
        out.value <<= 1
        if out.position == 5:
            out.out.append(_ALPHABET[out.value])
            break
        out.position += 1
    result = "".join(out.out)
    return result + "=" * (-len(result) % 4)
