"""The fenced code blocks of README.md and docs/*.md, read from the Markdown, and what each one is.

A block's kind comes from its language, or from a comment on the line just before its opening fence,
``<!-- example: OPTION; OPTION -->``:

- ``python`` holding a ``def test_...`` is a pytest test file, run with the mockhog plugin;
  other ``python`` is a script; ``bash`` and ``sh`` are shell scripts; ``console`` holds ``$ command``
  lines, each followed by the output it prints;
- ``text`` (or a block marked ``output``) is what the block just before it prints, compared line by
  line; ``...`` alone on a line stands for any lines, inside a line for any text;
- ``banner``: a ``text`` block that is what ``mockhog serve`` prints when it starts;
- ``server``: a ``mockhog serve`` command; the page's later blocks talk to that server;
- ``file PATH``: the block is a file the page's examples read, written to PATH where they run;
- ``in-repo``: run in the repository's root rather than in an empty directory;
- ``exit N``: the command exits with N rather than 0;
- ``not-run (reason)``: the block is shown, never run; the reason is required.

Anything else (a ``json`` block with no comment, say) is an unmarked block and fails the inventory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<lang>[\w+-]*)\s*$")
_MARKER = re.compile(r"^<!--\s*example:\s*(?P<options>.*?)\s*-->\s*$")
_NOT_RUN = re.compile(r"^not-run \((?P<reason>.+)\)$")
_TEST = re.compile(r"^(async )?def test_", re.MULTILINE)
SHELLS = ("bash", "sh")
OUTPUTS = ("text", "")
RUNS = ("pytest", "script", "shell", "console", "server")


def pages() -> list[Path]:
    """README.md and every page of the site (the hooks folder holds code, not pages)."""
    return [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if "hooks" not in p.parts)]


@dataclass
class Block:
    page: Path
    line: int  # the opening fence's line, counted from 1
    lang: str
    text: str
    options: list[str]
    kind: str = ""
    reason: str = ""  # why a block is not run, or what is wrong with it
    path: str = ""  # a file block's path
    exit_code: int = 0
    in_repo: bool = False
    output: Block | None = None  # the output block that follows a block that runs
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.kind in RUNS


def read_blocks(page: Path) -> list[Block]:
    """The page's fenced blocks in order, each classified, output blocks tied to the block they follow."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, start = opening.group("fence"), index
        index += 1
        while index < len(lines) and lines[index].strip() != fence:
            index += 1
        marker = _MARKER.match(lines[start - 1]) if start else None
        options = _split_options(marker.group("options")) if marker else []
        text = "\n".join(lines[start + 1 : index]) + "\n"
        blocks.append(_classify(Block(page, start + 1, opening.group("lang"), text, options)))
        index += 1
    _tie_outputs(blocks)
    return blocks


def _split_options(text: str) -> list[str]:
    """The options of a comment, split at the semicolons outside parentheses (a reason may hold some)."""
    options, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            options.append(current.strip())
            current = ""
        else:
            current += char
    return [*options, current.strip()]


def all_blocks() -> list[Block]:
    return [block for page in pages() for block in read_blocks(page)]


def _classify(block: Block) -> Block:
    kind = ""
    for option in block.options:
        not_run = _NOT_RUN.match(option)
        if not_run:
            kind, block.reason = "not-run", not_run.group("reason")
        elif option.startswith("file "):
            kind, block.path = "file", option.removeprefix("file ").strip()
        elif option in ("output", "banner", "server"):
            kind = option
        elif option == "in-repo":
            block.in_repo = True
        elif re.fullmatch(r"exit \d+", option):
            block.exit_code = int(option.split()[1])
        else:
            block.problems.append(f"unknown example option {option!r}")
    if not kind:
        if block.lang == "python":
            kind = "pytest" if _TEST.search(block.text) else "script"
        elif block.lang in SHELLS:
            kind = "shell"
        elif block.lang == "console":
            kind = "console"
        elif block.lang in OUTPUTS:
            kind = "output"
        else:
            kind = "unmarked"
            block.problems.append(
                f"a ```{block.lang} block with no <!-- example: ... --> comment: say how it runs or why not"
            )
    block.kind = kind
    return block


def _tie_outputs(blocks: list[Block]) -> None:
    before: Block | None = None
    for block in blocks:
        if block.kind == "output":
            if before is None or before.kind not in ("script", "shell") or before.output is not None:
                block.problems.append("an output block must follow the script or shell block that prints it")
            else:
                before.output = block
        before = block


def server_for(block: Block) -> Block | None:
    """The page's latest server block before this one (None: the default ``mockhog serve``)."""
    found = None
    for other in read_blocks(block.page):
        if other.line >= block.line:
            break
        if other.kind == "server":
            found = other
    return found


def files_of(page: Path) -> dict[str, str]:
    """The page's file blocks: where each is written, and its text."""
    return {block.path: block.text for block in read_blocks(page) if block.kind == "file"}


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` is ``expected`` line for line, where ``...`` stands for any lines (alone on a
    line) or any text (inside a line); trailing spaces and trailing blank lines do not count."""
    pattern = []
    for line in expected.rstrip("\n").splitlines():
        if line.strip() == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append("[^\n]*?".join(re.escape(part) for part in line.rstrip().split("...")) + "\n")
    return re.fullmatch("".join(pattern), normalized(actual)) is not None


def normalized(text: str) -> str:
    lines = [line.rstrip() for line in text.rstrip().splitlines()]
    return "\n".join(lines) + "\n" if lines else ""


def console_steps(text: str) -> list[tuple[str, str]]:
    """A console block's ``$ command`` lines (a line ending in ``\\`` goes on) and the output of each."""
    steps: list[tuple[str, str]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            raise ValueError(f"a console block's output must follow a '$ ' command, not {line!r}")
        command = [line[2:]]
        while command[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            command.append(lines[index])
        index += 1
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        steps.append(("\n".join(command), "\n".join(output) + "\n" if output else ""))
    return steps
