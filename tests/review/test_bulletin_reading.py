"""The Zhaoqing 2006Q3 bulletin as an official reads it, in headless Chromium: the main
tables fit the screen at 1400 and at 400 px (no horizontal scrolling), and printed on A4
it takes at most 8 pages, numbered, with no heading left alone at the foot of a page.

Needs Debian's ``chromium`` (CI installs it, see ``.ci/run``) and pypdf (the test extra);
skipped, saying why, when chromium is absent.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest

from vanguard import Vanguard
from vanguard.reports import render_bulletin_html

from .test_browser import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
MAIN_TABLES = ("task-summary", "post-ranking", "unit-ranking")

MEASURE = """<script>
addEventListener("load", () => {
  const tables = [...document.querySelectorAll("table")]
    .filter((t) => t.offsetParent !== null)
    .map((t) => ({name: t.id || t.className, width: t.scrollWidth, box: t.clientWidth,
                  right: t.getBoundingClientRect().right}));
  parent.postMessage(JSON.stringify({
    page: document.documentElement.scrollWidth, viewport: innerWidth, tables}), "*");
});
</script>"""
"""Measures the page inside its frame and tells the host page (frames of file pages do not
share an origin, so the host cannot read the frame itself)."""

HOST = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{page}" width="{width}" height="1000" style="border:0"></iframe>
<script>
addEventListener("message", (event) => document.body.setAttribute("data-measure", event.data));
</script></body></html>"""
"""The page in a frame exactly ``width`` px wide: headless Chromium's windows are at least
500 px wide, so a 400 px screen is a 400 px frame."""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        import os

        if os.environ.get("VANGUARD_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (VANGUARD_REQUIRE_CHROMIUM) but missing")
        pytest.skip("chromium is not installed (CI installs Debian's chromium)")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module", params=["en", "zh"])
def page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = Vanguard()
    program = app.load_program(ROOT / "examples" / "zhaoqing-2006.toml")
    review = app.review(program, reports=ROOT / "examples" / "zhaoqing-2006-reports.csv")
    bulletin = review.bulletin("2006Q3")
    html = render_bulletin_html(program, bulletin, request.param, indicators=review.indicators)
    path = tmp_path_factory.mktemp(f"bulletin-{request.param}") / "bulletin.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1400, 400])
def test_the_main_tables_fit_the_screen(page: Path, width: int) -> None:
    measured = page.with_name(f"measured-{width}.html")
    html = page.read_text(encoding="utf-8")
    # the page forbids scripts (its CSP); the measuring copy drops that rule only
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    measured.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    host = page.with_name(f"host-{width}.html")
    host.write_text(HOST.format(page=measured.name, width=width), encoding="utf-8")
    shot = page.with_name(f"{width}.png")
    window = f"--window-size={max(width, 500)},1000"
    chromium(window, f"--screenshot={shot}", host.as_uri())
    assert shot.stat().st_size > 0
    dom = chromium(window, "--virtual-time-budget=5000", "--dump-dom", host.as_uri()).stdout
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, "the measuring script did not run"
    data = json.loads(found.group(1).replace("&quot;", '"'))
    assert data["viewport"] == width
    assert data["page"] <= data["viewport"], data
    main = [t for t in data["tables"] if any(name in t["name"] for name in MAIN_TABLES)]
    assert len(main) >= 3
    for table in main:
        # the table ends inside the screen and its content inside the table
        assert table["right"] <= width, table
        assert table["width"] <= table["box"], table


def test_printed_it_takes_at_most_8_numbered_pages_without_stranded_headings(page: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pdf = page.with_suffix(".pdf")
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = pypdf.PdfReader(pdf).pages
    assert 1 <= len(pages) <= 8
    html = page.read_text(encoding="utf-8")
    headings = {
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, flags=re.S)
    }
    for number, sheet in enumerate(pages, start=1):
        lines = [line.strip() for line in (sheet.extract_text() or "").splitlines()]
        assert f"{number} / {len(pages)}" in lines, f"page {number} is not numbered"
        body = [line for line in lines if line and not re.fullmatch(r"\d+ / \d+", line)]
        if number < len(pages):
            assert body[-1] not in headings, f"heading {body[-1]!r} stranded on page {number}"
