"""Make user text inert in each output format."""

from __future__ import annotations

import re
from typing import Any

from veilig_tui.flow.inputs import visible

# Characters that can start markup anywhere in a line: emphasis, code, links and images,
# raw HTML and entities, headings, tables, strike-through.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>#|&~])")
# What only counts at the start of a line: list items, numbered lists, setext underlines.
_MD_BULLET = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_MD_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def markdown(value: Any) -> str:
    """Text that Markdown shows as typed: no heading, list, link, emphasis or raw HTML."""
    text = _MD_ANYWHERE.sub(r"\\\1", visible(str(value)))
    text = _MD_BULLET.sub(r"\1\\\2", text)
    return _MD_NUMBER.sub(r"\1\\\2", text)


def plain(value: Any) -> str:
    """Text for a .txt file: control codes become visible symbols."""
    return visible(str(value))
