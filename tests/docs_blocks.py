"""The code blocks of a Markdown (MyST) page, as the docs tests run them.

A block is a fence ```` ```python ```` or a directive ```` ```{code-block} python ```` whose
options may give ``:caption: PATH``: the block is then the whole file at PATH (relative to
where the page's commands run); ``:caption: PATH (excerpt)`` is a part of that file and
``:caption: PATH (continued)`` is appended to it. A MyST comment line
``% not run: REASON`` just above a block marks one of the few that cannot run here.
"""

import re
from pathlib import Path

import attrs

_FENCE = re.compile(
    r"(?P<before>(?:^[^\n]*\n)?)^```(?:\{code-block\} )?(?P<lang>[\w-]+)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_NOT_RUN = re.compile(r"^% not run: (.+)$")


@attrs.frozen
class Block:
    """One code block of a page."""

    language: str
    source: str
    caption: str | None
    not_run: str | None
    """Why the block cannot run here, when the page says so."""
    line: int

    @property
    def path(self) -> str | None:
        """The file the block is (part of), from its caption."""
        if self.caption is None:
            return None
        return self.caption.removesuffix(" (excerpt)").removesuffix(" (continued)")

    @property
    def role(self) -> str:
        """``file``, ``excerpt``, ``continued`` or ``code`` (run where it stands)."""
        if self.caption is None:
            return "code"
        for role in ("excerpt", "continued"):
            if self.caption.endswith(f" ({role})"):
                return role
        return "file"


def blocks(page: Path) -> list[Block]:
    """Every code block of ``page``, in page order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        body = match["body"]
        caption = None
        options = re.match(r"((?::\w+:.*\n)+)\n?", body)
        if options:
            body = body[options.end() :]
            named = re.search(r"^:caption: (.+)$", options[1], re.M)
            caption = named[1].strip() if named else None
        marker = _NOT_RUN.match(match["before"].strip())
        found.append(
            Block(
                match["lang"],
                body,
                caption,
                marker[1] if marker else None,
                text.count("\n", 0, match.start("body")),
            )
        )
    return found


def python_blocks(page: Path) -> list[Block]:
    """The page's Python blocks."""
    return [block for block in blocks(page) if block.language == "python"]
