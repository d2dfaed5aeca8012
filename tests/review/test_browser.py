"""The HTML bulletin in headless Chromium: it loads with no console errors, requests nothing
from the network and shows the right ranking.

Needs Debian's ``chromium`` (CI installs it, see ``.ci/run``); skipped when it is absent.
"""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vanguard import Program
from vanguard.reports import render_bulletin_html
from vanguard.review import Actuals, publish_bulletin

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]? ?(.*)")


def load(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The page's DOM after loading, and every console message Chromium logged."""
    if CHROMIUM is None:
        if os.environ.get("VANGUARD_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (VANGUARD_REQUIRE_CHROMIUM) but missing")
        pytest.skip("chromium is not installed (CI installs Debian's chromium)")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    messages = [m.group(1) for line in done.stderr.splitlines() if (m := CONSOLE.search(line))]
    return done.stdout, messages


class Rows(HTMLParser):
    """The ``data-*`` rows of each ranking table, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[str, int]]] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "post-ranking" in (found.get("class") or ""):
            self._current = found.get("data-group") or ""
            self.tables[self._current] = []
        elif tag == "table":
            self._current = None
        elif tag == "tr" and self._current is not None and found.get("data-post"):
            self.tables[self._current].append(
                (found["data-post"] or "", int(found.get("data-rank") or 0))
            )


def test_the_console_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><body><script>console.error('boom'); nothing();</script>"
        "</body></html>",
        encoding="utf-8",
    )
    _dom, messages = load(broken, tmp_path / "profile")
    assert any("boom" in m for m in messages)
    assert any("nothing is not defined" in m for m in messages)


def test_bulletin_page_loads_cleanly_and_shows_the_ranking(
    program: Program, actuals: Actuals, tmp_path: Path
) -> None:
    bulletin = publish_bulletin(program, actuals, "2006Q3")
    html = render_bulletin_html(program, bulletin)
    # Self-contained: nothing to fetch (no external URL anywhere in the page).
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(" not in html
    page = tmp_path / "bulletin.html"
    page.write_text(html, encoding="utf-8")

    dom, messages = load(page, tmp_path / "profile")
    assert messages == []
    rows = Rows()
    rows.feed(dom)
    expected: dict[str, list[tuple[str, int]]] = {}
    for standing in bulletin.posts:
        expected.setdefault(standing.group, []).append((standing.id, standing.rank))
    assert rows.tables == expected
    assert rows.tables["section-head"][0] == ("head-a", 1)
    assert 'id="laggards"' in dom
    assert 'data-post="head-c"' in dom
    assert "Q3" in dom
