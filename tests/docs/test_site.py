"""The documentation site builds strictly, and README.md's links lead to files and headings that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from tests.docs.markdown_examples import ROOT

_LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


def test_site_builds_strictly(tmp_path: Path) -> None:
    """mkdocs.yml's validation turns a broken link or anchor, or a page left out of nav, into a warning,
    and --strict turns every warning into a failure."""
    config, site = str(ROOT / "mkdocs.yml"), str(tmp_path / "site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config, "--site-dir", site],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stdout}\n{built.stderr}"
    endpoints = (tmp_path / "site" / "endpoints" / "index.html").read_text(encoding="utf-8")
    assert "/api/projects/{project_id}/dashboards/" in endpoints  # the generated reference is there


def anchors(page: Path) -> set[str]:
    """The ids the headings of a Markdown page get (as mkdocs' toc gives them; GitHub's agree for the
    headings these pages use), fenced blocks left out."""
    found: set[str] = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            slug = slugify(re.sub(r"[`*]", "", heading.group("text")), "-")
            unique, count = slug, 1
            while unique in found:
                unique, count = f"{slug}_{count}", count + 1
            found.add(unique)
    return found


def _links(page: Path) -> list[tuple[int, str]]:
    links, fenced = [], False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            links += [(number, m.group("target")) for m in _LINK.finditer(line)]
    return links


# http:, https:, mailto: lead elsewhere; the rest are paths in this repository
RELATIVE = [(n, t) for n, t in _links(ROOT / "README.md") if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("target", [pytest.param(t, id=f"README.md:{n}:{t}") for n, t in RELATIVE])
def test_readme_link_resolves(target: str) -> None:
    path, _, anchor = target.partition("#")
    file = (ROOT / path).resolve() if path else ROOT / "README.md"
    assert file.is_relative_to(ROOT) and file.exists(), f"README.md links to {path}, which does not exist"
    if anchor:
        assert file.suffix == ".md", f"an anchor into {path}, which is no Markdown page"
        assert anchor in anchors(file), f"{path or 'README.md'} has no heading #{anchor}"


def test_readme_links_to_the_docs() -> None:
    assert any(target.startswith("docs/") for _, target in RELATIVE)
