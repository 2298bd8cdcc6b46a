"""Project-tree paths: "/"-separated segments, with "\\/" and "\\\\" escaping inside a segment."""

from __future__ import annotations

from functools import lru_cache


def split_path(path: str) -> list[str]:
    """The segments of a path; empty segments (leading, trailing or doubled slashes) are dropped."""
    # PostHog: posthog/models/file_system/file_system.py split_path
    segments: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(path):
        char = path[index]
        if char == "\\" and index + 1 < len(path) and path[index + 1] in "/\\":
            current.append(path[index + 1])
            index += 2
            continue
        if char == "/":
            if current:
                segments.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    if current:
        segments.append("".join(current))
    return segments


@lru_cache(maxsize=4096)
def parent_path(path: str) -> str:
    """The path of a row's folder: every segment but the last, escaped as they were."""
    if "\\" not in path and "//" not in path and not path.startswith("/") and not path.endswith("/"):
        return path.rpartition("/")[0]  # the common case, without walking the characters
    return join_path(split_path(path)[:-1])


def escape_path(name: str) -> str:
    return name.replace("\\", "\\\\").replace("/", "\\/")


def join_path(segments: list[str]) -> str:
    return "/".join(escape_path(segment) for segment in segments)


def depth(path: str) -> int:
    return len(split_path(path))


def basename(path: str) -> str:
    segments = split_path(path)
    return segments[-1] if segments else ""


def is_within(path: str, folder: str) -> bool:
    """Whether ``path`` lies below ``folder`` (PostHog compares with "<folder>/" as a prefix)."""
    return path.startswith(folder + "/")
