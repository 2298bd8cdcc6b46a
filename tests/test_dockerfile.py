"""The Dockerfile (no container engine runs on the build machines): what it starts must be a valid serve."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _json_instruction(name: str) -> list[str]:
    match = re.search(rf"^{name} (\[.*\])$", DOCKERFILE, re.MULTILINE)
    assert match, f"no exec-form {name} in the Dockerfile"
    value: list[str] = json.loads(match.group(1))
    return value


def test_the_command_is_serve_with_options_serve_knows() -> None:
    command = _json_instruction("CMD")
    help_text = subprocess.run(
        [sys.executable, "-m", "mockhog", "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout

    assert command[:2] == ["mockhog", "serve"]
    assert all(option in help_text for option in command[2:] if option.startswith("--"))


def test_the_health_check_asks_the_health_endpoint_on_the_exposed_port() -> None:
    exposed = re.search(r"^EXPOSE (\d+)$", DOCKERFILE, re.MULTILINE)

    assert exposed and "MOCKHOG_PORT=" + exposed.group(1) in DOCKERFILE
    assert f"http://127.0.0.1:{exposed.group(1)}/_mockhog/health" in DOCKERFILE


def test_the_image_copies_what_the_package_needs() -> None:
    for needed in ("pyproject.toml", "README.md", "mockhog", "fixtures"):
        assert re.search(rf"^COPY .*\b{re.escape(needed)}\b", DOCKERFILE, re.MULTILINE), needed
        assert (ROOT / needed).exists()
